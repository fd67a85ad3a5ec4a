/**
 * Hostile and foreign input: every file ends in diagnostics (never an exception, never a hang), and the XML reader
 * is verified not to resolve external entities nor expand entity declarations.
 */
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { BpmnModdle } from 'bpmn-moddle';
import { expect } from 'chai';
import {
  compileModel,
  compilePath,
  compileProcedure,
  defaultRegistry,
  MAX_PROBLEM_SITES,
  type CompilerRegistry,
  type CompileResult,
} from '../../compiler/index.js';
import { repoRoot } from '../../config/index.js';

const fixtures = path.join(repoRoot, 'tests', 'compiler', 'fixtures');
const HEAD =
  '<?xml version="1.0"?><bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" id="d" targetNamespace="x"><bpmn:process id="p">';
const TAIL = '</bpmn:process></bpmn:definitions>';

const codes = (r: CompileResult): string[] => r.diagnostics.map((d) => d.code);
const bpmn = (xml: string, limits?: object): Promise<CompileResult> =>
  compileModel({ model: { kind: 'bpmn', xml }, ...(limits ? { limits } : {}) });

describe('hostile input', function () {
  // A generous guard against hangs, not a performance target.
  this.timeout(30_000);

  const expected: Record<string, string> = {
    'billion-laughs.bpmn': 'MC002',
    'xxe-file.bpmn': 'MC002',
    'empty.bpmn': 'MC003',
    'truncated.bpmn': 'MC003',
    'mismatched-tags.bpmn': 'MC003',
    'json-named-bpmn.bpmn': 'MC003',
    'not-bpmn.bpmn': 'MC004',
    'wrong-namespace.bpmn': 'MC004',
    'no-process.bpmn': 'MC006',
    'image-named-bpmn.bpmn': 'MC011',
    'invalid-utf16.bpmn': 'MC011',
    'latin1.bpmn': 'MC011',
  };

  it('has an expectation for every hostile fixture', async () => {
    expect((await readdir(path.join(fixtures, 'hostile'))).sort()).to.deep.equal(
      Object.keys(expected).sort(),
    );
  });

  for (const [file, code] of Object.entries(expected)) {
    it(`${file} → ${code}`, async () => {
      const r = await compilePath(path.join(fixtures, 'hostile', file));
      expect(r.ok).to.equal(false);
      expect(codes(r)).to.include(code);
      expect(r.hash).to.equal(undefined);
    });
  }

  it('rejects files over the size limit before parsing (default 5 MB, configurable)', async () => {
    const big = HEAD + '<bpmn:startEvent id="s"/>' + ' '.repeat(5 * 1024 * 1024) + TAIL;
    expect(codes(await bpmn(big))).to.deep.equal(['MC001']);
    expect(codes(await bpmn(HEAD + TAIL, { maxBytes: 50 }))).to.deep.equal(['MC001']);
    const dir = await mkdtemp(path.join(os.tmpdir(), 'motcua-big-'));
    try {
      await writeFile(path.join(dir, 'process.bpmn'), big);
      const r = await compilePath(path.join(dir, 'process.bpmn'));
      expect(codes(r)).to.deep.equal(['MC001']);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('rejects too many elements, attributes or flow nodes', async () => {
    expect(
      codes(await bpmn(HEAD + '<bpmn:documentation/>'.repeat(50) + TAIL, { maxElements: 40 })),
    ).to.deep.equal(['MC005']);
    const attrs = Array.from({ length: 200_000 }, (_, i) => `a${i}="1"`).join(' ');
    expect(codes(await bpmn(HEAD + `<bpmn:startEvent id="s" ${attrs}/>` + TAIL))).to.deep.equal(['MC005']);
    const deep =
      HEAD + '<bpmn:documentation>'.repeat(100_000) + '</bpmn:documentation>'.repeat(100_000) + TAIL;
    expect(codes(await bpmn(deep))).to.deep.equal(['MC005']);
    const nodes = Array.from({ length: 30 }, (_, i) => `<bpmn:task id="t${i}"/>`).join('');
    expect(codes(await bpmn(HEAD + nodes + TAIL, { maxNodes: 20 }))).to.include('MC020');
  });

  it('refuses files with more problem sites than bpmn-moddle can report in bounded time', async () => {
    const pad = `<!--${' '.repeat(4 * 1024 * 1024)}-->`;
    for (const junk of [
      '<x:note xmlns:x="urn:x"/>\n',
      'stray text<bpmn:documentation/>\n',
      '<bpmn:task id="same"/>\n',
      '<bpmn:definitions/>\n',
      '<bpmn:task id="t" a=1/>\n',
    ]) {
      const r = await bpmn(
        HEAD.replace('<bpmn:process', `${pad}<bpmn:process`) + junk.repeat(20_000 / 2) + TAIL,
      );
      expect(codes(r), junk).to.deep.equal(['MC021']);
    }
    // A few problems are fine: they are reported one by one.
    const few = await bpmn(
      HEAD + '<bpmn:startEvent id="s"/>' + '<x:note xmlns:x="urn:x"/>'.repeat(MAX_PROBLEM_SITES) + TAIL,
    );
    expect(codes(few).filter((c) => c === 'MC008').length).to.be.greaterThan(0);
    expect(codes(few)).to.not.include('MC021');
  });

  it('deeply nested and huge values parse without a stack overflow', async () => {
    const nested =
      HEAD +
      '<bpmn:startEvent id="s"><bpmn:extensionElements>' +
      '<x:a xmlns:x="urn:x">'.repeat(15_000) +
      '</x:a>'.repeat(15_000) +
      '</bpmn:extensionElements></bpmn:startEvent>' +
      TAIL;
    const r = await bpmn(nested);
    expect(r.ok).to.equal(false);
    expect(codes(r)).to.include('MC811');
    const huge = await bpmn(HEAD + `<bpmn:startEvent id="s" name="${'x'.repeat(3_000_000)}"/>` + TAIL);
    expect(codes(huge)).to.include('MC811');
  });

  it('bpmn-moddle (saxen) resolves no external entity and expands no entity, even without our DOCTYPE guard', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'motcua-xxe-'));
    try {
      const secret = path.join(dir, 'secret.txt');
      await writeFile(secret, 'TOP-SECRET-MARKER');
      const xxe = `<?xml version="1.0"?><!DOCTYPE d [<!ENTITY s SYSTEM "file://${secret}">]>
        <bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" id="d"><bpmn:process id="p"><bpmn:startEvent id="e" name="&s;"/></bpmn:process></bpmn:definitions>`;
      const moddle = new BpmnModdle();
      const parsed = await moddle.fromXML(xxe, 'bpmn:Definitions', { lax: true });
      const name = String(parsed.rootElement.rootElements[0].flowElements[0].name);
      expect(name).to.not.include('TOP-SECRET-MARKER');
      expect(name).to.equal('&s;');
      const laughs = (await import('node:fs/promises')).readFile(
        path.join(fixtures, 'hostile', 'billion-laughs.bpmn'),
        'utf8',
      );
      const lol = await moddle.fromXML(await laughs, 'bpmn:Definitions', { lax: true });
      expect(String(lol.rootElement.rootElements[0].flowElements[0].name).length).to.be.lessThan(20);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('an internal failure becomes MC900, not an exception', async () => {
    const broken = { roles: {}, agencies: {}, plugins: {}, procedures: {} } as unknown as CompilerRegistry;
    const r = await compileProcedure({
      metadata: {},
      model: {
        kind: 'steps',
        steps: {
          steps: [{ id: 'a', name: { vi: 'A' }, role: 'x', duration: { amount: 1, unit: 'working-day' } }],
        },
      },
      registry: broken,
    });
    expect(r.ok).to.equal(false);
    expect(codes(r)).to.include('MC900');
  });

  it('a model of the wrong kind for its source never throws', async () => {
    for (const model of [{ kind: 'bpmn', xml: 42 }, { kind: 'yaml' }, null]) {
      const r = await compileProcedure({ metadata: {}, model: model as never, registry: defaultRegistry() });
      expect(r.ok).to.equal(false);
    }
  });
});

describe('foreign BPMN (other tools)', function () {
  this.timeout(30_000);
  const expected: Record<string, string[]> = {
    'camunda7-leave-request.bpmn': ['MC018', 'MC019', 'MC301', 'MC302', 'MC501', 'MC701', 'MC311'],
    'camunda8-zeebe.bpmn': ['MC019', 'MC301', 'MC304', 'MC302'],
    'signavio-permit.bpmn': ['MC019', 'MC301', 'MC306'],
    'bizagi-registration.bpmn': ['MC007', 'MC019'],
  };
  for (const [file, want] of Object.entries(expected)) {
    it(`${file} parses and gets diagnostics for what cannot run`, async () => {
      const r = await compilePath(path.join(fixtures, 'foreign', file), defaultRegistry());
      expect(r.ok).to.equal(false);
      expect(codes(r)).to.include.members(want);
      expect(codes(r)).to.not.include('MC900');
      for (const d of r.diagnostics.filter((x) => x.code === 'MC301')) expect(d.elementId).to.be.a('string');
    });
  }

  it('elements inside an unsupported sub-process are reported once, as the sub-process', async () => {
    const r = await compilePath(path.join(fixtures, 'foreign', 'signavio-permit.bpmn'));
    expect(r.diagnostics.map((d) => d.elementId)).to.not.include.members([
      'sid-sub-start',
      'sid-sub-task',
      'sid-sub-end',
    ]);
    expect(r.diagnostics.find((d) => d.elementId === 'sid-sub')).to.deep.include({ code: 'MC301' });
  });
});
