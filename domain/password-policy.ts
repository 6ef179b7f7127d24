/**
 * The password policy (docs/password-policy.md): every criterion is reported as met or not, in a
 * stable order, so a page can turn each one green while the customer types. Pure and
 * deterministic: no Node built-ins, no I/O, safe in the workflow sandbox.
 */
import { dictionary } from '@zxcvbn-ts/language-common';

export const PASSWORD_POLICY = {
  /**
   * Fewest characters (Unicode code points, after NFKC).
   * @defaultValue 8
   */
  minLength: 8,
  /**
   * Most characters; NIST SP 800-63B asks verifiers to allow at least 64, for passphrases.
   * @defaultValue 64
   */
  maxLength: 64,
  /**
   * Shortest username code (the part before `@`) or tax code looked for in the password.
   * @defaultValue 4
   */
  minCodeLength: 4,
  /**
   * Shortest part of a name (first name, surname, company name) looked for in the password.
   * @defaultValue 3
   */
  minNamePartLength: 3,
  /**
   * Shortest e-mail local part, or piece of it, looked for in the password.
   * @defaultValue 3
   */
  minEmailPartLength: 3,
} as const;

/** The criteria in the order a page lists them. */
export const PASSWORD_CRITERIA = ['length', 'lowercase', 'uppercase', 'digit', 'symbol', 'no_personal_data', 'not_common'] as const;
export type PasswordCriterionId = (typeof PASSWORD_CRITERIA)[number];

/** Who the password belongs to: what it must not contain. Every field is optional. */
export interface PasswordContext {
  username?: string;
  firstName?: string;
  lastName?: string;
  companyName?: string;
  taxCode?: string;
  email?: string;
}

export interface PasswordCriterionState {
  id: PasswordCriterionId;
  met: boolean;
}

export interface PasswordCheck {
  /** Every criterion, always, in the order of `PASSWORD_CRITERIA`. */
  criteria: PasswordCriterionState[];
  /** True when every criterion is met. */
  ok: boolean;
}

/**
 * Italian favourites missing from the zxcvbn list (which already has e.g. `juventus`, `ciaociao`,
 * `amoremio`, `napoli`): football chants and clubs, greetings, and this service's own words.
 */
const ITALIAN_COMMON_PASSWORDS = [
  'forzajuve', 'forzainter', 'forzamilan', 'forzaroma', 'forzanapoli', 'forzalazio', 'forzaitalia',
  'sampdoria', 'juventino', 'interista', 'milanista', 'romanista', 'laziale', 'napoletano',
  'internazionale', 'fantacalcio', 'tiamo', 'tiamotanto', 'ciaobella', 'ciaone', 'buongiorno',
  'bellissima', 'principessa', 'cucciola', 'tesorino', 'amoreamore', 'ciaomamma', 'famiglia',
  'cioccolato', 'benvenuto', 'nonloso', 'entrare', 'accesso', 'chiave', 'parolachiave',
  'parolasegreta', 'amministratore', 'cambiamelo', 'arubait', 'arubaaruba',
];

/** Legal forms and surname particles: too generic to count as personal data. */
const GENERIC_NAME_PARTS = new Set([
  'srl', 'srls', 'spa', 'sapa', 'snc', 'sas', 'scarl', 'coop', 'onlus', 'odv', 'aps', 'ets',
  'del', 'dei', 'della', 'dello', 'delle', 'degli', 'dal', 'dalla', 'dalle', 'van', 'von', 'der',
]);

let commonPasswords: ReadonlySet<string> | undefined;

/** Built on first use, once: ~49k entries. */
function commonPasswordSet(): ReadonlySet<string> {
  commonPasswords ??= new Set([...dictionary['passwords-common'], ...ITALIAN_COMMON_PASSWORDS].map(fold));
  return commonPasswords;
}

/** NIST SP 800-63B: the same password typed on any keyboard must compare (and hash) equal. */
export function normalizePassword(password: string): string {
  return password.normalize('NFKC');
}

