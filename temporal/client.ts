import { Client, Connection } from '@temporalio/client';
import type { Config } from '../config';
import { createDataConverter } from './data-converter';

export type TemporalClientConfig = Pick<Config, 'TEMPORAL_ADDRESS' | 'TEMPORAL_NAMESPACE' | 'PAYLOAD_ENCRYPTION_KEY'>;

/**
 * A Temporal client with the shared (encrypting) data converter. The connection is lazy, so the
 * API starts (and `/readyz` reports Temporal down) while the server is unreachable.
 */
export function createTemporalClient(config: TemporalClientConfig): { client: Client; connection: Connection } {
  const connection = Connection.lazy({ address: config.TEMPORAL_ADDRESS });
  const client = new Client({ connection, namespace: config.TEMPORAL_NAMESPACE, dataConverter: createDataConverter(config.PAYLOAD_ENCRYPTION_KEY) });
  return { client, connection };
}

/** True when the Temporal frontend reports itself serving. */
export async function pingTemporal(connection: Connection): Promise<boolean> {
  try {
    const response = await connection.healthService.check({});
    return response.status === 1; // SERVING
  } catch {
    return false;
  }
}
