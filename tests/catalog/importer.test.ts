import { expect } from 'chai';
import { mkdtemp, readFile, rm, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { repoRoot } from '../../config/index.js';
import { compileFolder, defaultRegistry } from '../../compiler/index.js';
import {
  AGENCY_TREE,
  importRecords,
  loadCatalog,
  readSource,
  stableJson,
  writeCatalog,
  type SourceFile,
} from '../../catalog/index.js';
import { runCatalogCommand } from '../../cli/catalog.js';

const fixtures = path.join(repoRoot, 'tests', 'catalog', 'fixtures');
const FILES = [
  'national-tthc.sample.jsonl',
  'mod-tthc.sample.jsonl',
  'province-land-procedures.sample.json',
  'commune-land-procedures.sample.json',
  'land-internal-procedures-staged.sample.json',
].map((f) => path.join(fixtures, f));

async function sources(): Promise<SourceFile[]> {
  const out: SourceFile[] = [];
  for (const f of FILES) {
    const r = await readSource(f);
    expect(r.errors, f).to.deep.equal([]);
    out.push(r.source!);
  }
  return out;
}

describe('catalog importer', function () {
  this.timeout(30000);
  let tmp: string;
  before(async () => {
    tmp = await mkdtemp(path.join(tmpdir(), 'motcua-catalog-'));
  });
  after(async () => {
    await rm(tmp, { recursive: true, force: true });
  });

  it('recognises each input file by its content', async () => {
    const kinds = (await sources()).map((s) => `${s.kind}/${s.variant ?? ''}`);
    expect(kinds).to.deep.equal([
      'national-tthc/',
      'mod-tthc/',
      'internal-procedures/province',
      'internal-procedures/commune',
      'internal-procedures/staged',
    ]);
  });

  it('gives one entry per procedure and level, and skips ministry-only records', async () => {
    const { entries, report } = await importRecords(await sources());
    const keys = entries.map((e) => `${e.metadata.code}@${e.metadata.level}`);
    expect(new Set(keys).size).to.equal(keys.length);
    // 1.013067 is carried out at ministry, province and commune level: two catalog entries.
    expect(keys.filter((k) => k.startsWith('1.013067@')).sort()).to.deep.equal([
      '1.013067@commune',
      '1.013067@province',
    ]);
    // 1.000232 and 1.001471 are ministry-only.
    expect(keys.some((k) => k.startsWith('1.000232@') || k.startsWith('1.001471@'))).to.equal(false);
    expect(report.records.skippedLevels.ministry).to.be.at.least(2);
    for (const e of entries) expect(['province', 'district', 'commune']).to.include(e.metadata.level);
    expect(report.records.read).to.equal(15 + 4 + 3 + 2 + 1);
  });

  it('lists every default in provenance and in the report, per record and field', async () => {
    const { entries, report } = await importRecords(await sources());
    const bhxh = entries.find((e) => e.metadata.code === '1.001710' && e.metadata.level === 'province');
    expect(bhxh?.metadata.provenance?.source).to.equal('national-tthc:1.001710');
    const fields = (bhxh?.metadata.provenance?.defaults ?? []).map((d) => d.field);
    expect(fields).to.include('channels.counter.duration.unit');
    expect(fields).to.include('components');
    expect(
      report.issues.some(
        (i) => i.source === 'national-tthc:1.001710@province' && i.field === 'channels.counter.duration.unit',
      ),
    ).to.equal(true);
    // A fully readable record has no defaults.
    const plain = entries.find((e) => e.metadata.code === '1.013067' && e.metadata.level === 'province');
    expect(plain?.metadata.provenance?.defaults ?? []).to.deep.equal([]);
    expect(plain?.metadata.channels[0]).to.deep.include({
      channel: 'counter',
      duration: { amount: 7, unit: 'working-day' },
    });
  });

  it('reports per-field parse rates', async () => {
    const { report } = await importRecords(await sources());
    for (const f of [
      'code',
      'name',
      'level',
      'sector',
      'channels',
      'duration',
      'fees',
      'components',
      'result',
      'agency',
    ]) {
      const s = report.fields[f];
      expect(s, f).to.not.equal(undefined);
      expect(s!.total, f).to.be.greaterThan(0);
      expect(s!.parsed, f).to.be.at.most(s!.total);
    }
    expect(report.fields.duration!.parsed).to.be.below(report.fields.duration!.total);
  });

  it('models coordinating agencies as call activities to generated coordination procedures', async () => {
    const { entries } = await importRecords(await sources());
    const call = entries.find((e) => e.metadata.code === '2.000497');
    expect(call?.metadata.model).to.equal('process.bpmn');
    expect(call?.metadata.participants).to.deep.equal(['CA-X']);
    const xml = call?.model.kind === 'bpmn' ? call.model.xml : '';
    const called = /motcua:procedure="([^"]+)"/.exec(xml)?.[1];
    expect(called).to.match(/^LT-CA-X-/);
    expect(
      entries.some(
        (e) => e.metadata.code === called && e.metadata.provenance?.source === 'generated:coordination',
      ),
    ).to.equal(true);
    expect(xml).to.contain('<bpmndi:BPMNDiagram');
  });

  it('is deterministic: the same records give byte-identical entries', async () => {
    const a = await importRecords(await sources());
    const b = await importRecords(await sources());
    const dump = (r: typeof a): string =>
      r.entries
        .map(
          (e) =>
            e.dir +
            stableJson(e.metadata) +
            (e.model.kind === 'bpmn' ? e.model.xml : stableJson(e.model.steps)),
        )
        .join('\n');
    expect(dump(a)).to.equal(dump(b));
  });

  it('writes, re-writes unchanged, removes stale entries, and reads back', async () => {
    const out = path.join(tmp, 'catalog');
    const { entries } = await importRecords(await sources());
    const first = await writeCatalog(out, entries, [
      'national-tthc',
      'mod-tthc',
      'internal-procedures',
      'generated',
    ]);
    expect(first.written).to.equal(entries.length);
    const second = await writeCatalog(out, entries, [
      'national-tthc',
      'mod-tthc',
      'internal-procedures',
      'generated',
    ]);
    expect(second).to.deep.equal({ written: 0, unchanged: entries.length, removed: 0 });
    // A stale national entry is removed; an entry of another source is kept.
    const stale = path.join(out, 'x', '9.999999-province');
    const foreign = path.join(out, 'x', 'MC.1-province');
    for (const [dir, source] of [
      [stale, 'national-tthc:9.999999'],
      [foreign, 'hand-written'],
    ] as const) {
      await mkdir(dir, { recursive: true });
      await writeFile(
        path.join(dir, 'procedure.json'),
        JSON.stringify({ code: 'X', model: 'steps.json', provenance: { source } }),
      );
      await writeFile(path.join(dir, 'steps.json'), '{"steps":[]}');
    }
    const third = await writeCatalog(out, entries, ['national-tthc']);
    expect(third.removed).to.equal(1);
    const loaded = await loadCatalog(out);
    expect(loaded.length).to.equal(entries.length + 1);
    const one = loaded.find((l) => l.metadata.code === '1.013067' && l.metadata.level === 'commune');
    expect(one?.model.kind).to.equal('steps');
    expect(one?.dir).to.equal(
      path.join(out, 'dang-ky-quan-ly-phuong-tien-giao-thong-co-gioi-xe-may', '1.013067-commune'),
    );
  });

  it('produces entries that compile with no errors against the agency tree', async () => {
    const out = path.join(tmp, 'compiled');
    const { entries } = await importRecords(await sources());
    await writeCatalog(out, entries, []);
    const registry = defaultRegistry({
      agencies: AGENCY_TREE.map((a) => a.code),
      procedures: entries.map((e) => e.metadata.code),
    });
    for (const e of entries) {
      const r = await compileFolder(path.join(out, e.dir), registry);
      expect(
        r.diagnostics.filter((d) => d.severity === 'error'),
        e.dir,
      ).to.deep.equal([]);
    }
  });

  describe('motcua catalog import (CLI)', () => {
    let stdout: string[];
    let stderr: string[];
    let restore: Array<() => void>;
    beforeEach(() => {
      stdout = [];
      stderr = [];
      const o = process.stdout.write.bind(process.stdout);
      const e = process.stderr.write.bind(process.stderr);
      process.stdout.write = ((s: string) => (stdout.push(String(s)), true)) as typeof process.stdout.write;
      process.stderr.write = ((s: string) => (stderr.push(String(s)), true)) as typeof process.stderr.write;
      restore = [() => (process.stdout.write = o), () => (process.stderr.write = e)];
    });
    afterEach(() => restore.forEach((r) => r()));

    it('imports, prints a summary with parse rates and writes the report', async () => {
      const out = path.join(tmp, 'cli');
      const report = path.join(tmp, 'report.json');
      const code = await runCatalogCommand([
        'import',
        '--out',
        out,
        '--agencies',
        path.join(tmp, 'agencies.json'),
        '--report',
        report,
        ...FILES,
      ]);
      restore.forEach((r) => r());
      expect(code).to.equal(0);
      const text = stdout.join('');
      expect(text).to.match(/records read: 25/);
      expect(text).to.match(/thời hạn \/ time limit \(per row\)\s+\d+\.\d%/);
      expect(stderr.join('')).to.match(/importing/);
      const json = JSON.parse(await readFile(report, 'utf8')) as { issues: unknown[] };
      expect(json.issues.length).to.be.greaterThan(0);
      const agencies = JSON.parse(await readFile(path.join(tmp, 'agencies.json'), 'utf8')) as Array<{
        code: string;
      }>;
      expect(agencies.map((a) => a.code)).to.include('TTHCC');
    });

    it('exits 2 on usage errors and 1 on unreadable files', async () => {
      expect(await runCatalogCommand(['import'])).to.equal(2);
      expect(await runCatalogCommand(['import', '--bogus', 'x'])).to.equal(2);
      expect(await runCatalogCommand(['frobnicate'])).to.equal(2);
      expect(
        await runCatalogCommand([
          'import',
          '--quiet',
          '--out',
          path.join(tmp, 'none'),
          path.join(tmp, 'missing.jsonl'),
        ]),
      ).to.equal(1);
      restore.forEach((r) => r());
      expect(stderr.join('')).to.match(/missing\.jsonl/);
    });
  });
});
