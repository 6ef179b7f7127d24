import { randomBytes } from 'node:crypto';
import { Client } from '@temporalio/client';
import { defaultPayloadConverter, type Payload } from '@temporalio/common';
import { EncryptionCodec } from '../../temporal/encryption-codec';
import { startedOrder } from '../support/orders';
import { uniqueName } from '../support/stack';
import { SystemHarness } from '../support/system-harness';

const toWire = (p: Payload) => ({
  metadata: Object.fromEntries(Object.entries(p.metadata ?? {}).map(([k, v]) => [k, Buffer.from(v).toString('base64')])),
  data: Buffer.from(p.data ?? new Uint8Array()).toString('base64'),
});

describe('the codec endpoint on the real stack', () => {
  const system = new SystemHarness();
  beforeAll(() => system.startSystem(), 60_000);
  afterAll(() => system.stop());

  const codec = (action: 'decode' | 'encode', payloads: unknown[], language = 'it') =>
    system.request('POST', `/codec/${action}`, { payloads }, { authorization: `Bearer ${system.config.OPERATOR_TOKEN}`, 'accept-language': language });

  /** The input of a real workflow run, as the Temporal server stores it (read without the codec). */
  async function storedInput(): Promise<Payload> {
    const orderId = uniqueName('ORD');
    await startedOrder(system, orderId, { items: [{ sku: 'HOST-BASIC', name: 'Hosting Linux Basic', durationMonths: 12 }] });
    const raw = new Client({ connection: system.temporal.connection, namespace: system.config.TEMPORAL_NAMESPACE });
    const history = await raw.workflow.getHandle(`order-${orderId}`).fetchHistory();
    return history.events!.find((e) => e.workflowExecutionStartedEventAttributes)!.workflowExecutionStartedEventAttributes!.input!.payloads![0]! as Payload;
  }

  it('decodes what the workers stored, and encodes as before (a round trip)', async () => {
    const stored = await storedInput();
    const decoded = await codec('decode', [toWire(stored)]);
    expect(decoded.status).toBe(200);
    expect(JSON.parse(Buffer.from(decoded.body.payloads[0].data, 'base64').toString())).toMatchObject({ items: [expect.objectContaining({ sku: 'HOST-BASIC' })] });

    const plain = toWire(defaultPayloadConverter.toPayload({ firstName: 'Mario' }));
    const encoded = await codec('encode', [plain]);
    expect(encoded.status).toBe(200);
    expect(Buffer.from(encoded.body.payloads[0].metadata.encoding, 'base64').toString()).toBe('binary/encrypted');
    expect((await codec('decode', encoded.body.payloads)).body).toEqual({ payloads: [plain] });
  });

  it('refuses to decode what we did not encrypt, or damaged ciphertext: 400 undecodable_payload, never 500', async () => {
    const [sealed] = await new EncryptionCodec(Buffer.from(system.config.PAYLOAD_ENCRYPTION_KEY, 'base64')).encode([defaultPayloadConverter.toPayload({ firstName: 'Mario' })]);
    const wire = toWire(sealed!);
    const flipped = Buffer.from(wire.data, 'base64');
    flipped[15] = flipped[15]! ^ 1;
    const [foreign] = await new EncryptionCodec(randomBytes(32)).encode([defaultPayloadConverter.toPayload({ firstName: 'Mario' })]);
    const cases: Array<[string, unknown[]]> = [
      ['a plain JSON payload', [toWire(defaultPayloadConverter.toPayload({ firstName: 'Mario' }))]],
      ['no metadata at all', [{ data: wire.data }]],
      ['a flipped bit', [{ ...wire, data: flipped.toString('base64') }]],
      ['truncated ciphertext', [{ ...wire, data: 'AAAA' }]],
      ['empty ciphertext', [{ metadata: wire.metadata }]],
      ['a key we do not hold', [toWire(foreign!)]],
      ['one bad payload among good ones', [wire, toWire(defaultPayloadConverter.toPayload('plain')), wire]],
    ];
    for (const [what, payloads] of cases) {
      const res = await codec('decode', payloads, 'en');
      expect([what, res]).toEqual([what, { status: 400, body: { error: { code: 'undecodable_payload', message: expect.stringMatching(/^Payload cannot be decoded/) } } }]);
    }
    expect((await codec('decode', [wire])).status).toBe(200);
  });
});
