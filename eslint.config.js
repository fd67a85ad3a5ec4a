// ESLint flat config. Type-unaware rules only, so linting stays fast enough to run inside `npm test`.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/** Workflow code is replayed deterministically: no Node built-ins, no I/O libraries, no activity/client SDKs. */
const workflowForbidden = {
  paths: [
    'fs',
    'path',
    'os',
    'crypto',
    'child_process',
    'http',
    'https',
    'net',
    'url',
    'util',
    'stream',
    'zlib',
    'timers',
    'worker_threads',
    'events',
    'dns',
    'knex',
    'pg',
    'minio',
    'express',
    'pino',
    'busboy',
    'ajv',
    'bpmn-moddle',
    'bpmnlint',
    'date-holidays',
    '@temporalio/client',
    '@temporalio/worker',
    '@temporalio/activity',
    '@temporalio/testing',
  ].map((name) => ({ name, message: 'workflows/ must stay deterministic: no I/O or Node built-ins here.' })),
  patterns: [
    { group: ['node:*'], message: 'workflows/ must stay deterministic: no Node built-ins.' },
    {
      group: [
        '**/activities/*',
        '**/api/*',
        '**/db/*',
        '**/store/*',
        '**/services/*',
        '**/worker/*',
        '**/plugins/*',
        '**/config/*',
      ],
      message: 'workflows/ may import only @temporalio/workflow, ir/ and pure modules.',
    },
  ],
};

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'data/**',
      '.tools/**',
      'node_modules/**',
      'test-artifacts/**',
      'procedure-models/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: {
        process: 'readonly',
        console: 'readonly',
        URL: 'readonly',
        fetch: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
        setInterval: 'readonly',
        clearInterval: 'readonly',
        Buffer: 'readonly',
        AbortSignal: 'readonly',
      },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'error',
    },
  },
  {
    files: ['workflows/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', workflowForbidden] },
  },
  {
    files: ['modeler/**/*.ts'],
    languageOptions: {
      globals: {
        document: 'readonly',
        window: 'readonly',
        localStorage: 'readonly',
        HTMLElement: 'readonly',
      },
    },
  },
);
