/** The build removes compiled files whose source is gone (a moved test would otherwise still run). */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { expect } from 'chai';
import { repoRoot } from '../../config/index.js';

type Prune = (root: string) => string[];

describe('scripts/prune-dist', () => {
  it('removes dist/<path>.js and its map when <path>.ts is gone; keeps the rest and the console bundle', async () => {
    const { pruneStaleOutputs } = (await import(
      pathToFileURL(path.join(repoRoot, 'scripts', 'prune-dist.mjs')).href
    )) as {
      pruneStaleOutputs: Prune;
    };
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'motcua-prune-'));
    const write = (rel: string) => {
      fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
      fs.writeFileSync(path.join(root, rel), '');
    };
    try {
      for (const f of ['workflows/engine/index.ts', 'tests/a.test.ts']) write(f);
      for (const f of [
        'dist/workflows/engine/index.js',
        'dist/workflows/engine.js',
        'dist/workflows/engine.js.map',
        'dist/tests/a.test.js',
        'dist/tests/engine.test.js',
        'dist/tests/fixture.json',
        'dist/console/app.js',
      ])
        write(f);
      expect(pruneStaleOutputs(root)).to.deep.equal([
        'dist/tests/engine.test.js',
        'dist/workflows/engine.js',
      ]);
      const left = (dir: string): string[] =>
        fs
          .readdirSync(dir, { withFileTypes: true })
          .flatMap((e) =>
            e.isDirectory() ? left(path.join(dir, e.name)) : [path.relative(root, path.join(dir, e.name))],
          );
      expect(left(path.join(root, 'dist')).sort()).to.deep.equal([
        'dist/console/app.js',
        'dist/tests/a.test.js',
        'dist/tests/fixture.json',
        'dist/workflows/engine/index.js',
      ]);
      expect(pruneStaleOutputs(root)).to.deep.equal([]);
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });
});
