/** The sample procedures in procedure-models/samples/ compile, and their IR has the shape the interpreter expects. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { expect } from 'chai';
import {
  compileFolder,
  defaultRegistry,
  findProcedureFolders,
  SAMPLE_PROCEDURES,
  schemaDir,
} from '../../compiler/index.js';
import { repoRoot } from '../../config/index.js';
import type { ProcedureIr, UserTaskNode } from '../../ir/index.js';

const samples = path.join(repoRoot, 'procedure-models', 'samples');
const registry = defaultRegistry();
const validateIr = new Ajv2020({ allErrors: true, strictRequired: false }).compile(
  JSON.parse(readFileSync(path.join(schemaDir, 'ir.schema.json'), 'utf8')) as object,
);

async function compileSample(folder: string): Promise<ProcedureIr> {
  const r = await compileFolder(path.join(samples, folder), registry);
  expect(r.diagnostics, JSON.stringify(r.diagnostics, null, 1)).to.deep.equal([]);
  expect(r.ok).to.equal(true);
  expect(r.hash).to.match(/^[0-9a-f]{64}$/);
  expect(r.compiled?.hash).to.equal(r.hash);
  return r.compiled!.ir;
}

describe('sample procedures', () => {
  it('every sample compiles with no diagnostic and a schema-valid IR; the registry knows every sample code', async () => {
    const folders = await findProcedureFolders(samples);
    expect(folders.length).to.be.at.least(5);
    const codes: string[] = [];
    for (const f of folders) {
      const ir = await compileSample(path.relative(samples, f));
      expect(validateIr(ir), JSON.stringify(validateIr.errors)).to.equal(true);
      codes.push(ir.procedure.code);
    }
    expect([...codes].sort()).to.deep.equal([...SAMPLE_PROCEDURES].sort());
  });

  it('two-step: MC.000001, STP, receive (0.5 day) then approve (1 day)', async () => {
    const ir = await compileSample('two-step');
    expect(ir.procedure).to.deep.include({
      code: 'MC.000001',
      level: 'province',
      agency: 'STP',
      sector: 'Hộ tịch',
    });
    expect(ir.procedure.channels).to.deep.equal([
      { channel: 'counter', duration: { amount: 2, unit: 'working-day' } },
    ]);
    const tasks = ir.nodes.filter((n): n is UserTaskNode => n.kind === 'userTask');
    expect(tasks.map((t) => [t.id, t.role, t.duration.amount, t.outcomes])).to.deep.equal([
      ['receive', 'receptionist', 0.5, ['accept']],
      ['approve', 'department-head', 1, ['approve']],
    ]);
    expect(ir.startNode).to.equal('start');
    expect(ir.nodes.map((n) => n.kind)).to.deep.equal(['startEvent', 'userTask', 'userTask', 'endEvent']);
    expect(ir.flows.map((f) => `${f.source}>${f.target}`)).to.deep.equal([
      'start>receive',
      'receive>approve',
      'approve>end',
    ]);
  });

  it('receive → appraise → approve → return (BPMN)', async () => {
    const ir = await compileSample('land-change-registration');
    expect(ir.nodes.filter((n) => n.kind === 'userTask').map((n) => n.id)).to.deep.equal([
      'receive',
      'appraise',
      'approve',
      'return',
    ]);
    const appraise = ir.nodes.find((n) => n.id === 'appraise') as UserTaskNode;
    expect(appraise).to.deep.include({
      agency: 'STNMT',
      escalationRole: 'division-head',
      warningAt: 0.75,
      form: 'forms/tham-dinh-dat-dai.json',
    });
    expect(appraise.name).to.deep.equal({
      vi: 'Thẩm định hồ sơ, xác minh thực địa',
      en: 'Appraise the dossier and inspect the land',
    });
  });

  it('inter-agency: calls another sample procedure at another agency', async () => {
    const ir = await compileSample('land-use-change-inter-agency');
    const call = ir.nodes.find((n) => n.kind === 'callActivity');
    expect(call).to.deep.include({
      procedure: 'MC.000002',
      agency: 'STNMT',
      duration: { amount: 9, unit: 'working-day' },
    });
    const called = await compileSample('land-change-registration');
    expect(called.procedure.code).to.equal('MC.000002');
    expect(ir.procedure.participants).to.deep.equal(['STNMT']);
  });

  it('decision between approve, refuse and supplement, with a loop back and a refusal end', async () => {
    const ir = await compileSample('business-registration');
    const appraise = ir.nodes.find((n) => n.id === 'appraise') as UserTaskNode;
    expect(appraise.outcomes).to.deep.equal(['approve', 'refuse', 'supplement']);
    const gw = ir.nodes.find((n) => n.id === 'result');
    expect(gw).to.deep.include({ kind: 'exclusiveGateway', defaultFlow: 'Flow_supplement' });
    const conditions = ir.flows.filter((f) => f.source === 'result').map((f) => f.condition ?? 'default');
    expect(conditions).to.deep.equal(['outcome = "approve"', 'outcome = "refuse"', 'default']);
    expect(
      ir.nodes.filter((n) => n.kind === 'endEvent').map((n) => (n as { outcome: string }).outcome),
    ).to.deep.equal(['returned', 'refused']);
    const notify = ir.nodes.find((n) => n.kind === 'serviceTask');
    expect(notify).to.deep.include({ plugin: 'notify.webhook' });
    expect(Object.keys((notify as { input: object }).input)).to.deep.equal(['url', 'message']);
    expect(ir.flows.find((f) => f.id === 'Flow_supplement_back')).to.deep.include({ target: 'toAppraisal' });
  });

  it('step list with a parallel group and a decision', async () => {
    const ir = await compileSample('construction-permit');
    expect(ir.nodes.find((n) => n.id === 'consult')).to.deep.include({
      kind: 'parallelGateway',
      outgoing: ['flow_3', 'flow_4'],
    });
    expect(ir.nodes.find((n) => n.id === 'consult_join')).to.deep.include({
      kind: 'parallelGateway',
      incoming: ['flow_5', 'flow_6'],
    });
    expect(ir.flows.find((f) => f.id === 'refused')).to.deep.include({
      source: 'review_result',
      target: 'end_refused',
      condition: 'outcome = "refuse"',
    });
    expect(ir.nodes.find((n) => n.id === 'review_result')).to.deep.include({ defaultFlow: 'flow_10' });
  });
});
