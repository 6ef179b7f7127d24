/** The first-purchase contract: the order pipeline's event and the registration it drives. */

export interface OrderItem {
  sku: string;
  name: string;
  durationMonths: number;
}

/** "Order completed" for a buyer without an account. */
export interface OrderCompleted {
  orderId: string;
  items: OrderItem[];
  /** Where the reminder goes, when the pipeline knows it. */
  buyerEmail?: string;
}

export interface FirstPurchaseOptions {
  /** Without a registration by then, the buyer is reminded (when `buyerEmail` is known). */
  reminderAfterMs: number;
  /** Without a registration by then, the order is marked `registration_expired`. */
  expiresAfterMs: number;
  usernameDomain: string;
  /** The REGISTRATI link of the reminder. */
  registrationUrl: string;
}

export type OrderRegistrationStep = 'form' | 'creating' | 'password' | 'activating' | 'completed' | 'expired' | 'failed';

export interface OrderRegistrationState {
  step: OrderRegistrationStep;
  username?: string;
  /** How the order found its login, once it has. */
  via?: 'registration' | 'association';
  next: 'register_or_associate' | 'set_password' | 'none';
}

export interface OrderRegistrationOutcome {
  status: 'registered' | 'associated' | 'expired';
  username?: string;
}

/** `order-<orderId>`: order ids are the pipeline's opaque ids, never personal data. */
export const orderWorkflowId = (orderId: string): string => `order-${orderId}`;
export const ORDER_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;
