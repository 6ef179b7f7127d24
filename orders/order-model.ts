import { Schema, type Connection, type Model } from 'mongoose';
import type { OrderItem } from '../contracts';

/** An order reported completed by the pipeline, as far as registration is concerned. */
export interface Order {
  /** The pipeline's order id. */
  _id: string;
  items: OrderItem[];
  buyerEmail?: string;
  /** What the order pipeline reads: `registration_expired` means the buyer never registered. */
  status: 'awaiting_registration' | 'registered' | 'registration_expired';
  username?: string;
  via?: 'registration' | 'association';
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
  },
  { collection: 'orders', timestamps: true },
);

export type OrderModel = Model<Order>;
export const orderModel = (connection: Connection): OrderModel =>
  (connection.models.Order as OrderModel | undefined) ?? connection.model<Order>('Order', schema);
