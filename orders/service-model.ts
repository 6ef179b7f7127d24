import { Schema, type Connection, type Model } from 'mongoose';

/** A purchased service, owned by a login (and so by its profile). */
export interface Service {
  /** `<orderId>:<item index>`: attaching an order twice creates nothing twice. */
  _id: string;
  orderId: string;
  sku: string;
  name: string;
  username: string;
  profileId: string;
  status: 'active' | 'expired' | 'cancelled';
  startsAt: Date;
  expiresAt: Date;
}

const schema = new Schema<Service>(
  {
    _id: { type: String, required: true },
    orderId: { type: String, required: true },
    sku: { type: String, required: true },
    name: { type: String, required: true },
    username: { type: String, required: true },
    profileId: { type: String, required: true },
    status: { type: String, required: true },
    startsAt: { type: Date, required: true },
    expiresAt: { type: Date, required: true },
  },
  { collection: 'services', timestamps: true },
);
schema.index({ username: 1 });

export type ServiceModel = Model<Service>;
export const serviceModel = (connection: Connection): ServiceModel =>
  (connection.models.Service as ServiceModel | undefined) ?? connection.model<Service>('Service', schema);

/** `months` calendar months after `start`, clamped to the month's last day (31 Jan + 1 → 28/29 Feb). */
export function addMonths(start: Date, months: number): Date {
  const target = new Date(Date.UTC(start.getUTCFullYear(), start.getUTCMonth() + months, 1, start.getUTCHours(), start.getUTCMinutes(), start.getUTCSeconds()));
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(start.getUTCDate(), lastDay));
  return target;
}
