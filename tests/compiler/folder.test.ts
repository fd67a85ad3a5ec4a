/** Procedure folders on disk: loading, model file rules, recursive discovery, lone files. */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import {
  compileFolder,
  compilePath,
  findProcedureFolders,
  loadProcedureFolder,
} from '../../compiler/index.js';
import { repoRoot } from '../../config/index.js';

const twoStep = path.join(repoRoot, 'procedure-models', 'samples', 'two-step');
let tmp: string;

describe('procedure folders', () => {
  before(async () => {
    tmp = await mkdtemp(path.join(os.tmpdir(), 'motcua-folders-'));
  });
  after(async () => {
    await rm(tmp, { recursive: true, force: true });
  });

  it('loads procedure.json and the model it names', async () => {
    const loaded = await loadProcedureFolder(twoStep);
    expect(loaded).to.have.property('metadata');
    if (!('metadata' in loaded)) return;
    expect(loaded.model.kind).to.equal('steps');
    expect((loaded.metadata as { code: string }).code).to.equal('MC.000001');
  });

  it('finds procedure folders recursively, sorted, skipping hidden folders', async () => {
    for (const d of ['b/x', 'a', 'a/nested', '.hidden/p']) {
      await mkdir(path.join(tmp, 'tree', d), { recursive: true });
      await writeFile(path.join(tmp, 'tree', d, 'procedure.json'), '{}');
    }
    const found = await findProcedureFolders(path.join(tmp, 'tree'));
    expect(found.map((f) => path.relative(path.join(tmp, 'tree'), f))).to.deep.equal([
      'a',
      'a/nested',
      'b/x',
    ]);
    expect(await findProcedureFolders(path.join(tmp, 'missing'))).to.deep.equal([]);
  });

  it('names the file each diagnostic is about', async () => {
    const dir = path.join(tmp, 'bad-model');
    await mkdir(dir, { recursive: true });
    await writeFile(path.join(dir, 'procedure.json'), JSON.stringify({ model: 'steps.json' }));
    await writeFile(path.join(dir, 'steps.json'), JSON.stringify({ steps: [{ id: 'a' }] }));
    const r = await compileFolder(dir);
    expect(r.ok).to.equal(false);
    expect(r.file).to.equal(dir);
    const files = new Set(r.diagnostics.map((d) => path.basename(d.file ?? '')));
    expect([...files].sort()).to.deep.equal(['procedure.json', 'steps.json']);
  });

  it('compiles a lone .bpmn file as a model only (info MC017, no hash), or as its folder when procedure.json names it', async () => {
    const lone = await compilePath(
      path.join(repoRoot, 'tests', 'compiler', 'fixtures', 'rules', 'MC017.bad.bpmn'),
    );
    expect(lone.ok).to.equal(true);
    expect(lone.hash).to.equal(undefined);
    expect(lone.diagnostics.map((d) => d.code)).to.deep.equal(['MC017']);
    const inFolder = await compilePath(
      path.join(repoRoot, 'procedure-models', 'samples', 'business-registration', 'process.bpmn'),
    );
    expect(inFolder.ok).to.equal(true);
    expect(inFolder.hash).to.match(/^[0-9a-f]{64}$/);
    const viaMeta = await compilePath(path.join(twoStep, 'procedure.json'));
    expect(viaMeta.hash).to.equal((await compileFolder(twoStep)).hash);
  });

  it('a missing path, a folder as model, or a model outside the folder is a diagnostic', async () => {
    expect((await compilePath(path.join(tmp, 'nope.bpmn'))).diagnostics[0]?.code).to.equal('MC012');
    const dir = path.join(tmp, 'dir-model');
    await mkdir(path.join(dir, 'process.bpmn'), { recursive: true });
    await writeFile(path.join(dir, 'procedure.json'), JSON.stringify({ model: 'process.bpmn' }));
    expect((await compileFolder(dir)).diagnostics[0]?.code).to.equal('MC011');
    await writeFile(path.join(dir, 'procedure.json'), JSON.stringify({ model: '/etc/passwd.json' }));
    expect((await compileFolder(dir)).diagnostics[0]?.code).to.equal('MC016');
  });
});
