import { percentile, round } from '../figures';
import type { UsageWindow } from './process-stats';

/** The figures one run prints, as text or (`--json`) as JSON. */

export interface Spread {
  p50: number;
  p99: number;
}

export function spreadOf(values: number[]): Spread {
  const sorted = [...values].sort((a, b) => a - b);
  return { p50: percentile(sorted, 50), p99: percentile(sorted, 99) };
}

export interface ProcessFigure {
  name: string;
  cpuMsPerRegistration: number;
  /** CPU of the same process idle (no request), per second: background work included in the figure above. */
  idleCpuMsPerSecond: number;
  peakRssMiB: number;
  /** VmHWM: the peak since the process started. */
  lifetimePeakRssMiB: number;
}

const MiB = 2 ** 20;

export function processFigures(usage: UsageWindow[], count: number, idle: UsageWindow[], idleMs: number): ProcessFigure[] {
  return usage.map((u) => ({
    name: u.name,
    cpuMsPerRegistration: round(u.cpuMs / count, 1),
    idleCpuMsPerSecond: round(((idle.find((i) => i.pid === u.pid)?.cpuMs ?? NaN) * 1000) / idleMs, 1),
    peakRssMiB: round(u.peakRss / MiB, 1),
    lifetimePeakRssMiB: round(u.lifetimePeakRss / MiB, 1),
  }));
}

export interface Machine {
  date: string;
  node: string;
  cpus: number;
  /** 1-minute load average at the start: other work on a shared machine. */
  loadAverageAtStart: number;
}

export interface RegistrationFigures {
  machine: Machine;
  n: number;
  concurrency: number;
  existing: { customers: number; prefillSeconds: number };
  registrationsPerSecond: number;
  stepsMs: { form: Spread; password: Spread; emailDelivery: Spread; registration: Spread };
  /** The second phase: registrations arriving at half the measured rate (open loop), and what each step took then. */
  halfRate?: { registrations: number; arrivalsPerSecond: number; registrationsPerSecond: number; stepsMs: RegistrationFigures['stepsMs'] };
  processes: ProcessFigure[];
  /** Sum over the system's processes (not the benchmark's own). */
  cpuMsPerRegistration: number;
  benchmarkProcess: ProcessFigure;
  unseenProcesses: string[];
  floor: {
    /** The mean of two measurements, before and after the registrations. */
    argon2: { hashesPerSecond: number; cpuMsPerHash: number; registrationsPerSecond: number; cpuMsPerRegistration: number; cpuMsPerHashBeforeAndAfter: [number, number] };
    noopWorkflow: {
      signupShape: string;
      noopShape: string;
      workflowsPerSecond: number;
      updatesMs: Spread[];
      /** Temporal server, no-op worker and the client (this process), per workflow: the mean of before and after. */
      cpuMsPerWorkflow: Record<string, number>;
      /** Their sum before and after the registrations; absent without warm-up (measured after only). */
      totalCpuMsBeforeAndAfter?: [number, number];
    };
    /** Both floors on one machine, one after the other: 1 / (1/argon2 + 1/no-op workflow). */
    registrationsPerSecond: number;
    cpuMsPerRegistration: number;
  };
  /** How far from the floor: floor rate / measured rate, measured CPU / floor CPU. */
  ratios: { throughput: number; cpu: number };
}

export interface OpenSignupFigures {
  machine: Machine;
  openSignups: number;
  concurrency: number;
  existing: { customers: number; prefillSeconds: number };
  formsPerSecond: number;
  formMs: Spread;
  temporalWorker: { rssBeforeMiB: number; rssAfterMiB: number; peakRssMiB: number; kibPerOpenSignup: number };
  targetRssMiB: number;
}

const row = (label: string, value: string) => console.log(`  ${label.padEnd(56)}${value}`);
const ms = (s: Spread) => `p50 ${s.p50} ms   p99 ${s.p99} ms`;

function header(title: string, machine: Machine, existing: RegistrationFigures['existing']): void {
  console.log(`${title}\n  ${machine.date}, node ${machine.node}, ${machine.cpus} cpus, load average ${machine.loadAverageAtStart} at start`);
  if (existing.customers > 0) console.log(`  store pre-filled with ${existing.customers} existing customers in ${existing.prefillSeconds} s`);
}

