/**
 * Determinism and versioning: every history recorded from the tests (tests/workflows/histories/*.json, written by
 * running the suite with MOTCUA_RECORD_HISTORIES=1) must replay on the current interpreter. A change that alters
 * the commands of running dossiers fails here; gate it with patched() so old histories keep replaying.
 */
import fs from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import { Worker } from '@temporalio/worker';
import { repoRoot } from '../../config/index.js';
import { historyFromFixture, workflowBundle } from './support/harness.js';

const dir = path.join(repoRoot, 'tests', 'workflows', 'histories');

describe('interpreter: recorded histories replay', function () {
  this.timeout(120_000);
  const files = fs.existsSync(dir)
    ? fs
        .readdirSync(dir)
        .filter((f) => f.endsWith('.json'))
        .sort()
    : [];

  it('has recorded histories to replay', () => {
    expect(files.length).to.be.at.least(8);
  });

  it('replays every recorded history without nondeterminism', async () => {
    const histories = files.map((f) => ({
      workflowId: path.basename(f, '.json'),
      history: historyFromFixture(fs.readFileSync(path.join(dir, f), 'utf8')),
    }));
    const failures: string[] = [];
    let replayed = 0;
    for await (const result of Worker.runReplayHistories(
      { workflowBundle: await workflowBundle() },
      histories,
    )) {
      replayed++;
      if (result.error) failures.push(`${result.workflowId}: ${result.error.message}`);
    }
    expect(failures).to.deep.equal([]);
    expect(replayed).to.equal(files.length);
  });
});
