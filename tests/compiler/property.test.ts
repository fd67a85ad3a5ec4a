/**
 * Property-based tests (fast-check): random and mutated input never makes the compiler throw, every result is
 * well-formed, and the pre-scan never counts fewer problem sites than bpmn-moddle reports.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { BpmnModdle } from 'bpmn-moddle';
import { expect } from 'chai';
import fc from 'fast-check';
import {
  CODES,
  compileProcedure,
  countXmlProblemSites,
  preScanXml,
  defaultRegistry,
  motcuaModdleDescriptor,
  type CompileResult,
  type ModelSource,
} from '../../compiler/index.js';
import { repoRoot } from '../../config/index.js';

const samples = path.join(repoRoot, 'procedure-models', 'samples');
let metadata: unknown;
let sampleXml: string;
let sampleSteps: unknown;
const registry = defaultRegistry();

function wellFormed(r: CompileResult): void {
  expect(r.diagnostics).to.be.an('array');
  for (const d of r.diagnostics) {
    expect(CODES, d.code).to.have.property(d.code);
    expect(['error', 'warning', 'info']).to.include(d.severity);
    expect(d.message).to.be.a('string');
    expect(d.messageEn).to.be.a('string');
  }
  const errors = r.diagnostics.some((d) => d.severity === 'error');
  expect(r.ok).to.equal(!errors);
  if (r.ok) expect(r.hash).to.match(/^[0-9a-f]{64}$/);
  else expect(r.hash).to.equal(undefined);
}

const compile = (model: ModelSource): Promise<CompileResult> =>
  compileProcedure({ metadata, model, registry });

/** Text edits a person, a tool or an attacker could make to a model file. */
const mutation = fc.oneof(
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 400 }) }),
  fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), text: fc.string({ maxLength: 40 }) }),
  fc.record({
    kind: fc.constant('tag' as const),
    at: fc.nat(),
    text: fc.constantFrom(
      '<bpmn:task id="x"/>',
      '<bpmn:userTask id="receive"/>',
      '</bpmn:process>',
      '<bpmn:subProcess>',
      '<x:y xmlns:x="urn:x"/>',
      '<!DOCTYPE x>',
      '&amp;',
      '&unknown;',
      '<![CDATA[x]]>',
      '<?pi x?>',
      '<!-- c -->',
      ' motcua:duration="-1"',
      ' id="dup"',
      '"',
      '<',
      '>',
      '\u0000',
      'outcome = ',
    ),
  }),
  fc.record({
    kind: fc.constant('duplicate' as const),
    at: fc.nat(),
    length: fc.integer({ min: 1, max: 300 }),
  }),
  fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
);
type Mutation = typeof mutation extends fc.Arbitrary<infer T> ? T : never;

function apply(xml: string, m: Mutation): string {
  const at = m.at % (xml.length + 1);
  switch (m.kind) {
    case 'delete':
      return xml.slice(0, at) + xml.slice(at + m.length);
    case 'insert':
    case 'tag':
      return xml.slice(0, at) + m.text + xml.slice(at);
    case 'duplicate':
      return xml.slice(0, at) + xml.slice(at, at + m.length) + xml.slice(at);
    case 'truncate':
      return xml.slice(0, at);
  }
}

