/**
 * One fixture pair per diagnostic code in fixtures/rules/: `<CODE>.bad[.variant].<ext>` must produce the code,
 * `<CODE>.good[.variant].<ext>` must not, and must compile without errors. A folder fixture is a procedure
 * folder (procedure.json + model); a lone .bpmn / .json file is a model checked on its own.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import { CODES, compilePath, defaultRegistry } from '../../compiler/index.js';
import { repoRoot } from '../../config/index.js';

const dir = path.join(repoRoot, 'tests', 'compiler', 'fixtures', 'rules');
const fixtures = readdirSync(dir).sort();
const registry = defaultRegistry();

/** Codes checked by generated input in other tests (sizes and limits) or not reachable from a file. */
const ELSEWHERE: Record<string, string> = {
  MC001: 'hostile.test.ts (size limit)',
  MC005: 'hostile.test.ts (element limit)',
  MC020: 'hostile.test.ts (node limit)',
  MC900: 'hostile.test.ts (internal errors become diagnostics)',
};

describe('compiler rules: a fixture that trips each code and one that does not', () => {
  it('has a bad and a good fixture for every code', () => {
    const missing = Object.keys(CODES).filter(
      (code) =>
        !(code in ELSEWHERE) &&
        !(
          fixtures.some((f) => f.startsWith(`${code}.bad`)) &&
          fixtures.some((f) => f.startsWith(`${code}.good`))
        ),
    );
    expect(missing).to.deep.equal([]);
  });

  for (const name of fixtures) {
    const [code, kind] = name.split('.') as [string, string];
    it(`${name} ${kind === 'bad' ? 'reports' : 'does not report'} ${code}`, async () => {
      const result = await compilePath(path.join(dir, name), registry);
      const codes = result.diagnostics.map((d) => d.code);
      expect(CODES).to.have.property(code);
      if (kind === 'bad') {
        expect(codes, JSON.stringify(result.diagnostics, null, 1)).to.include(code);
        const d = result.diagnostics.find((x) => x.code === code)!;
        expect(d.severity).to.equal(CODES[code as keyof typeof CODES].severity);
        expect(d.message).to.be.a('string').and.not.equal('');
        expect(d.messageEn).to.be.a('string').and.not.equal('');
        if (d.severity === 'error') expect(result.ok).to.equal(false);
      } else {
        expect(codes).to.not.include(code);
        expect(
          result.diagnostics.filter((x) => x.severity === 'error'),
          JSON.stringify(result.diagnostics, null, 1),
        ).to.deep.equal([]);
        expect(result.ok).to.equal(true);
      }
    });
  }
});

describe('diagnostic texts', () => {
  it('every code has Vietnamese (with diacritics) and English text, and no unfilled placeholder in use', async () => {
    for (const [code, spec] of Object.entries(CODES)) {
      expect(spec.vi, code).to.match(
        /[àáảãạăắằẳẵặâấầẩẫậđèéẻẽẹêếềểễệìíỉĩịòóỏõọôốồổỗộơớờởỡợùúủũụưứừửữựỳýỷỹỵ]/i,
      );
      expect(spec.en, code).to.match(/^[\x20-\x7E{}…≠]+$/);
      expect(code).to.match(/^MC\d{3}$/);
    }
    const placeholders = new Set(
      Object.values(CODES).flatMap((c) => [...`${c.vi} ${c.en}`.matchAll(/\{(\w+)\}/g)].map((m) => m[0])),
    );
    expect(placeholders.size).to.be.greaterThan(5);
    for (const name of fixtures.filter((f) => f.includes('.bad'))) {
      const result = await compilePath(path.join(dir, name), registry);
      for (const d of result.diagnostics) {
        for (const p of placeholders) {
          expect(d.message, `${name} ${d.code}`).to.not.include(p);
          expect(d.messageEn, `${name} ${d.code}`).to.not.include(p);
        }
      }
    }
  });

  it('docs/models.md lists every code', () => {
    const doc = readFileSync(path.join(repoRoot, 'docs', 'models.md'), 'utf8');
    expect(Object.keys(CODES).filter((code) => !doc.includes(`| ${code} |`))).to.deep.equal([]);
  });

  it('names the element (or JSON path) of a located problem', async () => {
    const bpmn = await compilePath(path.join(dir, 'MC302.bad.bpmn'), registry);
    expect(bpmn.diagnostics.find((d) => d.code === 'MC302')).to.include({ elementId: 't1' });
    const steps = await compilePath(path.join(dir, 'MC202.bad.json'), registry);
    expect(steps.diagnostics.find((d) => d.code === 'MC202')).to.include({ path: '/steps/1/id' });
    const meta = await compilePath(path.join(dir, 'MC505.bad'), registry);
    const d = meta.diagnostics.find((x) => x.code === 'MC505')!;
    expect(d.path).to.equal('/channels/0/duration');
    expect(d.file).to.equal(path.join(dir, 'MC505.bad', 'procedure.json'));
    expect(d.message).to.include('3,5 ngày làm việc');
    expect(d.messageEn).to.include('3.5 working day(s)');
    expect(d.fix?.vi).to.be.a('string');
  });
});
