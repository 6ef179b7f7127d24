import pino, { type Logger } from 'pino';

export type { Logger };

/**
 * Structured JSON logs. Anything that could carry a secret or personal data is redacted by key,
 * wherever it sits, as a second line of defence: code logs ids, never forms.
 */
const REDACTED_KEYS = [
  'password',
  'passwordConfirmation',
  'passwordHash',
  'answer',
  'answerHash',
  'token',
  'authorization',
  'cookie',
  'email',
  'emailConfirmation',
  'to',
  'taxCode',
  'vatNumber',
  'phone',
];

export function createLogger(level: string, name: string): Logger {
  return pino({
    name,
    level,
    redact: {
      paths: REDACTED_KEYS.flatMap((key) => [key, `*.${key}`, `*.*.${key}`]),
      censor: '[redacted]',
    },
  });
}
