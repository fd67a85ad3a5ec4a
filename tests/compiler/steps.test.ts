/** The JSON step-list front end lowers to the same IR as BPMN. */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { expect } from 'chai';
import { compileProcedure, defaultRegistry, type ModelSource } from '../../compiler/index.js';
import { repoRoot } from '../../config/index.js';

const twoStep = path.join(repoRoot, 'procedure-models', 'samples', 'two-step');
const read = async (f: string): Promise<unknown> =>
  JSON.parse(await readFile(path.join(twoStep, f), 'utf8')) as unknown;

/** The two-step sample drawn in BPMN with the ids and names the step list generates. */
const TWO_STEP_BPMN = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:motcua="http://motcua.gov.vn/schema/bpmn/1.0" id="d" targetNamespace="x">
  <bpmn:process id="p" isExecutable="true">
    <bpmn:startEvent id="start" name="Bắt đầu" motcua:nameEn="Start" />
    <bpmn:userTask id="receive" name="Tiếp nhận hồ sơ" motcua:nameEn="Receive the dossier" motcua:role="receptionist" motcua:duration="0.5" motcua:outcomes="accept" />
    <bpmn:userTask id="approve" name="Phê duyệt" motcua:nameEn="Approve" motcua:role="department-head" motcua:duration="1" motcua:durationUnit="working-day" motcua:outcomes="approve" />
    <bpmn:endEvent id="end" name="Trả kết quả" motcua:nameEn="Result returned" motcua:outcome="returned" />
    <bpmn:sequenceFlow id="flow_1" sourceRef="start" targetRef="receive" />
    <bpmn:sequenceFlow id="flow_2" sourceRef="receive" targetRef="approve" />
    <bpmn:sequenceFlow id="flow_3" sourceRef="approve" targetRef="end" />
  </bpmn:process>
</bpmn:definitions>`;

describe('step lists', () => {
  it('compile to the same IR and hash as the equivalent BPMN model', async () => {
    const metadata = await read('procedure.json');
    const fromSteps = await compileProcedure({
      metadata,
      model: { kind: 'steps', steps: await read('steps.json') },
      registry: defaultRegistry(),
    });
    const fromBpmn = await compileProcedure({
      metadata,
      model: { kind: 'bpmn', xml: TWO_STEP_BPMN },
      registry: defaultRegistry(),
    });
    expect(fromBpmn.diagnostics).to.deep.equal([]);
    expect(fromSteps.ok).to.equal(true);
    expect(fromBpmn.compiled?.ir).to.deep.equal(fromSteps.compiled?.ir);
    expect(fromBpmn.hash).to.equal(fromSteps.hash);
  });

  it('a decision whose branches all end makes later steps unreachable (reported with their JSON path)', async () => {
    const steps = {
      steps: [
        {
          id: 'a',
          name: { vi: 'A' },
          role: 'specialist',
          duration: { amount: 1, unit: 'working-day' },
          outcomes: ['ok', 'no'],
        },
        {
          decision: {
            id: 'd',
            branches: [{ when: 'outcome = "no"', end: 'refused' }],
            otherwise: { end: 'returned' },
          },
        },
        { id: 'b', name: { vi: 'B' }, role: 'specialist', duration: { amount: 1, unit: 'working-day' } },
      ],
    };
    const r = await compileProcedure({
      metadata: await read('procedure.json'),
      model: { kind: 'steps', steps },
    });
    expect(r.ok).to.equal(false);
    expect(r.diagnostics.find((d) => d.code === 'MC401')).to.deep.include({ path: '/steps/2' });
  });

  it('working hours count as the runtime’s working day (7.5 h): an 8-hour step exceeds a 1-day legal limit', async () => {
    const metadata = (await read('procedure.json')) as { channels: Array<{ duration: unknown }> };
    metadata.channels[0]!.duration = { amount: 1, unit: 'working-day' };
    const compile = (hours: number) =>
      compileProcedure({
        metadata,
        model: {
          kind: 'steps',
          steps: {
            steps: [
              {
                id: 'a',
                name: { vi: 'A' },
                role: 'specialist',
                duration: { amount: hours, unit: 'working-hour' },
              },
            ],
          },
        },
      });
    expect((await compile(7.5)).ok).to.equal(true);
    const eight = await compile(8);
    expect(eight.ok).to.equal(false);
    expect(eight.diagnostics.map((d) => d.code)).to.include('MC505');
  });

  it('defaults: outcomes ["done"], warningAt 0.75, agency absent', async () => {
    const steps = {
      steps: [
        {
          id: 'only',
          name: { vi: 'Bước' },
          role: 'specialist',
          duration: { amount: 1, unit: 'working-hour' },
        },
      ],
    };
    const r = await compileProcedure({
      metadata: await read('procedure.json'),
      model: { kind: 'steps', steps },
    });
    const node = r.compiled?.ir.nodes.find((n) => n.id === 'only');
    expect(node).to.deep.include({
      outcomes: ['done'],
      warningAt: 0.75,
      duration: { amount: 1, unit: 'working-hour' },
    });
    expect(node).to.not.have.property('agency');
  });

  it('never throws on values that are not step lists', async () => {
    for (const steps of [
      null,
      42,
      'steps',
      [],
      { steps: null },
      { steps: [null] },
      { steps: [{ parallel: null }] },
      { steps: [{ decision: { branches: 'x' } }] },
    ]) {
      const r = await compileProcedure({
        metadata: await read('procedure.json'),
        model: { kind: 'steps', steps } as ModelSource,
      });
      expect(r.ok).to.equal(false);
      expect(r.diagnostics.some((d) => d.code === 'MC201')).to.equal(true);
    }
  });
});
