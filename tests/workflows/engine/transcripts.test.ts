/**
 * Recorded transcripts pin the engine's behaviour, not only its Temporal commands (which the replay suite checks):
 * seeded random walks (support/random-walk.ts) over the procedures in fixtures/walk-irs.ts must give, step by
 * step, the same events and payloads, table rows, calendar requests, effects, rejections and views as when they
 * were recorded (fixtures/transcripts.json: one SHA-256 per step, so a difference names the walk, the step and the
 * operation). A deliberate change of behaviour re-records them:
 *   MOTCUA_RECORD_TRANSCRIPTS=1 npx mocha dist/tests/workflows/engine/transcripts.test.js
 * and the diff of the fixture shows which walks it changed.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import { repoRoot } from '../../../config/index.js';
import { PATCHES } from '../../../workflows/engine/index.js';
import { WALK_IRS } from './fixtures/walk-irs.js';
import { randomWalk, WALK_T0, type WalkOptions, type WalkStep } from './support/random-walk.js';

const FIXTURE = path.join(repoRoot, 'tests', 'workflows', 'engine', 'fixtures', 'transcripts.json');
const SEEDS_PER_PROCEDURE = 12;
const STEPS_PER_WALK = 80;

interface Recorded {
  walks: Record<string, Array<[op: string, sha256: string]>>;
}

function walks(): Array<[string, WalkOptions]> {
  const out: Array<[string, WalkOptions]> = [];
  for (const [name, ir] of Object.entries(WALK_IRS)) {
    for (let seed = 1; seed <= SEEDS_PER_PROCEDURE; seed++) {
      const o: WalkOptions = { ir, seed: seed * 7919 + name.length, steps: STEPS_PER_WALK };
      // a third of the walks are child dossiers (parent pauses); some have an appointment given at intake
      if (seed % 3 === 0) o.child = true;
      if (seed % 4 === 1) o.appointmentAt = WALK_T0 + 3500;
      // old histories: the branches before each patch
      if (seed % 5 === 2)
        o.patched = (id) => id !== PATCHES.pauseChildOnStart && id !== PATCHES.paymentReceiptOnce;
      out.push([`${name}#${seed}`, o]);
    }
  }
  return out;
}

const sha = (s: string): string => crypto.createHash('sha256').update(s).digest('hex').slice(0, 24);

describe('engine: recorded transcripts', function () {
  this.timeout(120_000);
  const done = new Map<string, WalkStep[]>();
  before(async () => {
    for (const [name, o] of walks()) done.set(name, await randomWalk(o));
  });

  it('every walk gives, step by step, what was recorded', () => {
    const record = process.env.MOTCUA_RECORD_TRANSCRIPTS === '1';
    const now: Recorded = { walks: {} };
    for (const [name, steps] of done) now.walks[name] = steps.map((s) => [s.op, sha(s.record)]);
    if (record) {
      fs.writeFileSync(FIXTURE, `${JSON.stringify(now, null, 1)}\n`);
      return;
    }
    const was = JSON.parse(fs.readFileSync(FIXTURE, 'utf8')) as Recorded;
    expect(Object.keys(now.walks)).to.deep.equal(Object.keys(was.walks));
    const differences: string[] = [];
    for (const [name, steps] of Object.entries(now.walks)) {
      const before = was.walks[name]!;
      const i = steps.findIndex((s, k) => s[0] !== before[k]?.[0] || s[1] !== before[k]?.[1]);
      if (i >= 0 || steps.length !== before.length) {
        const k = i >= 0 ? i : Math.min(steps.length, before.length);
        differences.push(`${name} step ${k}: now "${steps[k]?.[0]}", recorded "${before[k]?.[0]}"`);
      }
    }
    expect(differences).to.deep.equal([]);
  });

  it('walks reach every kind of event, effect and rejection the engine has', () => {
    // Guards the walks themselves: a fixture that no longer reaches a path would pin nothing about it.
    const seen = new Set<string>();
    for (const steps of done.values()) {
      for (const s of steps) {
        for (const m of s.record.matchAll(/"type":"([a-z-]+)"/g)) seen.add(`event ${m[1]}`);
        for (const m of s.record.matchAll(/"kind":"([a-z-]+)"/g)) seen.add(`kind ${m[1]}`);
        for (const m of s.record.matchAll(/"rejected":"([a-z-]+):/g)) seen.add(`rejected ${m[1]}`);
      }
    }
    const expected = [
      ...[
        'received',
        'task-opened',
        'task-claimed',
        'task-completed',
        'task-returned',
        'task-reassigned',
        'task-cancelled',
        'task-warning',
        'task-overdue',
        'escalated',
        'route',
        'timer-started',
        'timer-fired',
        'boundary-fired',
        'service-started',
        'service-completed',
        'call-requested',
        'call-started',
        'call-completed',
        'call-overdue',
        'incident-opened',
        'incident-retried',
        'supplement-requested',
        'supplement-received',
        'supplement-ignored',
        'deadlines-moved',
        'apologized',
        'apology-reminder',
        'dossier-overdue',
        'payment-requested',
        'payment-received',
        'payment-duplicate',
        'withdrawn',
        'stopped',
        'refused',
        'end-reached',
        'result',
      ].map((t) => `event ${t}`),
      ...['run-plugin', 'start-call', 'cancel', 'pause-child', 'resume-child'].map((k) => `kind ${k}`),
      ...['no-route', 'expression-failed', 'loop', 'plugin-failed', 'unknown-plugin', 'call-failed'].map(
        (k) => `kind ${k}`,
      ),
      ...[
        'task-not-found',
        'task-not-open',
        'not-assignee',
        'unknown-outcome',
        'invalid-form-data',
        'invalid-return-target',
        'dossier-paused',
        'already-paused',
        'payment-already-requested',
        'already-apologized',
        'invalid-argument',
        'dossier-finished',
        'incident-not-found',
      ].map((r) => `rejected ${r}`),
    ];
    expect(expected.filter((x) => !seen.has(x))).to.deep.equal([]);
  });
});
