// tsc never deletes what it compiled from a source that was since moved or removed: in a checkout built before
// such a change, mocha would still load the old test files (importing modules that no longer exist). Plain Node,
// because bootstrap.mjs runs it before anything is installed.
import fs from 'node:fs';
import path from 'node:path';

/**
 * Removes every <root>/dist/<path>.js (and its map) whose <root>/<path>.ts is gone. dist/console is esbuild's
 * bundle, not tsc's, and is left alone. Returns the removed files, relative to root.
 */
export function pruneStaleOutputs(root) {
  const dist = path.join(root, 'dist');
  const removed = [];
  const walk = (dir) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        if (full !== path.join(dist, 'console')) walk(full);
        continue;
      }
      if (!entry.name.endsWith('.js')) continue;
      const source = path.join(root, path.relative(dist, full)).replace(/\.js$/, '.ts');
      if (fs.existsSync(source)) continue;
      fs.rmSync(full);
      fs.rmSync(`${full}.map`, { force: true });
      removed.push(path.relative(root, full));
    }
  };
  if (fs.existsSync(dist)) walk(dist);
  return removed.sort();
}
