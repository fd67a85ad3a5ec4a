import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { ensureTool, StartupError, TOOLS, toolPath } from '../../services/index.js';

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
});
