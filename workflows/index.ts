export { profileCorrection } from './corrections/profile-correction';
export { deliverEmail } from './email/deliver-email';
export { additionalLogin } from './logins/additional-login';
export { firstPurchaseRegistration } from './orders/first-purchase-registration';
export { signup } from './signup/signup';
export { retention } from './maintenance/retention';
