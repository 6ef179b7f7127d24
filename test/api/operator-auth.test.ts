import { loadConfig } from '../../config';
import { operatorsOf, operatorWithToken } from '../../api/operator-auth';

const ANNA = 'anna-token-0123456789abcdef';
const MARCO = 'marco-token-0123456789abcdef';

describe('named operators (OPERATOR_TOKENS)', () => {
  it('parses id:token pairs and tells each operator by their token', () => {
    const operators = operatorsOf(loadConfig({ NODE_ENV: 'development', OPERATOR_TOKENS: `anna:${ANNA}, marco:${MARCO}` }));
    expect(operators.map((o) => o.id)).toEqual(['anna', 'marco']);
    expect(operatorWithToken(operators, MARCO)).toBe('marco');
    expect(operatorWithToken(operators, ANNA)).toBe('anna');
    expect(operatorWithToken(operators, `${ANNA}x`)).toBeUndefined();
    expect(operatorWithToken(operators, '')).toBeUndefined();
  });

  it('OPERATOR_TOKEN alone is one operator named `operator`; with OPERATOR_TOKENS it lets nobody in', () => {
    const single = loadConfig({ NODE_ENV: 'development', OPERATOR_TOKEN: ANNA });
    expect(operatorsOf(single)).toEqual([{ id: 'operator', token: ANNA }]);
    const named = loadConfig({ NODE_ENV: 'development', OPERATOR_TOKEN: ANNA, OPERATOR_TOKENS: `marco:${MARCO}` });
    expect(operatorWithToken(operatorsOf(named), ANNA)).toBeUndefined();
  });

  it('refuses malformed pairs, short tokens and an id named twice, naming the variable', () => {
    for (const value of ['anna', `Anna:${ANNA}`, 'anna:short', `anna:${ANNA},anna:${MARCO}`]) {
      expect(() => loadConfig({ NODE_ENV: 'development', OPERATOR_TOKENS: value })).toThrow(/OPERATOR_TOKENS: /);
    }
  });

  it('in production OPERATOR_TOKENS stands in for OPERATOR_TOKEN (whose development default is then unused)', () => {
    const secrets = { ORDER_WEBHOOK_SECRET: 'a'.repeat(32), SESSION_SECRET: 'c'.repeat(32), PAYLOAD_ENCRYPTION_KEY: Buffer.alloc(32, 7).toString('base64') };
    expect(() => loadConfig({ NODE_ENV: 'production', ...secrets })).toThrow(/OPERATOR_TOKEN: must be set/);
    expect(operatorsOf(loadConfig({ NODE_ENV: 'production', ...secrets, OPERATOR_TOKENS: `anna:${ANNA}` })).map((o) => o.id)).toEqual(['anna']);
  });
});
