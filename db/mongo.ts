import mongoose, { type Connection, type Model } from 'mongoose';

/**
 * One connection per process. Written for single-document atomicity (FerretDB has no
 * multi-document transactions): unique indexes and conditional updates carry every invariant.
 */
export async function connectMongo(uri: string): Promise<Connection> {
  const connection = mongoose.createConnection(uri, {
    serverSelectionTimeoutMS: 10_000,
    autoIndex: true,
  });
  await connection.asPromise();
  return connection;
}

/** True when the server answers a ping. */
export async function pingMongo(connection: Connection): Promise<boolean> {
  try {
    const db = connection.db;
    if (!db) return false;
    await db.admin().ping();
    return true;
  } catch {
    return false;
  }
}

/** E11000: a unique index refused the write. */
export function isDuplicateKeyError(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === 11000;
}

/**
 * Inserts a document whose `_id` (or another unique key) makes it the one of its kind: true when this
 * call created it, false when it already existed (an earlier try, or a concurrent one, did).
 * The schema casts, fills defaults and timestamps, and validates, as `create` would, on the plain
 * object: no hydrated document is built (that halves the client's CPU per insert on the hot path).
 */
export async function insertOnce<T>(model: Model<T>, document: Partial<T>): Promise<boolean> {
  try {
    const row = model.castObject(document) as Record<string, unknown>;
    model.applyDefaults(row);
    model.applyTimestamps(row);
    await model.validate(row);
    await model.collection.insertOne(row);
    return true;
  } catch (error) {
    if (isDuplicateKeyError(error)) return false;
    throw error;
  }
}
