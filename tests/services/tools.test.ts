import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { ensureTool, readProcStat, StartupError, TOOLS, toolPath } from '../../services/index.js';

describe('services/tools', () => {
  let dir: string;
  let savedGo: string | undefined;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'motcua-tools-'));
    savedGo = process.env.GO;
  });
  afterEach(() => {
    fs.rmSync(dir, { recursive: true, force: true });
    if (savedGo === undefined) delete process.env.GO;
    else process.env.GO = savedGo;
  });

  it('explains how to install Go or use an external server when Go is missing', async () => {
    process.env.GO = path.join(dir, 'no-such-go');
    let error: unknown;
    try {
      await ensureTool(dir, TOOLS.temporal, () => undefined);
    } catch (err) {
      error = err;
    }
    expect(error).to.be.instanceOf(StartupError);
    const line = (error as StartupError).toLine();
    expect(line).to.match(/^\[temporal\] /);
    expect(line).to.contain('TEMPORAL_ADDRESS');
    expect(line).to.contain('Go');
    expect(line.split('\n')).to.have.length(1);
  });

  it('reuses a built tool whose version stamp matches, without calling Go', async () => {
    process.env.GO = path.join(dir, 'no-such-go');
    const exe = toolPath(dir, TOOLS.minio);
    fs.mkdirSync(path.dirname(exe), { recursive: true });
    fs.writeFileSync(exe, '#!/bin/sh\n');
    fs.writeFileSync(exe + '.version', `${TOOLS.minio.module}@${TOOLS.minio.version}\n`);
    expect(await ensureTool(dir, TOOLS.minio, () => undefined)).to.equal(exe);
  });

  it('rebuilds when the stamp names another version (and says so when it cannot)', async () => {
    process.env.GO = path.join(dir, 'no-such-go');
    const exe = toolPath(dir, TOOLS.minio);
    fs.mkdirSync(path.dirname(exe), { recursive: true });
    fs.writeFileSync(exe, '#!/bin/sh\n');
    fs.writeFileSync(exe + '.version', `${TOOLS.minio.module}@v0.0.0-old\n`);
    const error = await ensureTool(dir, TOOLS.minio, () => undefined).catch((e: unknown) => e);
    expect(error).to.be.instanceOf(StartupError);
    expect((error as StartupError).component).to.equal('minio');
    expect((error as StartupError).toLine()).to.contain('S3_ENDPOINT');
  });

  /** A stand-in for go: `version` answers; `install` runs the given shell body (with $GOBIN set by ensureTool). */
  function fakeGo(body: string): string {
    const exe = path.join(dir, 'fake-go');
    fs.writeFileSync(
      exe,
      `#!/bin/sh\nif [ "$1" = version ]; then echo go version fake; exit 0; fi\n${body}\n`,
      {
        mode: 0o755,
      },
    );
    return exe;
  }

  /** Alive and not a zombie (a killed orphan may wait a while for init to reap it). */
  function isRunning(pid: number): boolean {
    const stat = readProcStat(pid);
    return stat !== undefined && stat.state !== 'Z';
  }

  it('stops a build that hangs silently and idle (a stuck download), then retries and succeeds', async () => {
    // First attempt: remember its pid and sleep (no output, no CPU) like go waiting on a dead connection.
    process.env.GO = fakeGo(`
      n=$(cat "${dir}/calls" 2>/dev/null || echo 0); n=$((n+1)); echo $n > "${dir}/calls"
      if [ $n = 1 ]; then sleep 600 & echo $! > "${dir}/sleeper"; wait; fi
      echo built > "$GOBIN/temporal"`);
    const lines: string[] = [];
    const exe = await ensureTool(dir, TOOLS.temporal, (line) => lines.push(line), { stallSeconds: 0.6 });
    expect(exe).to.equal(toolPath(dir, TOOLS.temporal));
    expect(fs.readFileSync(exe, 'utf8').trim()).to.equal('built');
    expect(fs.readFileSync(exe + '.version', 'utf8').trim()).to.equal(
      `${TOOLS.temporal.module}@${TOOLS.temporal.version}`,
    );
    expect(fs.readFileSync(path.join(dir, 'calls'), 'utf8').trim()).to.equal('2');
    expect(lines.some((l) => l.includes('retrying (attempt 2/3)') && l.includes('thử lại'))).to.equal(true);
    // What the stuck build had started is gone too.
    const sleeper = Number(fs.readFileSync(path.join(dir, 'sleeper'), 'utf8'));
    await new Promise((r) => setTimeout(r, 100));
    expect(isRunning(sleeper)).to.equal(false);
  });

  it('gives up after the last attempt with one line saying the build made no progress', async () => {
    process.env.GO = fakeGo(`echo x >> "${dir}/calls"; sleep 600`);
    const error = await ensureTool(dir, TOOLS.minio, () => undefined, {
      stallSeconds: 0.4,
      attempts: 2,
    }).catch((e: unknown) => e);
    expect(error).to.be.instanceOf(StartupError);
    const line = (error as StartupError).toLine();
    expect(line).to.contain('no progress for 0.4 s, 2 attempts');
    expect(line.split('\n')).to.have.length(1);
    expect(fs.readFileSync(path.join(dir, 'calls'), 'utf8').trim().split('\n')).to.have.length(2);
    expect(fs.existsSync(toolPath(dir, TOOLS.minio))).to.equal(false);
  });

  it('lets a silent but busy build (a long compile) run past the stall limit', async () => {
    // Two seconds of pure CPU in a grandchild, no output, against a 0.8 s stall limit.
    process.env.GO = fakeGo(`
      echo x >> "${dir}/calls"
      timeout 2 sh -c 'while :; do :; done' || true
      echo built > "$GOBIN/minio"`);
    const lines: string[] = [];
    await ensureTool(dir, TOOLS.minio, (line) => lines.push(line), { stallSeconds: 0.8 });
    expect(fs.readFileSync(path.join(dir, 'calls'), 'utf8').trim().split('\n')).to.have.length(1);
    expect(lines.some((l) => l.includes('retrying'))).to.equal(false);
    expect(fs.existsSync(toolPath(dir, TOOLS.minio))).to.equal(true);
  });
});
