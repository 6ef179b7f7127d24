import { randomBytes } from 'node:crypto';
import { defaultPayloadConverter } from '@temporalio/common';
import { EncryptionCodec, keyIdOf, PayloadDecodeError } from '../../temporal/encryption-codec';

describe('payload encryption codec (AES-256-GCM)', () => {
  const key = randomBytes(32);
  const codec = new EncryptionCodec(key);
  const payload = defaultPayloadConverter.toPayload({ email: 'mario.rossi@example.it', taxCode: 'RSSMRA80A01H501U' });

  it('encrypts the whole payload, names the key, and decodes it back', async () => {
    const [encoded] = await codec.encode([payload]);
    expect(Buffer.from(encoded!.metadata!.encoding!).toString()).toBe('binary/encrypted');
    expect(Buffer.from(encoded!.metadata!['encryption-key-id']!).toString()).toBe(keyIdOf(key));
    expect(Buffer.from(encoded!.data!).toString('latin1')).not.toContain('mario');
    const [decoded] = await codec.decode([encoded!]);
    expect(defaultPayloadConverter.fromPayload(decoded!)).toEqual({ email: 'mario.rossi@example.it', taxCode: 'RSSMRA80A01H501U' });
  });

  it('uses a fresh IV each time: the same value never encrypts the same way twice', async () => {
    const [a] = await codec.encode([payload]);
    const [b] = await codec.encode([payload]);
    expect(Buffer.from(a!.data!).equals(Buffer.from(b!.data!))).toBe(false);
  });

  it('refuses a tampered or truncated payload with a PayloadDecodeError', async () => {
    const [encoded] = await codec.encode([payload]);
    const data = Buffer.from(encoded!.data!);
    data[20] = data[20]! ^ 0xff;
    await expect(codec.decode([{ ...encoded!, data }])).rejects.toThrow(PayloadDecodeError);
    await expect(codec.decode([{ ...encoded!, data: data.subarray(0, 27) }])).rejects.toThrow(/truncated/);
    await expect(codec.decode([{ ...encoded!, data: new Uint8Array() }])).rejects.toThrow(PayloadDecodeError);
  });

  it('refuses a payload sealed with a key it does not hold, naming the key id', async () => {
    const [foreign] = await new EncryptionCodec(randomBytes(32)).encode([payload]);
    await expect(codec.decode([foreign!])).rejects.toThrow(/no payload decryption key with id sha256:/);
    // The same ciphertext relabelled with our key id does not authenticate either.
    await expect(codec.decode([{ ...foreign!, metadata: { ...foreign!.metadata, 'encryption-key-id': Buffer.from(keyIdOf(key)) } }])).rejects.toThrow(PayloadDecodeError);
  });

  it('still reads payloads sealed with a previous key after a rotation', async () => {
    const [old] = await codec.encode([payload]);
    const rotated = new EncryptionCodec(randomBytes(32), [key]);
    const [decoded] = await rotated.decode([old!]);
    expect(defaultPayloadConverter.fromPayload(decoded!)).toMatchObject({ email: 'mario.rossi@example.it' });
  });

  it('refuses payloads that were never encrypted: nothing reaches a workflow without the key', async () => {
    await expect(codec.decode([payload])).rejects.toThrow(new PayloadDecodeError('payload is not encrypted'));
    await expect(codec.decode([{ metadata: {}, data: payload.data }])).rejects.toThrow(PayloadDecodeError);
  });

  it('refuses a key of the wrong size', () => {
    expect(() => new EncryptionCodec(randomBytes(16))).toThrow(/32 bytes/);
  });
});
