import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { signupWorkflowId } from '../contracts';
import { connectMongo } from '../db/mongo';
import { createTemporalClient } from '../temporal/client';
import { round } from './figures';
import { meanOf, measureArgon2 } from './registration/argon2-floor';
import { ConfirmationInbox } from './registration/confirmation-inbox';
import { drivePaced, driveRegistrations, openSignups, type StepTimings } from './registration/drive';
import { meanOfNoop, measureNoopFloor } from './registration/noop-floor';
import { parseOptions, type BenchOptions } from './registration/options';
import { prefillCustomers } from './registration/prefill';
import { memoryOf, UsageMeter, type WatchedProcess } from './registration/process-stats';
import { printOpenSignupFigures, printRegistrationFigures, processFigures, spreadOf, type Machine, type OpenSignupFigures, type RegistrationFigures } from './registration/report';
import { startBenchSystem, type BenchSystem } from './registration/system';
import { describeShape, shapeOf } from './registration/workflow-shape';

/**
 * `npm run bench:registration`: full registrations through the HTTP API of the system run as
 * `npm start` runs it, with the CPU and memory of each process, against the floor measured in the
 * same run (argon2id, and a no-op workflow of the signup's shape). See bench/README.md.
 */
const ARGON2_HASHES = 64;
const OPEN_SIGNUPS_SETTLE_MS = 5000;
/** The system left alone this long before the measurement: its background CPU. */
const IDLE_MS = 3000;
const MiB = 2 ** 20;

type Cleanup = () => Promise<unknown> | void;

const machine = (): Machine => ({
  date: new Date().toISOString(),
  node: process.version,
  cpus: os.availableParallelism(),
  loadAverageAtStart: round(os.loadavg()[0]!, 2),
});

async function prefill(system: BenchSystem, options: BenchOptions, runId: string): Promise<{ customers: number; prefillSeconds: number }> {
  if (options.existing === 0) return { customers: 0, prefillSeconds: 0 };
  const mongo = await connectMongo(system.config.MONGODB_URI);
  try {
    const ms = await prefillCustomers(mongo, options.existing, { runId, mailFrom: system.config.MAIL_FROM, usernameDomain: system.config.USERNAME_DOMAIN });
    return { customers: options.existing, prefillSeconds: round(ms / 1000, 1) };
  } finally {
    await mongo.close();
  }
}

async function measureOpenSignups(system: BenchSystem, options: BenchOptions & { openSignups: number }, runId: string, existing: OpenSignupFigures['existing'], start: Machine): Promise<OpenSignupFigures> {
  const worker = system.processes.find((p) => p.name === 'Temporal worker')!;
  const meter = new UsageMeter([worker]);
  const rssBefore = memoryOf(worker.pid).rss;
  meter.start();
  const timings = await openSignups(system.apiUrl, { count: options.openSignups, concurrency: options.concurrency, tag: `open-${runId}` });
  await new Promise((resolve) => setTimeout(resolve, OPEN_SIGNUPS_SETTLE_MS)); // the last workflow tasks finish
  const [usage] = meter.stop();
  return {
    machine: start,
    openSignups: options.openSignups,
    concurrency: options.concurrency,
    existing,
    formsPerSecond: round((options.openSignups * 1000) / (timings.finishedAt - timings.startedAt), 2),
    formMs: spreadOf(timings.formMs),
    temporalWorker: {
      rssBeforeMiB: round(rssBefore / MiB, 1),
      rssAfterMiB: round(usage!.endRss / MiB, 1),
      peakRssMiB: round(usage!.peakRss / MiB, 1),
      kibPerOpenSignup: round((usage!.endRss - rssBefore) / 1024 / options.openSignups, 1),
    },
    targetRssMiB: 300,
  };
}

const stepSpreads = (t: StepTimings): RegistrationFigures['stepsMs'] => ({
  form: spreadOf(t.formMs),
  password: spreadOf(t.passwordMs),
  emailDelivery: spreadOf(t.emailMs),
  registration: spreadOf(t.totalMs),
});

