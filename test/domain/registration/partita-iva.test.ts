import { checkPartitaIva, hasValidCheckDigit, isValidOfficeCode } from '../../../domain/registration';

// Valid numbers, cross-checked with python-stdnum's `stdnum.it.iva`.
describe('checkPartitaIva', () => {
  it.each([
    ['00488410010', 'a well-known real one (office 001, Torino)'],
    ['01573850516', 'office 051'],
    ['01114601006', 'office 100, the last provincial one'],
    ['12345671205', 'office 120'],
    ['12345678887', 'office 888'],
    ['12345679992', 'office 999'],
  ])('accepts %s (%s)', (code) => {
    expect(checkPartitaIva(code)).toBeNull();
  });

  it.each([
    ['0048841001', 'ten digits'],
    ['004884100101', 'twelve digits'],
    ['IT00488410010', 'with the VIES country prefix'],
    ['0048841001A', 'a letter'],
    ['', 'empty'],
  ])('refuses %s as format (%s)', (code) => {
    expect(checkPartitaIva(code)).toBe('format');
  });

  it.each([
    ['12345671015', 'office 101'],
    ['97123450005', 'office 000'],
    ['12345671221', 'office 122'],
  ])('refuses %s as office_code (%s), even with a right check digit', (code) => {
    expect(hasValidCheckDigit(code)).toBe(true);
    expect(checkPartitaIva(code)).toBe('office_code');
  });

  it.each(['00488410011', '00488410020', '00484810010'])('refuses %s as checksum', (code) => {
    expect(checkPartitaIva(code)).toBe('checksum');
  });

  it('knows the office codes 001–100, 120, 121, 888 and 999 only', () => {
    const valid = Array.from({ length: 1000 }, (_, n) => String(n).padStart(3, '0')).filter(isValidOfficeCode);
    expect(valid).toHaveLength(104);
    expect(valid.slice(0, 2)).toEqual(['001', '002']);
    expect(valid.slice(-5)).toEqual(['100', '120', '121', '888', '999']);
  });
});
