import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { repoRoot } from '../../config/index.js';
import { assigneeOf, buildLandEntries, parseLandLimit, type LandEntry } from '../../catalog/index.js';

const fixtures = path.join(repoRoot, 'tests', 'catalog', 'fixtures');
const read = (f: string): unknown[] => JSON.parse(readFileSync(path.join(fixtures, f), 'utf8')) as unknown[];

function build(): LandEntry[] {
  const staged = read('land-internal-procedures-staged.sample.json');
  return [
    ...buildLandEntries({
      variant: 'province',
      name: 'p',
      records: read('province-land-procedures.sample.json'),
      staged,
    }).entries,
    ...buildLandEntries({
      variant: 'commune',
      name: 'c',
      records: read('commune-land-procedures.sample.json'),
      staged,
    }).entries,
  ];
}

function tasks(e: LandEntry): Array<{ id: string; amount: number; role?: string; agency?: string }> {
  if (e.model.kind !== 'graph') return [];
  return e.model.graph.nodes
    .filter((n) => n.kind === 'userTask')
    .map((n) => ({ id: n.id, amount: n.duration!.amount, role: n.role, agency: n.agency }));
}

describe('catalog land procedures (internal-procedures)', () => {
  it('reads normal and difficult-area limits', () => {
    expect(parseLandLimit('15 ngày (25 ngày đối với vùng khó khăn).')).to.deep.include({
      normal: 15,
      difficult: 25,
      working: false,
    });
    expect(parseLandLimit('Không quá 08 ngày làm việc (vùng sâu, xa không quá 18 ngày).')).to.deep.include({
      normal: 8,
      difficult: 18,
      working: true,
    });
    expect(parseLandLimit('Trong ngày làm việc.')).to.deep.include({ normal: 1, sameDay: true });
  });

  it('assigns real units to roles and agencies of the tree', () => {
    expect(
      assigneeOf(
        'Trung tâm PVHCC, Trung tâm PVHCC xã, phường, đặc khu và các Điểm Tiếp nhận và Trả kết quả',
        'province',
      ),
    ).to.deep.equal({ role: 'receptionist', agency: 'TTHCC' });
    expect(assigneeOf('Lãnh đạo Sở Nông nghiệp và Môi trường', 'province')).to.deep.equal({
      role: 'department-head',
      agency: 'STNMT',
    });
    expect(assigneeOf('Chủ tịch UBND tỉnh', 'province')).to.deep.equal({
      role: 'department-head',
      agency: 'UBND-T',
    });
    expect(assigneeOf('Lãnh đạo phòng Đăng ký và Cấp giấy chứng nhận', 'province')).to.deep.equal({
      role: 'division-head',
      agency: 'VPDKDD',
    });
    expect(assigneeOf('Chi nhánh Văn phòng Đăng ký Đất đai', 'commune')).to.deep.equal({
      role: 'specialist',
      agency: 'CN-VPDKDD',
    });
    expect(assigneeOf('Cơ quan chuyên môn về nông nghiệp và môi trường cấp xã', 'commune')).to.deep.equal({
      role: 'specialist',
      agency: 'UBND-X',
    });
    expect(assigneeOf('Tổ chức kinh tế', 'commune').note).to.match(/applicant/);
  });

  it('models the staged procedure from its real steps: cases per stage, normal and difficult-area entries', () => {
    const entries = build();
    const normal = entries.find((e) => e.metadata.code === 'TTHC-TINH-02')!;
    const difficult = entries.find((e) => e.metadata.code === 'TTHC-TINH-02-VKK')!;
    expect(normal.metadata.channels[0]?.duration).to.deep.equal({ amount: 15, unit: 'working-day' });
    expect(difficult.metadata.channels[0]?.duration).to.deep.equal({ amount: 25, unit: 'working-day' });
    expect(normal.model.kind).to.equal('graph');
    if (normal.model.kind !== 'graph') return;
    const g = normal.model.graph;
    const split = g.nodes.find((n) => n.id === 'gd2_case');
    expect(split?.kind).to.equal('exclusiveGateway');
    const out = g.flows.filter((f) => f.source === 'gd2_case');
    expect(out).to.have.length(3);
    expect(out.filter((f) => f.isDefault)).to.have.length(1);
    expect(out.filter((f) => f.condition).map((f) => f.condition)).to.deep.equal([
      'case_gd2 = "II.1.2"',
      'case_gd2 = "II.1.3"',
    ]);
    // Real step times: stage 1 reception 0.25 day (normal) vs 0.5 day (difficult).
    expect(tasks(normal).find((t) => t.id === 'gd1_s01')?.amount).to.equal(0.25);
    expect(tasks(difficult).find((t) => t.id === 'gd1_s01')?.amount).to.equal(0.5);
  });

  it('keeps every path within the legal limit and reports zero times it had to fill', () => {
    for (const e of build()) {
      if (e.model.kind !== 'graph') continue;
      const g = e.model.graph;
      const amount = new Map(g.nodes.map((n) => [n.id, n.duration?.amount ?? 0]));
      const memo = new Map<string, number>();
      const longest = (id: string): number => {
        if (memo.has(id)) return memo.get(id)!;
        const next = g.flows.filter((f) => f.source === id).map((f) => longest(f.target));
        const v = (amount.get(id) ?? 0) + Math.max(0, ...next);
        memo.set(id, v);
        return v;
      };
      const limit = e.metadata.channels[0]!.duration.amount;
      expect(longest('start'), e.metadata.code).to.be.at.most(limit + 1e-9);
      for (const n of g.nodes)
        if (n.kind === 'userTask')
          expect(n.duration!.amount, `${e.metadata.code} ${n.id}`).to.be.greaterThan(0);
    }
    const tinh09 = build().find((e) => e.metadata.code === 'TTHC-TINH-09')!;
    const fields = tinh09.metadata.provenance!.defaults!.map((d) => d.field);
    expect(fields).to.include('internalSteps[GĐ1 - Bước 5].time');
    // Its real steps add up to 12 days against a 10-day limit: scaled, and said so.
    expect(
      tinh09.metadata.provenance!.defaults!.find((d) => d.field === 'internalSteps.time')?.reason,
    ).to.match(/12 ngày.*10 ngày/);
  });

  it('uses the commune template when no internal steps were published, and says so', () => {
    const e = build().find((x) => x.metadata.code === 'giao-dat-khong-dau-gia-cap-xa')!;
    expect(e.metadata.level).to.equal('commune');
    expect(e.model.kind).to.equal('steps');
    expect(e.metadata.provenance!.defaults!.map((d) => d.field)).to.include('internalSteps');
  });
});