async function measureRegistrations(
  system: BenchSystem,
  inbox: ConfirmationInbox,
  options: BenchOptions,
  runId: string,
  existing: RegistrationFigures['existing'],
  start: Machine,
  warmupSignupId: string | undefined,
): Promise<RegistrationFigures> {
  // Both halves of the floor are measured before the registrations and again after them, and the
  // floor takes the means: the shared host's speed drifts within a run, and one measurement at a
  // fast or slow moment moved the ratio by 0.2–0.4× (docs/benchmarks.md). The no-op workflow needs
  // the signup's shape, from a warm-up signup (without warm-up, it is measured after only).
  const noopFloor = async (signupId: string, phase: string) => {
    const app = createTemporalClient(system.config);
    const signupShape = await shapeOf(app.client, signupWorkflowId(signupId)).finally(() => app.connection.close());
    const noop = await measureNoopFloor(signupShape, {
      address: system.config.TEMPORAL_ADDRESS,
      namespace: system.config.TEMPORAL_NAMESPACE,
      temporalServer: system.processes.find((p) => p.name === 'Temporal server'),
      count: options.n,
      warmup: options.warmup,
      concurrency: options.concurrency,
      runId: `${runId}-${phase}`,
    });
    return { signupShape, noop };
  };
  const noopBefore = warmupSignupId ? (await noopFloor(warmupSignupId, 'before')).noop : undefined;
  const argon2Before = await measureArgon2(ARGON2_HASHES);
  const benchProcess: WatchedProcess = { name: 'benchmark itself', pid: process.pid };
  const watched = [...system.processes, benchProcess];
  const idleMeter = new UsageMeter(watched);
  idleMeter.start();
  await new Promise((resolve) => setTimeout(resolve, IDLE_MS));
  const idle = idleMeter.stop();
  const meter = new UsageMeter(watched);
  meter.start();
  const timings = await driveRegistrations(system.apiUrl, inbox, { count: options.n, concurrency: options.concurrency, tag: `reg-${runId}` });
  const usage = processFigures(meter.stop(), options.n, idle, IDLE_MS);
  const registrationsPerSecond = (options.n * 1000) / (timings.finishedAt - timings.startedAt);
  // Second phase: visitors arriving at half the rate just measured, as a customer would meet the system at half its peak.
  const halfRatePerSecond = registrationsPerSecond / 2;
  const paced = options.halfRate > 0 ? await drivePaced(system.apiUrl, inbox, { count: options.halfRate, ratePerSecond: halfRatePerSecond, tag: `half-${runId}` }) : undefined;
  const expected = options.warmup + options.n + options.halfRate;
  if (inbox.delivered !== expected) console.error(`warning: ${inbox.delivered} "Conferma iscrizione" delivered for ${expected} registrations`);

  // The floor again, after the registrations: a no-op workflow of the signup's shape (from a measured signup's history), then argon2id.
  const { signupShape, noop: noopAfter } = await noopFloor(timings.signupIds[0]!, 'after');
  const noop = noopBefore ? meanOfNoop(noopBefore, noopAfter) : noopAfter;
  const argon2After = await measureArgon2(ARGON2_HASHES);
  const argon2 = meanOf(argon2Before, argon2After);
  const argon2Bound = argon2.hashesPerSecond / 2;
  const floorPerSecond = 1 / (1 / argon2Bound + 1 / noop.workflowsPerSecond);
  const floorCpu = 2 * argon2.cpuMsPerHash + noop.totalCpuMsPerWorkflow;
  const cpuMsPerRegistration = round(usage.filter((p) => p.name !== benchProcess.name).reduce((sum, p) => sum + p.cpuMsPerRegistration, 0), 1);
  return {
    machine: start,
    n: options.n,
    concurrency: options.concurrency,
    existing,
    registrationsPerSecond: round(registrationsPerSecond, 2),
    stepsMs: stepSpreads(timings),
    halfRate: paced && {
      registrations: options.halfRate,
      arrivalsPerSecond: round(halfRatePerSecond, 2),
      registrationsPerSecond: round((options.halfRate * 1000) / (paced.finishedAt - paced.startedAt), 2),
      stepsMs: stepSpreads(paced),
    },
    processes: usage.filter((p) => p.name !== benchProcess.name),
    cpuMsPerRegistration,
    benchmarkProcess: usage.find((p) => p.name === benchProcess.name)!,
    unseenProcesses: system.unseen,
    floor: {
      argon2: {
        hashesPerSecond: round(argon2.hashesPerSecond, 1),
        cpuMsPerHash: round(argon2.cpuMsPerHash, 1),
        registrationsPerSecond: round(argon2Bound, 1),
        cpuMsPerRegistration: round(2 * argon2.cpuMsPerHash, 1),
        cpuMsPerHashBeforeAndAfter: [round(argon2Before.cpuMsPerHash, 1), round(argon2After.cpuMsPerHash, 1)],
      },
      noopWorkflow: {
        signupShape: describeShape(signupShape),
        noopShape: noop.shape,
        workflowsPerSecond: noop.workflowsPerSecond,
        updatesMs: noop.updatesMs.map(spreadOf),
        cpuMsPerWorkflow: noop.cpuMsPerWorkflow,
        totalCpuMsBeforeAndAfter: noopBefore && [round(noopBefore.totalCpuMsPerWorkflow, 1), round(noopAfter.totalCpuMsPerWorkflow, 1)],
      },
      registrationsPerSecond: round(floorPerSecond, 1),
      cpuMsPerRegistration: round(floorCpu, 1),
    },
    ratios: { throughput: round(floorPerSecond / registrationsPerSecond, 2), cpu: round(cpuMsPerRegistration / floorCpu, 2) },
  };
}

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  const start = machine();
  const runId = randomUUID().slice(0, 8);
  const workDir = mkdtempSync(path.join(os.tmpdir(), 'anagrafica-bench-registration-'));
  const cleanups: Cleanup[] = [];
  // Last opened, first closed; once, whether the run ends, fails or is interrupted.
  const cleanUp = async () => {
    for (const cleanup of cleanups.splice(0).reverse()) {
      await Promise.resolve()
        .then(cleanup)
        .catch((error: Error) => console.error(`cleanup: ${error.message}`));
    }
  };
  // Ctrl-C: the servers run in process groups of their own, so stop them before leaving.
  const interrupted = () =>
    void cleanUp().finally(() => {
      rmSync(workDir, { recursive: true, force: true });
      process.exit(130);
    });
  process.once('SIGINT', interrupted).once('SIGTERM', interrupted);
  let keepLogs = false;
  try {
    const inbox = new ConfirmationInbox();
    const smtpUrl = await inbox.listen();
    cleanups.push(() => inbox.close());
    const system = await startBenchSystem(workDir, runId, smtpUrl);
    cleanups.push(() => system.stop());
    const existing = await prefill(system, options, runId);
    // Warm-up: JIT, connections, the worker's bundle and cache; not measured.
    const warmup = await driveRegistrations(system.apiUrl, inbox, { count: options.warmup, concurrency: options.concurrency, tag: `warmup-${runId}` });

    if (options.openSignups) {
      const figures = await measureOpenSignups(system, { ...options, openSignups: options.openSignups }, runId, existing, start);
      return options.json ? console.log(JSON.stringify(figures, null, 2)) : printOpenSignupFigures(figures);
    }
    const figures = await measureRegistrations(system, inbox, options, runId, existing, start, warmup.signupIds[0]);
    if (options.json) console.log(JSON.stringify(figures, null, 2));
    else printRegistrationFigures(figures);
  } catch (error) {
    keepLogs = true;
    throw error;
  } finally {
    await cleanUp();
    process.off('SIGINT', interrupted).off('SIGTERM', interrupted);
    if (keepLogs) console.error(`the processes' logs are kept in ${path.join(workDir, 'logs')}`);
    else rmSync(workDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
