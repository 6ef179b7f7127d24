import { PasswordContexts } from '../../api/password-contexts';

const context = (username: string) => ({ username, firstName: 'Mario', lastName: 'Rossi', email: 'mario@example.it' });

describe('PasswordContexts', () => {
  let now = 0;
  const clock = () => now;
  beforeEach(() => {
    now = 1_000_000;
  });

  it('recalls what it was told, until its signup may have expired', () => {
    const contexts = new PasswordContexts(60_000, 10, clock);
    contexts.remember('signup-a', context('1000001@aruba.it'));
    expect(contexts.recall('signup-a')).toEqual(context('1000001@aruba.it'));
    expect(contexts.recall('signup-b')).toBeUndefined();
    now += 59_999;
    expect(contexts.recall('signup-a')).toBeDefined();
    now += 1;
    expect(contexts.recall('signup-a')).toBeUndefined();
    expect(contexts.size).toBe(0);
  });

  it('forgets a signup once its password step is answered', () => {
    const contexts = new PasswordContexts(60_000, 10, clock);
    contexts.remember('signup-a', context('1000001@aruba.it'));
    contexts.forget('signup-a');
    expect(contexts.recall('signup-a')).toBeUndefined();
  });

  it('keeps at most its capacity, dropping the oldest first; told again, an entry is the newest', () => {
    const contexts = new PasswordContexts(60_000, 2, clock);
    contexts.remember('signup-a', context('1000001@aruba.it'));
    contexts.remember('signup-b', context('1000002@aruba.it'));
    contexts.remember('signup-a', context('1000001@aruba.it'));
    contexts.remember('signup-c', context('1000003@aruba.it'));
    expect(contexts.size).toBe(2);
    expect(contexts.recall('signup-b')).toBeUndefined();
    expect(contexts.recall('signup-a')).toBeDefined();
    expect(contexts.recall('signup-c')).toBeDefined();
  });
});
