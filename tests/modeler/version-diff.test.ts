import { expect } from 'chai';
import type { ProcedureIr, UserTaskNode } from '../../ir/index.js';
import {
  describeDiff,
  diffVersions,
  formatValue,
  isDurationOnly,
  isEmptyDiff,
} from '../../modeler/src/lib/index.js';
import { compileXml, sampleMetadata, templateXml } from './helpers.js';

describe('modeler: readable diff between two versions', () => {
  let v1: ProcedureIr;
  before(async () => {
    v1 = await compileXml(templateXml());
  });

  it('finds nothing between a version and itself', () => {
    const d = diffVersions(
      { version: 1, ir: v1, metadata: sampleMetadata() },
      { version: 2, ir: structuredClone(v1), metadata: sampleMetadata() },
    );
    expect(isEmptyDiff(d)).to.equal(true);
    expect(describeDiff(d, 'vi')).to.deep.equal(['Không có thay đổi.']);
  });

  it('shows a changed step duration as a duration-only change, in both languages', async () => {
    const xml = templateXml().replace(
      'motcua:role="specialist" motcua:duration="6"',
      'motcua:role="specialist" motcua:duration="4.5"',
    );
    const v2 = await compileXml(xml);
    const d = diffVersions({ version: 1, ir: v1 }, { version: 2, ir: v2 });
    expect(d.nodes).to.have.length(1);
    const n = d.nodes[0]!;
    expect(n).to.include({ id: 'Task_Appraise', change: 'changed', kind: 'userTask' });
    expect(n.fields.map((f) => f.path)).to.deep.equal(['duration']);
    expect(n.fields[0]!.beforeText.vi).to.equal('6 ngày làm việc');
    expect(n.fields[0]!.afterText.vi).to.equal('4,5 ngày làm việc');
    expect(isDurationOnly(d)).to.equal(true);
    expect(describeDiff(d, 'vi')[0]).to.equal(
      'Sửa bước xử lý “Thẩm định hồ sơ” (Task_Appraise): Thời hạn: 6 ngày làm việc → 4,5 ngày làm việc',
    );
    expect(describeDiff(d, 'en')[0]).to.equal(
      'Changed step “Appraise the dossier” (Task_Appraise): Duration: 6 working day(s) → 4.5 working day(s)',
    );
  });

  it('reports a role change, which a duration editor may not make', async () => {
    const xml = templateXml().replace(
      'motcua:role="division-head" motcua:duration="1"',
      'motcua:role="specialist" motcua:duration="1"',
    );
    const d = diffVersions({ ir: v1 }, { ir: await compileXml(xml) });
    const f = d.nodes[0]!.fields[0]!;
    expect(f.path).to.equal('role');
    expect(f.beforeText.vi).to.equal('Lãnh đạo phòng (division-head)');
    expect(f.afterText.en).to.equal('Specialist (specialist)');
    expect(isDurationOnly(d)).to.equal(false);
  });

  it('lists added and removed steps and flows', () => {
    const v2 = structuredClone(v1);
    v2.nodes = v2.nodes.filter((n) => n.id !== 'Task_Review');
    v2.flows = v2.flows.filter((f) => f.id !== 'Flow_3' && f.id !== 'Flow_4');
    const extra: UserTaskNode = {
      id: 'Task_Sign',
      kind: 'userTask',
      name: { vi: 'Ký số kết quả' },
      incoming: ['Flow_9'],
      outgoing: ['Flow_4'],
      role: 'department-head',
      duration: { amount: 0.5, unit: 'working-day' },
      warningAt: 0.75,
      outcomes: ['done'],
      boundaryEvents: [],
    };
    v2.nodes.push(extra);
    v2.flows.push({ id: 'Flow_9', source: 'Task_Appraise', target: 'Task_Sign' });
    const d = diffVersions({ ir: v1 }, { ir: v2 });
    expect(d.nodes.map((n) => `${n.change}:${n.id}`)).to.deep.equal([
      'added:Task_Sign',
      'removed:Task_Review',
    ]);
    expect(d.flows.map((f) => `${f.change}:${f.id}`)).to.deep.equal([
      'added:Flow_9',
      'removed:Flow_3',
      'removed:Flow_4',
    ]);
    expect(d.flows[0]!.label.vi).to.equal('Thẩm định hồ sơ → Ký số kết quả');
    const lines = describeDiff(d, 'vi');
    expect(lines).to.include('Thêm bước xử lý “Ký số kết quả” (Task_Sign)');
    expect(lines).to.include('Xóa bước xử lý “Xem xét, trình ký” (Task_Review)');
    expect(isDurationOnly(d)).to.equal(false);
  });

  it('shows a changed flow condition', () => {
    const v2 = structuredClone(v1);
    const flow = v2.flows.find((f) => f.id === 'Flow_Approve')!;
    flow.condition = 'outcome = "approved"';
    const d = diffVersions({ ir: v1 }, { ir: v2 });
    expect(d.flows).to.have.length(1);
    expect(d.flows[0]!.fields[0]).to.include({ path: 'condition', change: 'changed' });
    expect(describeDiff(d, 'en')[0]).to.equal(
      'Changed flow Approved? → Return the result: Condition: outcome = "approve" → outcome = "approved"',
    );
  });

  it('shows metadata changes by field with readable labels', () => {
    const m1 = sampleMetadata();
    const m2 = sampleMetadata();
    m2.channels[0]!.duration = { amount: 7, unit: 'working-day' };
    m2.channels[0]!.fees.push({ amount: 50000, currency: 'VND', name: { vi: 'Lệ phí cấp giấy' } });
    m2.channels.push({ channel: 'online', duration: { amount: 5, unit: 'working-day' }, fees: [] });
    m2.components.push({
      id: 'cccd',
      name: { vi: 'Căn cước công dân' },
      required: true,
      kind: 'copy',
      count: 1,
    });
    m2.components[0]!.count = 2;
    m2.names.vi = 'Cấp giấy phép (sửa)';
    delete m2.names.en;
    const d = diffVersions({ metadata: m1 }, { metadata: m2 });
    const byPath = new Map(d.metadata.map((f) => [f.path, f]));
    expect(byPath.get('names/vi')?.label.vi).to.equal('Tên thủ tục (tiếng Việt)');
    expect(byPath.get('names/en')).to.include({ change: 'removed' });
    expect(byPath.get('channels/counter/duration')?.label.vi).to.equal(
      'Thời hạn giải quyết — cách thức trực tiếp',
    );
    expect(byPath.get('channels/counter/duration')?.afterText.vi).to.equal('7 ngày làm việc');
    expect(byPath.get('channels/counter/fees/0')?.afterText.vi).to.equal('Lệ phí cấp giấy: 50.000 VND');
    expect(byPath.get('channels/online')?.change).to.equal('added');
    expect(byPath.get('channels/online')?.afterText.vi).to.equal('trực tuyến (online): 5 ngày làm việc');
    expect(byPath.get('components/cccd')?.label.vi).to.equal('Thành phần hồ sơ “Căn cước công dân”');
    expect(byPath.get('components/don-de-nghi/count')?.label.en).to.equal(
      'Dossier component “Đơn đề nghị”: count',
    );
    expect(isDurationOnly(d)).to.equal(false);
  });

  it('formats values of every coded kind', () => {
    expect(formatValue({ amount: 0.25, unit: 'working-hour' }).vi).to.equal('0,25 giờ làm việc');
    expect(formatValue(true).vi).to.equal('có');
    expect(formatValue(['approve', 'refuse']).en).to.equal('approve, refuse');
    expect(formatValue({ slaFraction: 0.5 }).vi).to.equal('0,5 × thời hạn của bước');
    expect(formatValue('refused', 'outcome').vi).to.equal('Từ chối giải quyết (refused)');
    expect(formatValue(undefined).vi).to.equal('—');
  });
});
