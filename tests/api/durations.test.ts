import { expect } from 'chai';
import fs from 'node:fs';
import path from 'node:path';
import { setStepDurations } from '../../api/durations.js';
import { compileProcedure, defaultRegistry } from '../../compiler/index.js';
import { repoRoot } from '../../config/index.js';
import type { ProcedureMetadata, UserTaskNode } from '../../ir/index.js';

const samples = path.join(repoRoot, 'procedure-models', 'samples');

async function compile(dir: string, kind: 'bpmn' | 'steps', source: string) {
  const metadata = JSON.parse(
    fs.readFileSync(path.join(samples, dir, 'procedure.json'), 'utf8'),
  ) as ProcedureMetadata;
  const model = kind === 'bpmn' ? { kind, xml: source } : { kind, steps: JSON.parse(source) };
  const agencies = [metadata.agency, ...(metadata.participants ?? [])];
  return compileProcedure({ metadata, model: model as never, registry: defaultRegistry({ agencies }) });
}

describe('api: changing step durations in model sources', function () {
  it('edits a BPMN user task’s duration and nothing else', async function () {
    const xml = fs.readFileSync(path.join(samples, 'business-registration', 'process.bpmn'), 'utf8');
    const before = await compile('business-registration', 'bpmn', xml);
    expect(before.ok, JSON.stringify(before.diagnostics)).to.equal(true);
    const edited = setStepDurations('bpmn', xml, {
      appraise: { amount: 1, unit: 'working-day' },
      ghost: { amount: 1, unit: 'working-day' },
    });
    expect(edited.missing).to.deep.equal(['ghost']);
    const after = await compile('business-registration', 'bpmn', edited.source);
    expect(after.ok, JSON.stringify(after.diagnostics)).to.equal(true);
    const task = (c: typeof after) => c.compiled!.ir.nodes.find((n) => n.id === 'appraise') as UserTaskNode;
    expect(task(before).duration).to.deep.equal({ amount: 1.5, unit: 'working-day' });
    expect(task(after).duration).to.deep.equal({ amount: 1, unit: 'working-day' });
    // Every other node is untouched.
    const others = (c: typeof after) =>
      JSON.stringify(c.compiled!.ir.nodes.filter((n) => n.id !== 'appraise'));
    expect(others(after)).to.equal(others(before));
    expect(after.compiled!.hash).to.not.equal(before.compiled!.hash);
  });

  it('edits a warning threshold alone, in BPMN and in a step list', async function () {
    const xml = fs.readFileSync(path.join(samples, 'business-registration', 'process.bpmn'), 'utf8');
    const edited = setStepDurations('bpmn', xml, {}, { appraise: 0.6 });
    expect(edited.missing).to.deep.equal([]);
    const after = await compile('business-registration', 'bpmn', edited.source);
    expect(after.ok, JSON.stringify(after.diagnostics)).to.equal(true);
    const task = after.compiled!.ir.nodes.find((n) => n.id === 'appraise') as UserTaskNode;
    expect(task.warningAt).to.equal(0.6);
    expect(task.duration).to.deep.equal({ amount: 1.5, unit: 'working-day' });
    const steps = setStepDurations(
      'steps',
      JSON.stringify({
        steps: [{ id: 'a', role: 'specialist', duration: { amount: 1, unit: 'working-day' } }],
      }),
      {},
      { a: 0.5, ghost: 0.5 },
    );
    expect(steps.missing).to.deep.equal(['ghost']);
    expect(JSON.parse(steps.source).steps[0]).to.deep.equal({
      id: 'a',
      role: 'specialist',
      duration: { amount: 1, unit: 'working-day' },
      warningAt: 0.5,
    });
  });

  it('edits steps nested in a JSON step list', function () {
    const source = JSON.stringify({
      steps: [
        { id: 'a', role: 'receptionist', duration: { amount: 1, unit: 'working-day' } },
        {
          parallel: {
            id: 'p',
            branches: [[{ id: 'b', role: 'specialist', duration: { amount: 2, unit: 'working-day' } }]],
          },
        },
        {
          decision: {
            id: 'd',
            branches: [
              {
                when: 'true',
                steps: [{ id: 'c', role: 'specialist', duration: { amount: 3, unit: 'working-day' } }],
              },
            ],
          },
        },
      ],
    });
    const edited = setStepDurations('steps', source, {
      b: { amount: 4, unit: 'working-hour' },
      c: { amount: 0.5, unit: 'working-day' },
    });
    expect(edited.missing).to.deep.equal([]);
    const model = JSON.parse(edited.source);
    expect(model.steps[0].duration).to.deep.equal({ amount: 1, unit: 'working-day' });
    expect(model.steps[1].parallel.branches[0][0].duration).to.deep.equal({
      amount: 4,
      unit: 'working-hour',
    });
    expect(model.steps[2].decision.branches[0].steps[0].duration).to.deep.equal({
      amount: 0.5,
      unit: 'working-day',
    });
  });
});
