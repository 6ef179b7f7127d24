export { deliverEmail } from './email/deliver-email';
export { signup } from './signup/signup';
