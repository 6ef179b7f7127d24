export { deliverEmail } from './email/deliver-email';
