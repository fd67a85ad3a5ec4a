/**
 * The engine's layout holds: each module stays small enough to read, and the slices that have one writer are
 * written only through their module (the outbox: outbox.ts and the rows it builds; the timers: timers.ts).
 */
import fs from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import { repoRoot } from '../../../config/index.js';

const dir = path.join(repoRoot, 'workflows', 'engine');
const files = fs.readdirSync(dir).filter((f) => f.endsWith('.ts'));
const source = (f: string) => fs.readFileSync(path.join(dir, f), 'utf8');

describe('engine/layout', () => {
  it('has its modules, none over 400 lines', () => {
    expect(files).to.include.members([
      'index.ts',
      'state.ts',
      'dossier-engine.ts',
      'routing.ts',
      'outbox.ts',
    ]);
    const long = files.filter((f) => source(f).split('\n').length > 400);
    expect(long).to.deep.equal([]);
  });

  it('the outbox is written only by outbox.ts (rows.ts builds its rows, views.ts reads the timeline)', () => {
    const outside = files
      .filter((f) => !['outbox.ts', 'rows.ts', 'state.ts'].includes(f))
      .flatMap((f) =>
        [...source(f).matchAll(/\bs\.outbox\.(\w+)/g)]
          .filter((m) => !(f === 'views.ts' && m[1] === 'timeline'))
          .map((m) => `${f}: s.outbox.${m[1]}`),
      );
    expect(outside).to.deep.equal([]);
  });

  it('timers are reached only through timers.ts', () => {
    const outside = files
      .filter((f) => !['timers.ts', 'state.ts'].includes(f))
      .flatMap((f) => [...source(f).matchAll(/\bs\.timers\.(\w+)/g)].map((m) => `${f}: s.timers.${m[1]}`));
    expect(outside).to.deep.equal([]);
  });

  it('only the public surface is imported from outside the engine (tests aside)', () => {
    const roots = ['workflows', 'api', 'activities', 'worker', 'bench', 'scripts', 'cli', 'store', 'plugins'];
    const deep: string[] = [];
    const walk = (d: string): void => {
      for (const e of fs.readdirSync(d, { withFileTypes: true })) {
        const full = path.join(d, e.name);
        if (e.isDirectory()) {
          if (full !== dir) walk(full);
        } else if (e.name.endsWith('.ts')) {
          for (const m of fs.readFileSync(full, 'utf8').matchAll(/from '([^']*engine\/[^']*)'/g)) {
            if (!m[1]!.endsWith('engine/index.js')) deep.push(`${path.relative(repoRoot, full)}: ${m[1]}`);
          }
        }
      }
    };
    for (const r of roots) if (fs.existsSync(path.join(repoRoot, r))) walk(path.join(repoRoot, r));
    expect(deep).to.deep.equal([]);
  });
});
