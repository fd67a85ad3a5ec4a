import { expect } from 'chai';
import { ESLint } from 'eslint';
import { repoRoot } from '../../config/index.js';

describe('lint', () => {
  const eslint = new ESLint({ cwd: repoRoot });

  it('flags Node built-ins and I/O libraries imported by workflow code', async () => {
    const results = await eslint.lintText(
      "import fs from 'node:fs';\nimport knex from 'knex';\nimport { Client } from '@temporalio/client';\nexport const x = [fs, knex, Client];\n",
      { filePath: `${repoRoot}/workflows/forbidden-example.ts` },
    );
    const rules = results[0]!.messages.map((m) => m.ruleId);
    expect(rules.filter((r) => r === 'no-restricted-imports')).to.have.length(3);
  });

  it('allows the same imports outside workflows/', async () => {
    const results = await eslint.lintText("import fs from 'node:fs';\nexport const x = fs;\n", {
      filePath: `${repoRoot}/activities/allowed-example.ts`,
    });
    expect(results[0]!.messages.filter((m) => m.ruleId === 'no-restricted-imports')).to.deep.equal([]);
  });

  it('finds no lint errors in the repository', async function () {
    this.timeout(180_000);
    const results = await eslint.lintFiles(['.']);
    const errors = results.flatMap((r) =>
      r.messages
        .filter((m) => m.severity === 2)
        .map((m) => `${r.filePath.slice(repoRoot.length + 1)}:${m.line} ${m.ruleId} ${m.message}`),
    );
    expect(errors, errors.slice(0, 20).join('\n')).to.deep.equal([]);
  });
});
