import {
  PROVINCE_CODES,
  isComuneInProvince,
  isKnownBelfioreCode,
  isKnownCountry,
  isKnownProvince,
  isPostalCodeFormat,
  officialComuneName,
  placeNameKey,
} from '../../../domain/registration';

describe('provinces', () => {
  it('lists the 107 official sigle, Sud Sardegna (SU) included', () => {
    expect(PROVINCE_CODES).toHaveLength(107);
    expect(PROVINCE_CODES).toEqual(expect.arrayContaining(['RM', 'MI', 'BT', 'MB', 'FM', 'SU', 'AO']));
  });

  it.each(['RM', 'rm', 'SU', 'BZ'])('knows %s', (sigla) => expect(isKnownProvince(sigla)).toBe(true));
  it.each(['XX', 'EE', 'CI', 'Roma', ''])('does not know %s', (sigla) => expect(isKnownProvince(sigla)).toBe(false));
});

describe('comune in province', () => {
  it.each([
    ['Roma', 'RM'],
    ['Forlì', 'FC'],
    ["forli'", 'FC'],
    ['FORLI', 'fc'],
    ["Sant'Antioco", 'SU'],
    ['santantioco', 'SU'],
    ["Reggio nell'Emilia", 'RE'],
    ['Rhêmes-Saint-Georges', 'AO'],
    ['Setteville', 'BL'], // born in 2024 from a merger: found in codice-fiscale-js's newer list
    ['Sassofeltrio', 'RN'], // moved from PU to RN in 2021
  ])('finds %s in %s', (comune, sigla) => {
    expect(isComuneInProvince(comune, sigla)).toBe(true);
  });

  it.each([
    ['Roma', 'MI'],
    ['Milano', 'RM'],
    ['Atlantide', 'RM'],
    ['Forlì', 'XX'],
  ])('does not find %s in %s', (comune, sigla) => {
    expect(isComuneInProvince(comune, sigla)).toBe(false);
  });

  it('knows the official spelling of the comuni in the dataset', () => {
    expect(officialComuneName('forli', 'FC')).toBe('Forlì');
    expect(officialComuneName("sant antioco", 'su')).toBe("Sant'Antioco");
    expect(officialComuneName('Roma', 'MI')).toBeUndefined();
  });

  it('compares names without case, accents or punctuation', () => {
    expect(placeNameKey('Forlì')).toBe(placeNameKey("FORLI'"));
    expect(placeNameKey("Sant'Angelo")).toBe('santangelo');
  });
});

describe('Belfiore codes', () => {
  it.each([
    ['H501', 'Roma'],
    ['F205', 'Milano'],
    ['A012', 'Abetone, suppressed in 2017: people born there keep it'],
    ['Z114', 'Regno Unito'],
    ['Z404', "Stati Uniti d'America"],
  ])('knows %s (%s)', (code) => expect(isKnownBelfioreCode(code)).toBe(true));

  it.each(['Z999', 'A000', 'h501', 'H5011', 'ROMA'])('does not know %s', (code) => expect(isKnownBelfioreCode(code)).toBe(false));
});

describe('postal code and country', () => {
  it.each([
    ['00186', true],
    ['20121', true],
    ['0018', false],
    ['001866', false],
    ['OO186', false],
  ])('CAP %s is well-formed: %s', (cap, expected) => expect(isPostalCodeFormat(cap)).toBe(expected));

  it.each([
    ['IT', true],
    ['DE', true],
    ['SM', true],
    ['VA', true],
    ['XX', false],
    ['it', false],
    ['ITA', false],
  ])('country %s is known: %s', (code, expected) => expect(isKnownCountry(code)).toBe(expected));
});