/** Case- and accent-insensitive form used for every comparison. */
function fold(text: string): string {
  return text.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase();
}

function namePartsOf(name: string): string[] {
  const parts = fold(name).split(/[^\p{L}\p{N}]+/u).filter((part) => part !== '');
  const joined = parts.join('');
  const candidates = parts.length > 1 ? [...parts, joined] : parts;
  return candidates.filter((part) => part.length >= PASSWORD_POLICY.minNamePartLength && !GENERIC_NAME_PARTS.has(part));
}

function emailPartsOf(email: string): string[] {
  const at = email.lastIndexOf('@');
  const local = fold(at > 0 ? email.slice(0, at) : email);
  const pieces = local.split(/[._+-]+/).filter((piece) => piece !== '');
  return [local, ...pieces].filter((part) => part.length >= PASSWORD_POLICY.minEmailPartLength);
}

/** Everything the password must not contain, folded. */
function personalTerms(context: PasswordContext): string[] {
  const terms: string[] = [];
  const usernameCode = fold(context.username?.split('@')[0] ?? '').trim();
  if (usernameCode.length >= PASSWORD_POLICY.minCodeLength) terms.push(usernameCode);
  for (const name of [context.firstName, context.lastName, context.companyName]) {
    if (name) terms.push(...namePartsOf(name));
  }
  const taxCode = fold(context.taxCode ?? '').replace(/\s+/g, '');
  if (taxCode.length >= PASSWORD_POLICY.minCodeLength) terms.push(taxCode);
  if (context.email) terms.push(...emailPartsOf(context.email));
  return terms;
}

/** NIST SP 800-63B: repeats and runs (`aaaa`, `abcabc`, `Ab1!Ab1!`, `abcd`, `9876`) are as guessable as listed passwords. */
function isRepetitiveOrSequential(candidate: string): boolean {
  const codes = [...candidate].map((char) => char.codePointAt(0) ?? 0);
  if (codes.length < 4) return false;
  if (/^(.{1,4})\1+$/u.test(candidate)) return true;
  const step = (codes[1] ?? 0) - (codes[0] ?? 0);
  return Math.abs(step) === 1 && codes.every((code, i) => i === 0 || code - (codes[i - 1] ?? 0) === step);
}

/** The password, and its core without the digits and symbols people add around a word. */
function commonCandidates(folded: string): string[] {
  const withoutOuterSymbols = folded.replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, '');
  const withoutOuterDigitsAndSymbols = folded.replace(/^[^\p{L}]+|[^\p{L}]+$/gu, '');
  return [folded, withoutOuterSymbols, withoutOuterDigitsAndSymbols].filter((candidate) => candidate !== '');
}

function criterionStates(password: string, context: PasswordContext): Record<PasswordCriterionId, boolean> {
  const normalized = normalizePassword(password);
  const folded = fold(normalized);
  const length = [...normalized].length;
  const typed = normalized !== '';
  return {
    length: length >= PASSWORD_POLICY.minLength && length <= PASSWORD_POLICY.maxLength,
    lowercase: /\p{Ll}/u.test(normalized),
    uppercase: /\p{Lu}/u.test(normalized),
    digit: /\p{Nd}/u.test(normalized),
    symbol: /[\p{P}\p{S}\p{Zs}]/u.test(normalized),
    // An empty password is not "free of personal data" yet: nothing turns green before typing.
    no_personal_data: typed && !personalTerms(context).some((term) => folded.includes(term)),
    not_common: typed && !commonCandidates(folded).some((candidate) => commonPasswordSet().has(candidate) || isRepetitiveOrSequential(candidate)),
  };
}

/** Checks a password against every criterion of the policy. */
export function checkPassword(password: string, context: PasswordContext): PasswordCheck {
  const states = criterionStates(password, context);
  const criteria = PASSWORD_CRITERIA.map((id) => ({ id, met: states[id] }));
  return { criteria, ok: criteria.every((criterion) => criterion.met) };
}
