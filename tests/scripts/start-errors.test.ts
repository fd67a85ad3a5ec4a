/**
 * Bad configuration must end `npm start` with one clear line naming the component and the fix, a non-zero exit,
 * and no process left behind.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { loadConfig, repoRoot } from '../../config/index.js';
import { s3Settings } from '../../services/index.js';

interface Run {
  code: number | null;
  stderr: string;
  stdout: string;
}

function runStart(env: NodeJS.ProcessEnv): Promise<Run> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [path.join(repoRoot, 'dist/scripts/start.js')], {
      cwd: repoRoot,
      env: { ...process.env, MOTCUA_PROFILE: 'dev', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

function listen(): Promise<net.Server> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.listen(0, '127.0.0.1', () => resolve(server));
  });
}

const portOf = (s: net.Server) => (s.address() as net.AddressInfo).port;

describe('npm start with bad configuration', function () {
  this.timeout(120_000);
  let dataDir: string;
  const testConfig = loadConfig({ ...process.env, MOTCUA_PROFILE: 'test' });
  // Reuse the Go-built servers of the test profile; everything else is private to each case.
  const base = () => ({
    MOTCUA_DATA_DIR: dataDir,
    MOTCUA_TOOLS_DIR: testConfig.toolsDir,
    DATABASE_URL: testConfig.databaseUrl,
    TEMPORAL_ADDRESS: testConfig.temporal.address,
    S3_ENDPOINT: testConfig.s3.endpoint,
    S3_ACCESS_KEY: s3Settings(testConfig).accessKey,
    S3_SECRET_KEY: s3Settings(testConfig).secretKey,
    PORT: '0',
  });
  beforeEach(() => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'motcua-start-'));
  });
  afterEach(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  it('names PostgreSQL and DATABASE_URL when the database is unreachable', async () => {
    const free = await listen();
    const port = portOf(free);
    await new Promise((r) => free.close(r));
    const run = await runStart({ ...base(), DATABASE_URL: `postgres://postgres@127.0.0.1:${port}/motcua` });
    expect(run.code).to.equal(1);
    const lines = run.stderr.trim().split('\n');
    expect(lines).to.have.length(1);
    expect(lines[0]).to.match(/^motcua: \[postgres\] .*DATABASE_URL/);
    expect(run.stderr).not.to.match(/\n\s+at /);
  });

  it('names Temporal and TEMPORAL_ADDRESS when the external server is unreachable', async () => {
    const free = await listen();
    const port = portOf(free);
    await new Promise((r) => free.close(r));
    const run = await runStart({ ...base(), TEMPORAL_ADDRESS: `127.0.0.1:${port}` });
    expect(run.code).to.equal(1);
    const lines = run.stderr.trim().split('\n');
    expect(lines).to.have.length(1);
    expect(lines[0]).to.match(/^motcua: \[temporal\] .*TEMPORAL_ADDRESS=127\.0\.0\.1:\d+/);
  });

  it('names the port and the variable when the embedded Temporal port is taken, and leaves nothing running', async () => {
    const taken = await listen();
    const uiFree = await listen();
    const uiPort = portOf(uiFree);
    await new Promise((r) => uiFree.close(r));
    try {
      const env: NodeJS.ProcessEnv = {
        ...base(),
        TEMPORAL_PORT: String(portOf(taken)),
        TEMPORAL_UI_PORT: String(uiPort),
      };
      env.TEMPORAL_ADDRESS = ''; // embedded
      const run = await runStart(env);
      expect(run.code).to.equal(1);
      const lines = run.stderr.trim().split('\n');
      expect(lines).to.have.length(1);
      expect(lines[0]).to.contain(`[temporal]`);
      expect(lines[0]).to.contain(String(portOf(taken)));
      expect(lines[0]).to.contain('TEMPORAL_PORT');
      expect(fs.existsSync(path.join(dataDir, 'temporal.pid'))).to.equal(false);
    } finally {
      await new Promise((r) => taken.close(r));
    }
  });

  it('names the API port and PORT when it is taken', async () => {
    const taken = await listen();
    try {
      const run = await runStart({ ...base(), PORT: String(portOf(taken)) });
      expect(run.code).to.equal(1);
      const errLines = run.stderr
        .trim()
        .split('\n')
        .filter((l) => l.startsWith('motcua:'));
      expect(errLines).to.have.length(1);
      expect(errLines[0]).to.match(/\[api\] .*PORT/);
    } finally {
      await new Promise((r) => taken.close(r));
    }
  });
});
