/**
 * The IR hash: the same model gives the same hash whatever the XML formatting, attribute order, namespace
 * prefixes, diagram layout or redundant elements; a change of meaning gives another hash.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { BpmnModdle } from 'bpmn-moddle';
import { expect } from 'chai';
import {
  canonicalJson,
  compileProcedure,
  defaultRegistry,
  hashIr,
  motcuaModdleDescriptor,
} from '../../compiler/index.js';
import { repoRoot } from '../../config/index.js';
import type { ProcedureIr } from '../../ir/index.js';

const folder = path.join(repoRoot, 'procedure-models', 'samples', 'business-registration');
let metadata: unknown;
let xml: string;
let reference: string;

async function hashOf(source: string): Promise<string | undefined> {
  const r = await compileProcedure({
    metadata,
    model: { kind: 'bpmn', xml: source },
    registry: defaultRegistry(),
  });
  expect(
    r.diagnostics.filter((d) => d.severity === 'error'),
    JSON.stringify(r.diagnostics, null, 1),
  ).to.deep.equal([]);
  return r.hash;
}

/** Reverse the attribute order of every start tag. */
function reverseAttributes(source: string): string {
  return source.replace(
    /<([A-Za-z_][\w:.-]*)((?:\s+[\w:.-]+="[^"]*")+)(\s*\/?)>/g,
    (_m, name: string, attrs: string, end: string) => {
      const list = attrs.match(/[\w:.-]+="[^"]*"/g) ?? [];
      return `<${name} ${list.reverse().join(' ')}${end.trim() ? ' /' : ''}>`;
    },
  );
}

describe('IR hash', () => {
  before(async () => {
    metadata = JSON.parse(await readFile(path.join(folder, 'procedure.json'), 'utf8')) as unknown;
    xml = await readFile(path.join(folder, 'process.bpmn'), 'utf8');
    reference = (await hashOf(xml)) as string;
    expect(reference).to.match(/^[0-9a-f]{64}$/);
  });

  it('ignores indentation, line endings, a BOM and attribute order', async () => {
    expect(await hashOf(xml.replace(/>\s+</g, '><'))).to.equal(reference);
    expect(await hashOf('\uFEFF' + xml.replace(/\n/g, '\r\n'))).to.equal(reference);
    expect(await hashOf(reverseAttributes(xml))).to.equal(reference);
  });

  it('ignores namespace prefixes (bpmn: / default namespace / another prefix for motcua)', async () => {
    const renamed = xml
      .replace(/bpmn:/g, 'semantic:')
      .replace('xmlns:bpmn=', 'xmlns:semantic=')
      .replace(/motcua:/g, 'mc:')
      .replace('xmlns:motcua=', 'xmlns:mc=');
    expect(renamed).to.include('xmlns:semantic="http://www.omg.org/spec/BPMN/20100524/MODEL"');
    expect(await hashOf(renamed)).to.equal(reference);
    const defaultNs = xml
      .replace(/<(\/?)bpmn:/g, '<$1')
      .replace('xmlns:bpmn=', 'xmlns=')
      .replace(/xsi:type="bpmn:/g, 'xsi:type="');
    expect(await hashOf(defaultNs)).to.equal(reference);
  });

  it('ignores the diagram and the redundant incoming/outgoing elements', async () => {
    const noDi = xml.replace(/<bpmndi:BPMNDiagram[\s\S]*<\/bpmndi:BPMNDiagram>/, '');
    expect(noDi).to.not.include('BPMNShape');
    expect(await hashOf(noDi)).to.equal(reference);
    const noRefs = xml.replace(/\s*<bpmn:(incoming|outgoing)>[^<]*<\/bpmn:\1>/g, '');
    expect(noRefs).to.not.include('<bpmn:incoming>');
    expect(await hashOf(noRefs)).to.equal(reference);
  });

  it('a model saved again by bpmn-js (bpmn-moddle toXML, as saveXML does) after moving shapes hashes the same', async () => {
    const moddle = new BpmnModdle({ motcua: motcuaModdleDescriptor });
    const { rootElement } = await moddle.fromXML(xml, 'bpmn:Definitions');
    for (const shape of rootElement.diagrams[0].plane.planeElement) {
      if (shape.bounds) {
        shape.bounds.x += 37;
        shape.bounds.y -= 11;
      }
    }
    const { xml: saved } = await moddle.toXML(rootElement, { format: true });
    expect(saved).to.not.equal(xml);
    expect(await hashOf(saved)).to.equal(reference);
    const { xml: compact } = await moddle.toXML(rootElement, { format: false });
    expect(await hashOf(compact)).to.equal(reference);
  });

  it('changes when the meaning changes', async () => {
    expect(await hashOf(xml.replace('motcua:duration="1.5"', 'motcua:duration="1"'))).to.not.equal(reference);
    expect(await hashOf(xml.replace('outcome = "refuse"', 'outcome != "approve"'))).to.not.equal(reference);
    expect(
      await hashOf(xml.replace('motcua:role="division-head"', 'motcua:role="department-head"')),
    ).to.not.equal(reference);
    expect(await hashOf(xml.replace('Ký Giấy chứng nhận', 'Ký giấy chứng nhận'))).to.not.equal(reference);
  });

  it('equal durations written differently hash the same (0.5 / 0,5 / 0.50)', async () => {
    const a = await hashOf(xml.replace('motcua:duration="1.5"', 'motcua:duration="1,5"'));
    const b = await hashOf(xml.replace('motcua:duration="1.5"', 'motcua:duration="1.50"'));
    expect(a).to.equal(reference);
    expect(b).to.equal(reference);
  });

  it('hashIr is the sha256 of canonical JSON, independent of key order', async () => {
    const r = await compileProcedure({ metadata, model: { kind: 'bpmn', xml }, registry: defaultRegistry() });
    const ir = r.compiled!.ir;
    const shuffled = JSON.parse(JSON.stringify(ir), (_k, v: unknown) =>
      v && typeof v === 'object' && !Array.isArray(v)
        ? Object.fromEntries(Object.entries(v as object).reverse())
        : v,
    ) as ProcedureIr;
    expect(Object.keys(shuffled)[0]).to.not.equal(Object.keys(ir)[0]);
    expect(hashIr(shuffled)).to.equal(hashIr(ir));
    expect(hashIr(ir)).to.equal(r.hash);
    expect(canonicalJson({ b: 1, a: [true, null, 'x'], c: undefined })).to.equal(
      '{"a":[true,null,"x"],"b":1}',
    );
  });
});
