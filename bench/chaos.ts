import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import type { Connection as MongoConnection } from 'mongoose';
import { FINAL_EMAIL_STATUSES } from '../contracts';
import { connectMongo } from '../db/mongo';
import { outboxEmailModel } from '../email/outbox-model';
import { MailSink } from '../stack/mail-sink';
import { canConnect } from '../stack/process';
import { waitForTemporal } from '../stack/temporal-ready';
import { loadTools } from '../stack/tools';
import { checkEndState, confirmationsByMessageId, type Check } from './chaos/checks';
import { chaosStack, COMPONENT_NAMES, type ComponentName } from './chaos/components';
import { driveRegistrations } from './chaos/drive';
import { Killer } from './chaos/killer';
import { parseChaosOptions } from './chaos/options';
import { Supervised } from './chaos/supervisor';

/**
 * `npm run chaos`: N registrations through the HTTP API while every process of the system is
 * killed with SIGKILL, several times each, and restarted on its own data; then the end state is
 * checked (issue 11 §3). Exit code 1 when a check fails. Needs the build (`dist/`).
 */
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function until(what: string, timeoutMs: number, condition: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition().catch(() => false))) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(250);
  }
}

const portOf = (address: string) => Number(new URL(address.includes('://') ? address : `tcp://${address}`).port);

async function main(): Promise<void> {
  const options = parseChaosOptions(process.argv.slice(2));
  const root = mkdtempSync(path.join(os.tmpdir(), 'anagrafica-chaos-'));
  const logDir = path.join(root, 'logs');
  for (const dir of ['redis', 'ferretdb']) mkdirSync(path.join(root, dir), { recursive: true });
  const sink = new MailSink(1_000_000);
  await sink.listen();
  const stack = await chaosStack(loadTools(), root, sink.url);
  const components = Object.fromEntries(COMPONENT_NAMES.map((name) => [name, new Supervised(stack.specs[name], logDir)])) as Record<ComponentName, Supervised>;
  const log = (line: string) => options.json || console.log(line);
  let mongo: MongoConnection | undefined;
  let temporal: Connection | undefined;

  try {
    for (const name of ['redis', 'ferretdb', 'temporal'] as const) components[name].start();
    await until('the servers', 60_000, async () => (await canConnect(portOf(stack.redisUrl))) && (await canConnect(portOf(stack.mongoUri))));
    await waitForTemporal(stack.temporalAddress);
    for (const name of ['api', 'temporal-worker', 'email-worker'] as const) components[name].start();
    const ready = () => fetch(`${stack.apiUrl}/readyz`).then((r) => r.ok);
    await until('the API to be ready', 60_000, ready);
    log(`chaos: ${options.n} registrations, ${options.concurrency} at a time, ≥ ${options.minRounds} kill rounds; logs in ${logDir}`);

    const killer = new Killer(Object.values(components), { minRounds: options.minRounds, maxRounds: options.maxRounds, pauseMs: options.pauseMs });
    const drive = await driveRegistrations({ ...stack, n: options.n, concurrency: options.concurrency, runId: path.basename(root).slice(-6), deadlineMs: 120_000 });
    killer.stop();
    await killer.finished;
    const settleStarted = Date.now();

    await until('the API to be ready after the last kill', 60_000, ready);
    mongo = await connectMongo(stack.mongoUri);
    temporal = await Connection.connect({ address: stack.temporalAddress });
    const client = new Client({ connection: temporal });
    const outbox = outboxEmailModel(mongo);
    // Settled: every confirmation arrived, no outbox row is in flight, no workflow is still retrying a step.
    await until('every confirmation e-mail, a settled outbox and no running workflow', options.settleMs, async () => {
      if (confirmationsByMessageId(sink.messages).size < options.n) return false;
      const rows = await outbox.find({}, { status: 1 }).lean();
      if (!rows.every((row) => FINAL_EMAIL_STATUSES.includes(row.status))) return false;
      for await (const _running of client.workflow.list({ query: 'ExecutionStatus="Running"' })) return false;
      return true;
    }).catch((error: Error) => log(`settle: ${error.message}`));
    const settleMs = Date.now() - settleStarted;

    const checks: Check[] = [
      { name: 'registrations completed', ok: drive.failures.length === 0, detail: `${options.n - drive.failures.length}/${options.n}${drive.failures.length ? `; first failure: ${drive.failures[0]!.error}` : ''}` },
      ...(await checkEndState(mongo, client, drive.registrations, sink.messages)),
    ];
    const figures = {
      n: options.n,
      driveSeconds: Math.round(drive.elapsedMs / 100) / 10,
      settleSeconds: Math.round(settleMs / 100) / 10,
      http: drive.http,
      killRounds: killer.rounds,
      processes: Object.values(components).map((c) => c.stats),
      emailsReceived: sink.messages.length,
      checks,
    };
    if (options.json) console.log(JSON.stringify(figures, null, 2));
    else printReport(figures);
    process.exitCode = checks.every((c) => c.ok) ? 0 : 1;
  } finally {
    await mongo?.close().catch(() => undefined);
    await temporal?.close().catch(() => undefined);
    for (const name of ['api', 'temporal-worker', 'email-worker'] as const) await components[name].stop();
    await Promise.all((['redis', 'ferretdb', 'temporal'] as const).map((name) => components[name].stop()));
    await sink.close();
    // A failed run keeps its servers' data and logs for the post-mortem; a passing one leaves nothing.
    if (process.exitCode === 0) rmSync(root, { recursive: true, force: true });
    else console.error(`the run's data and logs are kept in ${root}`);
  }
}

function printReport(figures: { n: number; driveSeconds: number; settleSeconds: number; http: { requests: number; retries: number }; killRounds: number; processes: Supervised['stats'][]; emailsReceived: number; checks: Check[] }): void {
  console.log(`\ndrove ${figures.n} registrations in ${figures.driveSeconds} s; settled in ${figures.settleSeconds} s`);
  console.log(`HTTP: ${figures.http.requests} requests, ${figures.http.retries} retried; ${figures.emailsReceived} e-mails received`);
  console.log(`kills (${figures.killRounds} rounds): ${figures.processes.map((p) => `${p.name} ${p.kills}× (${p.ownExits} own exits)`).join(', ')}`);
  for (const check of figures.checks) console.log(`${check.ok ? 'ok  ' : 'FAIL'} ${check.name}: ${check.detail}`);
}

main().then(
  () => process.exit(process.exitCode ?? 0),
  (error: Error) => {
    console.error(error.stack ?? error.message);
    process.exit(1);
  },
);
