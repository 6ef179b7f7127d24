export { deliverEmail } from './email/deliver-email';
export { firstPurchaseRegistration } from './orders/first-purchase-registration';
export { signup } from './signup/signup';
