import type { Request } from 'express';
import { ORDER_SIGNATURE_TOLERANCE_SECONDS, orderSignatureHeader, verifyOrderSignature } from '../../api/order-signature';
import { UnauthorizedError } from '../../domain/errors';

const SECRET = 'order-secret-0123456789abcdef';
const NOW_SECONDS = 1_790_000_000;
const ORDER = 'ORD-1';

/** What the middleware decides for an event signed at `t`, on a clock frozen at `nowMs`. */
function verdict(t: number, nowMs = NOW_SECONDS * 1000): 'accepted' | 'refused' {
  const raw = JSON.stringify({ orderId: ORDER, items: [] });
  const req = {
    get: (name: string) => (name === 'x-signature' ? orderSignatureHeader(SECRET, raw, t) : undefined),
    rawBody: Buffer.from(raw),
    body: JSON.parse(raw),
    params: { orderId: ORDER },
  } as unknown as Request;
  let outcome: unknown = 'not called';
  verifyOrderSignature(SECRET, () => nowMs)(req, {} as never, (error?: unknown) => { outcome = error; });
  if (outcome === undefined) return 'accepted';
  expect(outcome).toBeInstanceOf(UnauthorizedError);
  return 'refused';
}

describe('the order event signature window', () => {
  it('accepts an event up to the tolerance either way, and refuses one a second beyond it', () => {
    expect(ORDER_SIGNATURE_TOLERANCE_SECONDS).toBe(300);
    expect(verdict(NOW_SECONDS)).toBe('accepted');
    expect(verdict(NOW_SECONDS - 300)).toBe('accepted');
    expect(verdict(NOW_SECONDS + 300)).toBe('accepted');
    expect(verdict(NOW_SECONDS - 301)).toBe('refused');
    expect(verdict(NOW_SECONDS + 301)).toBe('refused');
  });

  it('compares against the clock to the millisecond: 300.001 s away is refused', () => {
    expect(verdict(NOW_SECONDS + 300, NOW_SECONDS * 1000 - 1)).toBe('refused');
    expect(verdict(NOW_SECONDS - 300, NOW_SECONDS * 1000 + 1)).toBe('refused');
  });
});
