/** `motcua compile`: exit codes, human and JSON output, progress, and never an unhandled exception. */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { expect } from 'chai';
import { bufferIo, main } from '../../cli/index.js';
import { repoRoot } from '../../config/index.js';

const samples = path.join(repoRoot, 'procedure-models', 'samples');
const fixtures = path.join(repoRoot, 'tests', 'compiler', 'fixtures');

async function run(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const io = bufferIo();
  const code = await main(argv, io);
  return { code, out: io.stdout.join(''), err: io.stderr.join('') };
}

interface JsonEntry {
  file: string;
  ok: boolean;
  hash: string | null;
  diagnostics: Array<{ severity: string; code: string; message: string; elementId: string | null }>;
}

describe('cli: motcua compile', function () {
  this.timeout(60_000);

  it('usage errors exit 2: no command, unknown command, no path, unknown option', async () => {
    expect((await run()).code).to.equal(2);
    const unknown = await run('frobnicate');
    expect(unknown.code).to.equal(2);
    expect(unknown.err).to.include('frobnicate');
    expect((await run('compile')).code).to.equal(2);
    const opt = await run('compile', '--jsn', samples);
    expect(opt.code).to.equal(2);
    expect(opt.err).to.include('--jsn');
    expect((await run('compile', '--agencies')).code).to.equal(2);
  });

  it('--help exits 0 and lists the options', async () => {
    const r = await run('compile', '--help');
    expect(r.code).to.equal(0);
    expect(r.out).to.include('--json');
    expect((await run('--help')).out).to.include('compile');
  });

  it('compiles the samples: exit 0, readable summary in Vietnamese and English', async () => {
    const r = await run('compile', samples);
    expect(r.code, r.out).to.equal(0);
    expect(r.out).to.include('two-step');
    expect(r.out).to.match(/Đã biên dịch 5 thủ tục: 5 đạt, 0 có lỗi/);
    expect(r.out).to.match(/Compiled 5 procedure\(s\): 5 ok/);
    expect(r.err).to.equal(''); // no TTY: no progress bar
  });

  it('--json prints one array of { file, ok, hash, diagnostics }', async () => {
    const r = await run(
      'compile',
      '--json',
      path.join(samples, 'two-step'),
      path.join(fixtures, 'rules', 'MC302.bad.bpmn'),
    );
    expect(r.code).to.equal(1);
    const entries = JSON.parse(r.out) as JsonEntry[];
    expect(entries).to.have.length(2);
    expect(entries[0]).to.deep.include({ ok: true, diagnostics: [] });
    expect(entries[0]?.hash).to.match(/^[0-9a-f]{64}$/);
    expect(entries[1]).to.deep.include({ ok: false, hash: null });
    const d = entries[1]?.diagnostics.find((x) => x.code === 'MC302');
    expect(d).to.deep.include({ severity: 'error', elementId: 't1' });
    expect(d?.message).to.include('vai trò');
    for (const e of entries)
      for (const x of e.diagnostics)
        expect(Object.keys(x)).to.include.members(['severity', 'code', 'message', 'elementId']);
  });

  it('hostile and foreign files end in diagnostics and exit 1', async () => {
    const r = await run('compile', '--json', path.join(fixtures, 'hostile'), path.join(fixtures, 'foreign'));
    expect(r.code).to.equal(1);
    const entries = JSON.parse(r.out) as JsonEntry[];
    expect(entries.length).to.equal(16);
    for (const e of entries) {
      expect(e.ok, e.file).to.equal(false);
      expect(
        e.diagnostics.some((d) => d.severity === 'error'),
        e.file,
      ).to.equal(true);
    }
  });

  it('a missing path is a diagnostic (exit 1), not a crash', async () => {
    const r = await run('compile', path.join(repoRoot, 'no', 'such', 'procedure'));
    expect(r.code).to.equal(1);
    expect(r.out).to.include('MC012');
  });

  it('a lone .bpmn with only warnings/info exits 0', async () => {
    const r = await run('compile', path.join(fixtures, 'rules', 'MC306.bad.bpmn'));
    expect(r.code).to.equal(0);
    expect(r.out).to.include('MC306');
  });

  it('as a process: exit code 1 on errors, no stack trace on stderr', async () => {
    const script = `import(${JSON.stringify(path.join(repoRoot, 'dist', 'cli', 'index.js'))}).then(async (m) => { process.exitCode = await m.main(process.argv.slice(1)); })`;
    const child = spawn(
      process.execPath,
      ['--input-type=module', '-e', script, 'compile', path.join(fixtures, 'hostile')],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let out = '';
    let err = '';
    child.stdout.on('data', (b: Buffer) => (out += b.toString()));
    child.stderr.on('data', (b: Buffer) => (err += b.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    expect(code).to.equal(1);
    expect(out).to.include('MC002');
    expect(err).to.not.match(/\n\s+at /);
  });
});