export function printRegistrationFigures(f: RegistrationFigures): void {
  header(`registration benchmark: ${f.n} full registrations at concurrency ${f.concurrency}`, f.machine, f.existing);
  row('registrations/s', f.registrationsPerSecond.toFixed(2));
  row('form step (POST /signups)', ms(f.stepsMs.form));
  row('password step (POST /signups/{id}/password)', ms(f.stepsMs.password));
  row('password sent → "Conferma iscrizione" delivered', ms(f.stepsMs.emailDelivery));
  row('form sent → "Conferma iscrizione" delivered', ms(f.stepsMs.registration));
  console.log(`  ${'process'.padEnd(20)}${'CPU ms/registration'.padStart(22)}${'idle CPU ms/s'.padStart(16)}${'peak RSS (run)'.padStart(17)}${'VmHWM'.padStart(12)}`);
  for (const p of [...f.processes, f.benchmarkProcess]) {
    const cells = [p.cpuMsPerRegistration.toFixed(1).padStart(22), p.idleCpuMsPerSecond.toFixed(1).padStart(16), `${p.peakRssMiB.toFixed(0)} MiB`.padStart(17), `${p.lifetimePeakRssMiB.toFixed(0)} MiB`.padStart(12)];
    console.log(`  ${p.name.padEnd(20)}${cells.join('')}`);
  }
  row('CPU ms/registration, the system (all but the benchmark)', f.cpuMsPerRegistration.toFixed(1));
  // On a shared machine the rate follows the neighbours; CPU per registration much less.
  row('registrations/s the CPU allows (cpus × 1000 / CPU ms)', ((f.machine.cpus * 1000) / f.cpuMsPerRegistration).toFixed(1));
  if (f.unseenProcesses.length) row('not measured (process not visible from here)', f.unseenProcesses.join(', '));
  if (f.halfRate) {
    console.log(`at half that rate: ${f.halfRate.registrations} registrations arriving at ${f.halfRate.arrivalsPerSecond.toFixed(2)}/s (open loop):`);
    row('registrations/s', f.halfRate.registrationsPerSecond.toFixed(2));
    row('form step (POST /signups)', ms(f.halfRate.stepsMs.form));
    row('password step (POST /signups/{id}/password)', ms(f.halfRate.stepsMs.password));
    row('form sent → "Conferma iscrizione" delivered', ms(f.halfRate.stepsMs.registration));
  }
  const { argon2, noopWorkflow } = f.floor;
  console.log('floor, same run:');
  row('argon2id hashes/s (project parameters)', `${argon2.hashesPerSecond.toFixed(1)}   ${argon2.cpuMsPerHash.toFixed(1)} CPU ms/hash (before ${argon2.cpuMsPerHashBeforeAndAfter[0].toFixed(1)}, after ${argon2.cpuMsPerHashBeforeAndAfter[1].toFixed(1)})`);
  row('  two per registration: registrations/s bound', `${argon2.registrationsPerSecond.toFixed(1)}   ${argon2.cpuMsPerRegistration.toFixed(1)} CPU ms/registration`);
  row('signup workflow (from its history)', noopWorkflow.signupShape);
  row('no-op workflow of that shape', noopWorkflow.noopShape);
  row('  no-op workflows/s, same concurrency and server', noopWorkflow.workflowsPerSecond.toFixed(1));
  noopWorkflow.updatesMs.forEach((s, i) => row(`  update ${i + 1}`, ms(s)));
  const beforeAndAfter = noopWorkflow.totalCpuMsBeforeAndAfter;
  const drift = beforeAndAfter ? ` (total before ${beforeAndAfter[0].toFixed(1)}, after ${beforeAndAfter[1].toFixed(1)})` : '';
  row('  CPU ms/workflow', `${Object.entries(noopWorkflow.cpuMsPerWorkflow).map(([name, value]) => `${name} ${value.toFixed(1)}`).join(', ')}${drift}`);
  row('floor registrations/s (1 / (1/argon2 + 1/no-op))', f.floor.registrationsPerSecond.toFixed(1));
  row('floor CPU ms/registration (argon2 + no-op workflow)', f.floor.cpuMsPerRegistration.toFixed(1));
  row('floor / measured registrations/s', `${f.ratios.throughput.toFixed(1)}×`);
  row('measured / floor CPU per registration', `${f.ratios.cpu.toFixed(1)}×`);
}

export function printOpenSignupFigures(f: OpenSignupFigures): void {
  header(`open signups: ${f.openSignups} forms submitted at concurrency ${f.concurrency}, each waiting for its password`, f.machine, f.existing);
  row('forms/s', f.formsPerSecond.toFixed(2));
  row('form step (POST /signups)', ms(f.formMs));
  row('Temporal worker RSS before', `${f.temporalWorker.rssBeforeMiB.toFixed(0)} MiB`);
  row(`Temporal worker RSS with the ${f.openSignups} open`, `${f.temporalWorker.rssAfterMiB.toFixed(0)} MiB   (target: ≤ ${f.targetRssMiB} MiB with 2,000 open)`);
  row('Temporal worker peak RSS during the run', `${f.temporalWorker.peakRssMiB.toFixed(0)} MiB`);
  row('RSS growth per open signup', `${f.temporalWorker.kibPerOpenSignup.toFixed(0)} KiB`);
}