describe('property: the compiler never throws', function () {
  this.timeout(120_000);

  before(async () => {
    metadata = JSON.parse(
      await readFile(path.join(samples, 'business-registration', 'procedure.json'), 'utf8'),
    ) as unknown;
    sampleXml = await readFile(path.join(samples, 'business-registration', 'process.bpmn'), 'utf8');
    sampleSteps = JSON.parse(
      await readFile(path.join(samples, 'construction-permit', 'steps.json'), 'utf8'),
    ) as unknown;
  });

  it('on random strings as BPMN', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.string(),
          fc.string({ unit: 'binary' }),
          fc.string({ unit: fc.constantFrom('<', '>', '/', 'a', ':', '"', '=', ' ', '!', '?', '&', ';') }),
        ),
        async (xml) => {
          wellFormed(await compile({ kind: 'bpmn', xml }));
        },
      ),
      { numRuns: 150 },
    );
  });

  it('on mutated sample models', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(mutation, { minLength: 1, maxLength: 6 }), async (ms) => {
        const xml = ms.reduce(apply, sampleXml);
        wellFormed(await compile({ kind: 'bpmn', xml }));
      }),
      { numRuns: 250 },
    );
  });

  it('on random XML trees of BPMN and foreign elements', async () => {
    const name = fc.constantFrom(
      'bpmn:userTask',
      'bpmn:task',
      'bpmn:startEvent',
      'bpmn:endEvent',
      'bpmn:sequenceFlow',
      'bpmn:exclusiveGateway',
      'bpmn:parallelGateway',
      'bpmn:boundaryEvent',
      'bpmn:subProcess',
      'bpmn:extensionElements',
      'bpmn:conditionExpression',
      'bpmn:timerEventDefinition',
      'motcua:inputMapping',
      'motcua:input',
      'x:foo',
    );
    const attr = fc.tuple(
      fc.constantFrom(
        'id',
        'name',
        'sourceRef',
        'targetRef',
        'attachedToRef',
        'default',
        'motcua:role',
        'motcua:duration',
        'motcua:durationUnit',
        'motcua:outcome',
        'motcua:outcomes',
        'motcua:slaFraction',
        'motcua:plugin',
        'cancelActivity',
        'target',
        'source',
      ),
      fc.constantFrom(
        'a',
        'b',
        'c',
        's',
        'e',
        '1',
        '0.5',
        '-2',
        'specialist',
        'returned',
        'approve,refuse',
        'true',
        'false',
        'notify.webhook',
        '',
        'outcome = "a"',
      ),
    );
    const tree: fc.Arbitrary<string> = fc.letrec((tie) => ({
      node: fc
        .tuple(
          name,
          fc.uniqueArray(attr, { selector: (a) => a[0], maxLength: 4 }),
          fc.array(tie('child'), { maxLength: 4 }),
        )
        .map(
          ([n, attrs, kids]) =>
            `<${n}${attrs.map(([k, v]) => ` ${k}="${v}"`).join('')}>${kids.join('')}</${n}>`,
        ),
      child: fc.oneof({ maxDepth: 4, depthIdentifier: 'xml' }, fc.constantFrom('text', '', ' '), tie('node')),
    })).node as fc.Arbitrary<string>;
    await fc.assert(
      fc.asyncProperty(fc.array(tree, { maxLength: 8 }), async (nodes) => {
        const xml = `<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:motcua="http://motcua.gov.vn/schema/bpmn/1.0" xmlns:x="urn:x" id="d"><bpmn:process id="p">${nodes.join('')}</bpmn:process></bpmn:definitions>`;
        wellFormed(await compile({ kind: 'bpmn', xml }));
      }),
      { numRuns: 200 },
    );
  });

  it('on arbitrary JSON as a step list, and on mutated step lists', async () => {
    await fc.assert(
      fc.asyncProperty(fc.anything(), async (steps) => {
        wellFormed(await compile({ kind: 'steps', steps }));
      }),
      { numRuns: 200 },
    );
    const json = JSON.stringify(sampleSteps);
    await fc.assert(
      fc.asyncProperty(fc.nat(), fc.nat({ max: 40 }), fc.string({ maxLength: 10 }), async (at, del, ins) => {
        const i = at % json.length;
        let parsed: unknown;
        try {
          parsed = JSON.parse(json.slice(0, i) + ins + json.slice(i + del));
        } catch {
          return; // not JSON: the folder loader reports MC014 before the compiler sees it
        }
        wellFormed(await compile({ kind: 'steps', steps: parsed }));
      }),
      { numRuns: 200 },
    );
  });

  it('on arbitrary JSON as procedure.json', async () => {
    await fc.assert(
      fc.asyncProperty(fc.anything(), async (meta) => {
        wellFormed(
          await compileProcedure({ metadata: meta, model: { kind: 'steps', steps: sampleSteps }, registry }),
        );
      }),
      { numRuns: 150 },
    );
  });
});

describe('property: the pre-scan never undercounts what bpmn-moddle would report', function () {
  this.timeout(120_000);
  const moddle = new BpmnModdle({ motcua: motcuaModdleDescriptor });

  it('on mutated sample models', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(mutation, { minLength: 1, maxLength: 5 }), async (ms) => {
        const xml = ms.reduce(apply, sampleXml);
        const verdict = preScanXml(xml);
        // A file the pre-scan refuses outright (e.g. a foreign root element) never reaches bpmn-moddle.
        if (verdict.refusal) return;
        let reported: number;
        try {
          const r = await moddle.fromXML(xml, 'bpmn:Definitions', { lax: true });
          // The expensive reports are the positioned ones ("unparsable content ... line: ...").
          reported = r.warnings.filter((w) => /unparsable content/.test(w.message)).length;
        } catch {
          return; // fatal parse errors stop the reader at the first one: nothing to bound
        }
        expect(verdict.problems).to.be.at.least(reported);
      }),
      { numRuns: 300 },
    );
  });

  it('is exact on the samples and foreign fixtures', async () => {
    // the second: a CDATA section before the root element (found by the property above, seed 648501813)
    for (const xml of [sampleXml, `<![CDATA[x]]>${sampleXml}`, `${sampleXml}<![CDATA[x]]>`]) {
      const r = await moddle.fromXML(xml, 'bpmn:Definitions', { lax: true });
      expect(countXmlProblemSites(xml)).to.equal(
        r.warnings.filter((w) => /unparsable content/.test(w.message)).length,
      );
    }
  });

  it('hashes are deterministic: compiling twice gives the same hash', async () => {
    const a = await compile({ kind: 'bpmn', xml: sampleXml });
    const b = await compile({ kind: 'bpmn', xml: sampleXml });
    expect(a.hash).to.be.a('string');
    expect(a.hash).to.equal(b.hash);
  });
});
