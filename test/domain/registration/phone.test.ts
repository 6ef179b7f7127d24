import { isValidPhoneNumber, toE164 } from '../../../domain/registration';

describe('phone numbers', () => {
  it.each([
    ['+39 06 6982 1234', '+390669821234'],
    ['06 6982 1234', '+390669821234'],
    ['+39 333 123 4567', '+393331234567'],
    ['3331234567', '+393331234567'],
    ['+39 0575 0504', '+3905750504'],
    ['+44 20 7946 0958', '+442079460958'],
    ['+1 212 456 7890', '+12124567890'],
    ['0039 02 1234 5678', '+390212345678'],
  ])('%s is valid, %s in E.164', (phone, e164) => {
    expect(isValidPhoneNumber(phone)).toBe(true);
    expect(toE164(phone)).toBe(e164);
  });

  it.each([
    ['+39 123', 'too short'],
    ['12345', 'too short for Italy'],
    ['+39 333 123 4567 8901', 'too long'],
    ['+1 555 0100', 'too short for the USA'],
    ['+1 099 555 0100', 'no US area code starts with 0'],
    ['chiamami', 'no digits'],
    ['', 'empty'],
  ])('%s is not a valid number (%s)', (phone) => {
    expect(isValidPhoneNumber(phone)).toBe(false);
    expect(toE164(phone)).toBeNull();
  });
});
