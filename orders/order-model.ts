import { Schema, type Connection, type Model } from 'mongoose';
import type { OrderItem } from '../contracts';

/** An order reported completed by the pipeline, as far as registration is concerned. */
export interface Order {
  /** The pipeline's order id. */
  _id: string;
  items: OrderItem[];
  buyerEmail?: string;
  /** What the order pipeline reads: `registration_expired` means the buyer never registered; `pending_payment`: a renewal waiting to be paid. */
  status: 'awaiting_registration' | 'registered' | 'registration_expired' | 'pending_payment';
  username?: string;
  via?: 'registration' | 'association';
  /** Absent on the pipeline's purchases; `renewal` for a customer's renewal request (`_id` `renewal-<uuid>`). */
  kind?: 'purchase' | 'renewal';
  /** A renewal: the service it extends once paid, by how many months, and the login's profile. */
  serviceId?: string;
  months?: number;
  profileId?: string;
  createdAt: Date;
  updatedAt: Date;
}

const schema = new Schema<Order>(
  {
    _id: { type: String, required: true },
    items: [{ _id: false, sku: String, name: String, durationMonths: Number }],
    buyerEmail: String,
    status: { type: String, required: true },
    username: String,
    via: String,
    kind: String,
    serviceId: String,
    months: Number,
    profileId: String,
  },
  { collection: 'orders', timestamps: true },
);
// The customer area lists a login's orders (MongoDB and the patched FerretDB both use it).
schema.index({ username: 1 });
// Retention finds unregistered orders by status and age (activities/maintenance).
schema.index({ status: 1, updatedAt: 1 });

export type OrderModel = Model<Order>;
export const orderModel = (connection: Connection): OrderModel =>
  (connection.models.Order as OrderModel | undefined) ?? connection.model<Order>('Order', schema);
