import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Connection } from 'mongoose';
import { customerProfileModel, type CustomerProfileModel } from '../customers/customer-profile-model';
import { connectMongo } from '../db/mongo';
import { startFerretDb } from '../stack/servers';
import { loadTools, toolsDir } from '../stack/tools';

/**
 * Whether the store's cost grows with the data: find and update of customer profiles by `_id` and
 * by e-mail, one client, one operation at a time, at each size, on each FerretDB build named
 * (by default the patched one in tools.json and, if present, the unpatched `ferretdb-1.24.2` build),
 * and on each store already running that `--store name=mongodb://…` names (e.g. FerretDB on
 * PostgreSQL). Prints operations/s side by side; they compare only within one run on one machine.
 */
interface Options {
  sizes: number[];
  seconds: number;
  builds: ({ name: string; binary: string } | { name: string; uri: string })[];
  json: boolean;
}

const OPERATIONS = ['find by _id', 'update by _id', 'find by e-mail', 'update by e-mail'] as const;
type Operation = (typeof OPERATIONS)[number];

interface Figure {
  build: string;
  documents: number;
  operation: Operation;
  perSecond: number;
}

function parseOptions(argv: string[]): Options {
  const tools = loadTools();
  const unpatched = path.join(toolsDir, 'ferretdb-1.24.2', 'ferretdb');
  const options: Options = {
    sizes: [100, 20_000],
    seconds: 2,
    builds: [{ name: 'patched', binary: tools.ferretdb }, ...(existsSync(unpatched) ? [{ name: 'unpatched', binary: unpatched }] : [])],
    json: false,
  };
  for (let i = 0; i < argv.length; i += 1) {
    const flag = argv[i];
    const value = () => argv[(i += 1)] ?? '';
    if (flag === '--json') options.json = true;
    else if (flag === '--sizes') options.sizes = value().split(',').map(Number).sort((a, b) => a - b);
    else if (flag === '--seconds') options.seconds = Number(value());
    else if (flag === '--unpatched') options.builds = [options.builds[0]!, { name: 'unpatched', binary: value() }, ...options.builds.slice(2)];
    else if (flag === '--store') {
      const [name, uri] = value().split(/=(.*)/s);
      if (!name || !uri) throw new Error('--store needs name=mongodb://…');
      options.builds.push({ name, uri });
    }
    else throw new Error(`unknown option ${flag}; usage: [--sizes 100,20000] [--seconds S] [--unpatched <ferretdb binary>] [--store name=uri]… [--json]`);
  }
  if (options.sizes.some((size) => !Number.isInteger(size) || size < 1) || !(options.seconds > 0)) throw new Error('--sizes needs positive integers, --seconds a positive number');
  return options;
}

const email = (i: number) => `cliente.${i}@example.it`;

/** Adds profiles `from`..`to`-1, in batches. */
async function fill(profiles: CustomerProfileModel, from: number, to: number): Promise<void> {
  for (let start = from; start < to; start += 1000) {
    const batch = Array.from({ length: Math.min(1000, to - start) }, (_, k) => start + k);
    await profiles.insertMany(
      batch.map((i) => ({
        _id: `profile-${i}`,
        subjectType: 'person',
        holder: { firstName: 'Mario', lastName: 'Rossi', taxCode: 'RSSMRA80A01H501U' },
        address: { street: 'Via Roma 1', postalCode: '00100', city: 'Roma', province: 'RM', country: 'IT' },
        phone: '+390612345678',
        email: email(i),
        locale: 'it',
        consents: [],
        status: 'active',
        origin: { kind: 'signup', id: `signup-${i}` },
      })),
      { lean: true },
    );
  }
}

/** Operations/s of `run` on random documents for about `seconds` (at least 3 operations). */
async function rate(documents: number, seconds: number, run: (i: number) => Promise<unknown>): Promise<number> {
  const started = performance.now();
  let done = 0;
  while (done < 3 || performance.now() - started < seconds * 1000) {
    await run(Math.floor(Math.random() * documents));
    done += 1;
  }
  return done / ((performance.now() - started) / 1000);
}

async function measureBuild(build: Options['builds'][number], options: Options): Promise<Figure[]> {
  const root = mkdtempSync(path.join(os.tmpdir(), 'anagrafica-bench-store-'));
  const server = 'binary' in build ? await startFerretDb({ ...loadTools(), ferretdb: build.binary }, path.join(root, 'data'), path.join(root, 'logs')) : undefined;
  let mongo: Connection | undefined;
  try {
    mongo = await connectMongo(server?.address ?? ('uri' in build ? build.uri : ''));
    if (!server) await mongo.dropDatabase();
    const profiles = customerProfileModel(mongo);
    await profiles.init();
    const figures: Figure[] = [];
    let stored = 0;
    for (const documents of options.sizes) {
      await fill(profiles, stored, documents);
      stored = documents;
      const runs: Record<Operation, (i: number) => Promise<unknown>> = {
        'find by _id': (i) => profiles.findById(`profile-${i}`).lean().exec(),
        'update by _id': (i) => profiles.updateOne({ _id: `profile-${i}` }, { $set: { phone: `+39061234${i}` } }).exec(),
        'find by e-mail': (i) => profiles.find({ email: email(i) }).lean().exec(),
        'update by e-mail': (i) => profiles.updateOne({ email: email(i) }, { $set: { locale: i % 2 ? 'it' : 'en' } }).exec(),
      };
      for (const operation of OPERATIONS) {
        figures.push({ build: build.name, documents, operation, perSecond: await rate(documents, options.seconds, runs[operation]) });
      }
    }
    return figures;
  } finally {
    await mongo?.close();
    await server?.process.stop();
    rmSync(root, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  const figures: Figure[] = [];
  for (const build of options.builds) figures.push(...(await measureBuild(build, options)));
  if (options.json) {
    console.log(JSON.stringify({ node: process.version, cpus: os.cpus().length, builds: options.builds, figures }, null, 2));
    return;
  }
  const names = options.builds.map((build) => build.name);
  console.log(`| operation | documents | ${names.map((name) => `${name} ops/s`).join(' | ')} |`);
  console.log(`|---|---:|${names.map(() => '---:').join('|')}|`);
  for (const operation of OPERATIONS) {
    for (const documents of options.sizes) {
      const cells = names.map((name) => figures.find((f) => f.build === name && f.documents === documents && f.operation === operation)?.perSecond.toFixed(1) ?? '');
      console.log(`| ${operation} | ${documents} | ${cells.join(' | ')} |`);
    }
  }
  for (const build of options.builds) console.log(`${build.name}: ${'binary' in build ? build.binary : build.uri}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
