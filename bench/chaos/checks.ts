import type { Client } from '@temporalio/client';
import type { Connection } from 'mongoose';
import { FINAL_EMAIL_STATUSES } from '../../contracts';
import { customerProfileModel } from '../../customers/customer-profile-model';
import { loginModel } from '../../customers/login-model';
import { outboxEmailModel } from '../../email/outbox-model';
import { orderModel } from '../../orders/order-model';
import type { ReceivedMail } from '../../stack/mail-sink';
import type { Registration } from './registrations';

export interface Check {
  name: string;
  ok: boolean;
  detail: string;
}

/** The confirmation e-mails received, by Message-ID. */
export function confirmationsByMessageId(messages: ReceivedMail[]): Map<string, ReceivedMail[]> {
  const byId = new Map<string, ReceivedMail[]>();
  for (const mail of messages) {
    if (mail.parsed.subject !== 'Conferma iscrizione') continue;
    const id = mail.parsed.messageId ?? '';
    byId.set(id, [...(byId.get(id) ?? []), mail]);
  }
  return byId;
}

/** Everything issue 11 §3 asks of the end state, each as one line of the report. */
export async function checkEndState(mongo: Connection, temporal: Client, registrations: Registration[], messages: ReceivedMail[]): Promise<Check[]> {
  const n = registrations.length;
  const emails = new Set(registrations.map((r) => r.email));
  const checks: Check[] = [];
  const check = (name: string, ok: boolean, detail: string) => checks.push({ name, ok, detail });

  const profiles = (await customerProfileModel(mongo).find({}).lean()).filter((p) => emails.has(p.email));
  const profileIds = new Set(profiles.map((p) => String(p._id)));
  check('profiles', profiles.length === n && profileIds.size === n, `${profiles.length} profiles for ${n} registrations (${new Set(profiles.map((p) => p.email)).size} distinct e-mails)`);
  const pending = profiles.filter((p) => p.status !== 'active');
  check('profiles active', pending.length === 0, `${pending.length} not active`);

  const logins = (await loginModel(mongo).find({}).lean()).filter((l) => profileIds.has(l.profileId));
  const active = logins.filter((l) => l.status === 'active');
  check('active logins', active.length === n && new Set(active.map((l) => l.profileId)).size === n, `${active.length} active logins over ${new Set(active.map((l) => l.profileId)).size} profiles`);
  const halfWritten = logins.filter((l) => l.status !== 'active' || !l.passwordHash);
  check('no half-written logins', halfWritten.length === 0, `${halfWritten.length} reserved or without a password hash`);

  const orderIds = registrations.flatMap((r) => (r.orderId ? [r.orderId] : []));
  const orders = await orderModel(mongo).find({}).lean();
  const ours = orders.filter((o) => orderIds.includes(String(o._id)));
  const unregistered = ours.filter((o) => o.status !== 'registered' || !o.username);
  check('orders registered', ours.length === orderIds.length && unregistered.length === 0, `${ours.length}/${orderIds.length} orders stored, ${unregistered.length} not registered to a login`);

  const outbox = outboxEmailModel(mongo);
  const rows = await outbox.find({}, { _id: 1, status: 1, template: 1, attempts: 1 }).lean();
  const stuck = rows.filter((r) => !FINAL_EMAIL_STATUSES.includes(r.status));
  const notSent = rows.filter((r) => r.status === 'failed' || r.status === 'abandoned');
  check('no outbox row stuck', stuck.length === 0 && notSent.length === 0, `${rows.length} rows: ${stuck.length} queued/sending, ${notSent.length} failed/abandoned`);

  const byId = confirmationsByMessageId(messages);
  const recipients = new Map<string, number>();
  for (const [, copies] of byId) for (const to of new Set(copies.flatMap((m) => m.envelopeTo))) recipients.set(to, (recipients.get(to) ?? 0) + 1);
  const everyoneOnce = [...emails].every((e) => recipients.get(e) === 1);
  check('"Conferma iscrizione" e-mails', byId.size === n && everyoneOnce, `${byId.size} distinct Message-IDs for ${n} registrations; every address exactly one: ${everyoneOnce}`);
  // Inside the window: every copy but the last arrived during an attempt that was then recorded `interrupted`.
  const interruptedAttempts = new Map(rows.map((r) => [String(r._id), (r.attempts ?? []).filter((a) => a.outcome === 'interrupted')]));
  let inWindow = 0;
  let outside = 0;
  for (const [messageId, copies] of byId) {
    if (copies.length < 2) continue;
    const attempts = interruptedAttempts.get(/^<([0-9a-f]{24})@/.exec(messageId)?.[1] ?? '') ?? [];
    for (const copy of copies.slice(0, -1)) {
      const at = copy.receivedAt.getTime();
      if (attempts.some((a) => new Date(a.startedAt).getTime() <= at && at <= new Date(a.finishedAt).getTime())) inWindow += 1;
      else outside += 1;
    }
  }
  check('duplicates outside the SMTP window', outside === 0, `${outside} outside; ${inWindow} inside the documented window (an interrupted attempt after SMTP accepted)`);

  const statuses = new Map<string, number>();
  const open: string[] = [];
  for await (const execution of temporal.workflow.list()) {
    const key = `${execution.type}:${execution.status.name}`;
    statuses.set(key, (statuses.get(key) ?? 0) + 1);
    if (execution.status.name === 'RUNNING') open.push(`${execution.type} ${execution.workflowId}`);
  }
  const broken = [...statuses].filter(([key]) => !/:(COMPLETED|RUNNING)$/.test(key));
  check('workflows closed', open.length === 0 && broken.length === 0, [...statuses].map(([k, v]) => `${k}=${v}`).join(', ') + (open.length ? `; open: ${open.slice(0, 5).join(', ')}` : ''));
  return checks;
}
