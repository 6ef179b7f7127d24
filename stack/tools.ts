import { existsSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** Where `scripts/setup-tools.sh` put the server binaries (see that script for versions). */
export interface Tools {
  temporal: string;
  temporalTestServer: string;
  ferretdb: string;
  redisServer: string;
}

export const toolsDir: string =
  process.env.ANAGRAFICA_TOOLS_DIR ?? path.join(process.env.XDG_CACHE_HOME ?? path.join(os.homedir(), '.cache'), 'anagrafica');

export function loadTools(): Tools {
  const file = path.join(toolsDir, 'tools.json');
  if (!existsSync(file)) throw new Error(`${file} is missing: run scripts/setup-tools.sh first`);
  const tools = JSON.parse(readFileSync(file, 'utf8')) as Tools;
  for (const [name, binary] of Object.entries(tools)) {
    if (!existsSync(binary)) throw new Error(`${name} binary ${binary} is missing: run scripts/setup-tools.sh`);
  }
  return tools;
}
