import { runPool } from '../figures';
import type { ConfirmationInbox } from './confirmation-inbox';

/** A valid form of a private person (as in test/support/registration-samples.ts); only the e-mail varies. */
const PERSON_FORM = {
  subjectType: 'persona_fisica',
  holder: { firstName: 'Mario', lastName: 'Rossi', taxCode: 'RSSMRA80A01H501U' },
  address: { street: 'Via del Corso 1', postalCode: '00186', city: 'Roma', province: 'RM', country: 'IT' },
  phone: '+39 06 6982 1234',
  recovery: { question: 'Nome del primo animale domestico?', answer: 'Fufi il gatto' },
  privacy: { noticeAccepted: true, processingConsent: true, marketingConsent: false },
};
const PASSWORD = 'Tramonto-Sul-Lago-42';
const EMAIL_TIMEOUT_MS = 180_000;

export interface DriveOptions {
  count: number;
  concurrency: number;
  /** Names this batch's e-mail addresses (`<tag>-<i>@example.it`), unique per run and phase. */
  tag: string;
}

/** What each step took, per registration (ms), and the batch's span. */
export interface StepTimings {
  formMs: number[];
  passwordMs: number[];
  /** From sending the password to the e-mail's arrival at the listener (it often arrives before the answer). */
  emailMs: number[];
  /** From sending the form to the e-mail's arrival. */
  totalMs: number[];
  signupIds: string[];
  startedAt: number;
  finishedAt: number;
}

async function post(url: string, body: unknown, expected: number, step: string): Promise<Record<string, unknown>> {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const text = await res.text();
  if (res.status !== expected) throw new Error(`${step}: ${res.status} ${text.slice(0, 300)}`);
  return JSON.parse(text) as Record<string, unknown>;
}

function submitForm(apiUrl: string, email: string): Promise<Record<string, unknown>> {
  return post(`${apiUrl}/api/v1/signups`, { ...PERSON_FORM, email, emailConfirmation: email }, 201, 'form');
}

/** One full registration as a browser makes it: the form, the password, the wait for "Conferma iscrizione". */
async function registerOne(apiUrl: string, inbox: ConfirmationInbox, email: string, timings: StepTimings): Promise<void> {
  const t0 = Date.now();
  const { signupId } = await submitForm(apiUrl, email);
  const t1 = Date.now();
  await post(`${apiUrl}/api/v1/signups/${String(signupId)}/password`, { password: PASSWORD, passwordConfirmation: PASSWORD }, 200, 'password');
  timings.passwordMs.push(Date.now() - t1);
  const t3 = await inbox.arrivalFor(email, EMAIL_TIMEOUT_MS);
  timings.formMs.push(t1 - t0);
  timings.emailMs.push(t3 - t1);
  timings.totalMs.push(t3 - t0);
  timings.signupIds.push(String(signupId));
  timings.finishedAt = Math.max(timings.finishedAt, t3);
}

const emptyTimings = (): StepTimings => ({ formMs: [], passwordMs: [], emailMs: [], totalMs: [], signupIds: [], startedAt: Date.now(), finishedAt: 0 });

/** `count` full registrations, `concurrency` at a time (a closed loop: the next starts when one ends). */
export async function driveRegistrations(apiUrl: string, inbox: ConfirmationInbox, options: DriveOptions): Promise<StepTimings> {
  const timings = emptyTimings();
  await runPool(options.count, options.concurrency, (i) => registerOne(apiUrl, inbox, `${options.tag}-${i}@example.it`, timings));
  return timings;
}

/**
 * `count` full registrations arriving at `ratePerSecond`, evenly spaced, whatever the system's
 * answers (an open loop, as independent visitors arrive): the latencies a customer sees at that load.
 */
export async function drivePaced(apiUrl: string, inbox: ConfirmationInbox, options: { count: number; ratePerSecond: number; tag: string }): Promise<StepTimings> {
  const timings = emptyTimings();
  const gapMs = 1000 / options.ratePerSecond;
  const running: Promise<void>[] = [];
  for (let i = 0; i < options.count; i += 1) {
    const due = timings.startedAt + i * gapMs;
    const wait = due - Date.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    running.push(registerOne(apiUrl, inbox, `${options.tag}-${i}@example.it`, timings));
  }
  await Promise.all(running);
  return timings;
}

/** `count` signups that submit the form and stop there: each stays open, waiting for its password. */
export async function openSignups(apiUrl: string, options: DriveOptions): Promise<StepTimings> {
  const timings = emptyTimings();
  await runPool(options.count, options.concurrency, async (i) => {
    const t0 = Date.now();
    const { signupId } = await submitForm(apiUrl, `${options.tag}-${i}@example.it`);
    timings.formMs.push(Date.now() - t0);
    timings.signupIds.push(String(signupId));
  });
  timings.finishedAt = Date.now();
  return timings;
}
