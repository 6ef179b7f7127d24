import { randomUUID } from 'node:crypto';
import { dropRetiredOutboxIndexes, outboxEmailModel } from '../../email/outbox-model';
import { EmailHarness } from '../support/email-harness';

/** The outbox's `key_1` index is retired; the e-mail worker drops it from a store that still has it, on real FerretDB. */
describe('retired outbox indexes', () => {
  const harness = new EmailHarness();
  beforeAll(() => harness.start({ worker: false }));
  afterAll(() => harness.stop());

  const indexNames = async () => (await harness.mongo.db!.collection('email_outbox').indexes()).map((index) => index.name).sort();

  it('the schema no longer creates an index on key', async () => {
    await outboxEmailModel(harness.mongo).init();
    expect(await indexNames()).toEqual(['_id_', 'status_1_updatedAt_1']);
  });

  it('drops key_1 from a store created by an earlier version, once, and keeps the others', async () => {
    await harness.mongo.db!.collection('email_outbox').createIndex({ key: 1 }, { unique: true, name: 'key_1' });
    expect(await indexNames()).toContain('key_1');

    expect(await dropRetiredOutboxIndexes(outboxEmailModel(harness.mongo))).toEqual(['key_1']);
    expect(await indexNames()).toEqual(['_id_', 'status_1_updatedAt_1']);
    expect(await dropRetiredOutboxIndexes(outboxEmailModel(harness.mongo))).toEqual([]);
  });

  it('does nothing on a store that has no outbox yet', async () => {
    const empty = harness.mongo.useDb(`retired_indexes_${randomUUID().slice(0, 8)}`);
    try {
      expect(await dropRetiredOutboxIndexes(outboxEmailModel(empty))).toEqual([]);
    } finally {
      await empty.dropDatabase();
    }
  });
});
