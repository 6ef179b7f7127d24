import { createHash } from 'node:crypto';
import type { Request } from 'express';
import { z } from 'zod';
import type { PasswordContextView, RegistrationSubmission } from '../contracts';
import { ConflictError, ValidationError, type FieldProblem } from '../domain/errors';
import { criterionMessage } from '../domain/password-criteria-messages';
import { checkPassword } from '../domain/password-policy';
import { normalizeRegistration, validateRegistration, type RegistrationForm } from '../domain/registration';
import { hashPassword, hashSecretAnswer } from '../security/argon2';
import { languageOf } from './errors';

/**
 * The API's half of a registration, shared by standalone signup and first purchase: the checks
 * and hashing that must happen before anything reaches a workflow.
 */

export const passwordBody = z.strictObject({ password: z.string().max(200), passwordConfirmation: z.string().max(200) });
export type PasswordBody = z.output<typeof passwordBody>;

/** A fingerprint of the form without the secret answer, to tell a repeat from a reused key. */
function fingerprintOf(form: RegistrationForm): string {
  const withoutAnswer = { ...form, recovery: form.recovery ? { question: form.recovery.question } : undefined };
  return createHash('sha256').update(JSON.stringify(withoutAnswer)).digest('hex');
}

/** Checks the form against every rule (422 with all problems), normalizes it and hashes the secret answer. */
export async function submissionFrom(req: Request, form: RegistrationForm): Promise<RegistrationSubmission> {
  const problems = validateRegistration(form, new Date());
  if (problems.length > 0) throw new ValidationError(problems);
  const normalized = normalizeRegistration(form);
  return {
    subjectType: normalized.subjectType,
    holder: normalized.holder,
    address: normalized.address,
    phone: normalized.phone,
    email: normalized.email,
    recovery: normalized.recovery ? { question: normalized.recovery.question, answerHash: await hashSecretAnswer(normalized.recovery.answer) } : undefined,
    privacy: normalized.privacy,
    locale: languageOf(req),
    fingerprint: fingerprintOf(form),
  };
}

/** Checks the chosen password against the policy and its confirmation (422 naming each unmet criterion), then hashes it. */
export async function passwordHashFrom(req: Request, body: PasswordBody, context: PasswordContextView | null): Promise<string> {
  if (!context) throw new ConflictError('form_not_submitted', 'form not submitted yet');
  const language = languageOf(req);
  const problems: FieldProblem[] = checkPassword(body.password, context)
    .criteria.filter((criterion) => !criterion.met)
    .map((criterion) => ({ path: 'password', rule: criterion.id, message: criterionMessage(criterion.id, language) }));
  if (body.password !== body.passwordConfirmation) problems.push({ path: 'passwordConfirmation', rule: 'mismatch' });
  if (problems.length > 0) throw new ValidationError(problems);
  return hashPassword(body.password);
}
