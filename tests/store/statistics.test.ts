/**
 * Dashboard statistics are exact: hand-built dossiers and tasks of this test's own agencies, on the real test
 * database (so the triggers that keep the monthly summaries current run), with the figures known per category —
 * and, for every grouping over whole, partial and mixed periods, equal to a row-by-row count of the same rows.
 */
import { randomUUID } from 'node:crypto';
import { expect } from 'chai';
import { NATIONAL_STATUS, type DossierStatus } from '../../ir/index.js';
import {
  dossierStatistics,
  staffStatistics,
  type DossierStatsRow,
  type StatsFilter,
  type StatsGroup,
} from '../../store/index.js';
import { vn } from '../calendar/helpers.js';
import { testKnex, uniqueSuffix } from '../support/stack.js';
import type { Knex } from '../../db/index.js';

interface Fx {
  code: string;
  proc: 'X' | 'Y';
  channel: 'counter' | 'online' | 'postal';
  received: string;
  finished?: string;
  outcome?: 'returned' | 'refused' | 'withdrawn' | 'stopped';
  classification?: 'early' | 'on-time' | 'late';
  status: DossierStatus;
  due?: string | null;
}

/** Vietnam day 'YYYY-MM-DD' → the instant of its midnight; `to` days are included (as the API's periods). */
const period = (from: string, to: string) => ({
  from: vn(`${from} 00:00`),
  to: new Date(vn(`${to} 00:00`).getTime() + 86_400_000),
});

describe('store: dossier and staff statistics are exact', function () {
  let knex: Knex;
  const sfx = uniqueSuffix()
    .replace(/[^a-z0-9]/gi, '')
    .slice(-8)
    .toUpperCase();
  const A = `DSA${sfx}`;
  const B = `DSB${sfx}`;
  const sectorX = `Hộ tịch ${sfx}`;
  const sectorY = `Đất đai ${sfx}`;
  const procs: Record<
    'X' | 'Y',
    { code: string; agency: string; versionId: number; level: string; sector: string }
  > = {
    X: { code: `DSX.${sfx}`, agency: A, versionId: 0, level: 'province', sector: sectorX },
    Y: { code: `DSY.${sfx}`, agency: B, versionId: 0, level: 'district', sector: sectorY },
  };
  /** The rows as the database should hold them (kept in step with every change the tests make). */
  const mirror = new Map<string, Fx>();
  const ids = new Map<string, string>();

  const fx = (code: string, f: Omit<Fx, 'code'>): Fx => ({ code: `${sfx}-${code}`, ...f });
  const FIXTURES: Fx[] = [
    // received March 2025, returned early / on time in March, late in April
    fx('01', {
      proc: 'X',
      channel: 'counter',
      received: '2025-03-05 10:00',
      finished: '2025-03-10 09:00',
      outcome: 'returned',
      classification: 'early',
      status: 'returned',
    }),
    fx('02', {
      proc: 'X',
      channel: 'counter',
      received: '2025-03-06 10:00',
      finished: '2025-03-20 15:00',
      outcome: 'returned',
      classification: 'on-time',
      status: 'returned',
    }),
    fx('03', {
      proc: 'X',
      channel: 'online',
      received: '2025-03-07 10:00',
      finished: '2025-04-02 10:00',
      outcome: 'returned',
      classification: 'late',
      status: 'returned',
    }),
    // received in February, returned late in March
    fx('04', {
      proc: 'X',
      channel: 'counter',
      received: '2025-02-25 14:00',
      finished: '2025-03-03 08:00',
      outcome: 'returned',
      classification: 'late',
      status: 'returned',
    }),
    fx('05', {
      proc: 'X',
      channel: 'counter',
      received: '2025-03-10 08:00',
      finished: '2025-03-11 08:00',
      outcome: 'refused',
      status: 'not-accepted',
    }),
    fx('06', {
      proc: 'X',
      channel: 'online',
      received: '2025-03-11 08:00',
      finished: '2025-03-12 08:00',
      outcome: 'withdrawn',
      status: 'withdrawn',
    }),
    fx('07', {
      proc: 'X',
      channel: 'counter',
      received: '2025-03-12 08:00',
      finished: '2025-03-13 10:00',
      outcome: 'stopped',
      status: 'stopped',
    }),
    // open: supplement requested (overdue), waiting for payment (due far ahead), in progress (no due date)
    fx('08', {
      proc: 'X',
      channel: 'counter',
      received: '2025-03-15 08:00',
      status: 'supplement-requested',
      due: '2025-03-30 17:00',
    }),
    fx('09', {
      proc: 'X',
      channel: 'postal',
      received: '2025-03-16 08:00',
      status: 'financial-obligation',
      due: '2099-01-01 17:00',
    }),
    fx('10', {
      proc: 'X',
      channel: 'counter',
      received: '2025-03-17 08:00',
      status: 'in-progress',
      due: null,
    }),
    // the last evening of March in Vietnam (16:30 UTC), returned early the next morning (April)
    fx('11', {
      proc: 'X',
      channel: 'online',
      received: '2025-03-31 23:30',
      finished: '2025-04-01 08:00',
      outcome: 'returned',
      classification: 'early',
      status: 'returned',
    }),
    // the other agency and procedure
    fx('12', {
      proc: 'Y',
      channel: 'online',
      received: '2025-03-20 09:00',
      finished: '2025-03-25 09:00',
      outcome: 'returned',
      classification: 'on-time',
      status: 'returned',
    }),
    fx('13', {
      proc: 'Y',
      channel: 'counter',
      received: '2025-01-15 09:00',
      finished: '2025-05-06 09:00',
      outcome: 'returned',
      classification: 'late',
      status: 'returned',
    }),
    fx('14', {
      proc: 'Y',
      channel: 'counter',
      received: '2025-04-15 09:00',
      status: 'financial-obligation',
      due: '2025-04-20 17:00',
    }),
  ];

  const row = (f: Fx) => ({
    procedure_version_id: procs[f.proc].versionId,
    procedure_code: procs[f.proc].code,
    agency_code: procs[f.proc].agency,
    channel: f.channel,
    status: f.status,
    national_status: NATIONAL_STATUS[f.status],
    received_at: vn(f.received),
    due_at: f.due ? vn(f.due) : null,
    finished_at: f.finished ? vn(f.finished) : null,
    outcome: f.outcome ?? null,
    classification: f.classification ?? null,
  });
  async function insert(f: Fx): Promise<void> {
    const id = randomUUID();
    await knex('dossiers').insert({
      id,
      code: f.code,
      workflow_id: `dossier-${f.code}`,
      applicant: JSON.stringify({ type: 'person', name: 'Nguyễn Văn An' }),
      ...row(f),
    });
    ids.set(f.code, id);
    mirror.set(f.code, f);
  }
  async function change(code: string, to: Partial<Fx>): Promise<void> {
    const f = { ...mirror.get(code)!, ...to };
    await knex('dossiers')
      .where({ id: ids.get(code) })
      .update(row(f));
    mirror.set(code, f);
  }

  /** The figures counted row by row from the mirror (what the statistics mean). */
  function reference(groupBy: StatsGroup, filter: StatsFilter): DossierStatsRow[] {
    const now = Date.now();
    const groups = new Map<string, DossierStatsRow>();
    for (const f of mirror.values()) {
      const p = procs[f.proc];
      const r = row(f);
      if (filter.agencies && !filter.agencies.includes(p.agency)) continue;
      if (filter.procedureCode && filter.procedureCode !== p.code) continue;
      if (filter.sector && filter.sector !== p.sector) continue;
      if (filter.level && filter.level !== p.level) continue;
      if (!(r.received_at < filter.to)) continue;
      const receivedIn = r.received_at >= filter.from;
      const finishedIn = !!r.finished_at && r.finished_at >= filter.from && r.finished_at < filter.to;
      const open = !r.finished_at;
      if (!receivedIn && !finishedIn && !open) continue;
      const local = new Date(r.received_at.getTime() + 7 * 3_600_000).toISOString();
      const key = {
        agency: p.agency,
        procedure: p.code,
        sector: p.sector,
        level: p.level,
        channel: f.channel,
        month: local.slice(0, 7),
        day: local.slice(0, 10),
        none: 'all',
      }[groupBy];
      const g =
        groups.get(key) ??
        ({
          key,
          received: 0,
          resolved: 0,
          early: 0,
          onTime: 0,
          late: 0,
          pending: 0,
          pendingOnTime: 0,
          pendingOverdue: 0,
          supplement: 0,
          waitingPayment: 0,
          refused: 0,
          withdrawn: 0,
          stopped: 0,
        } satisfies DossierStatsRow);
      groups.set(key, g);
      if (receivedIn) g.received += 1;
      if (finishedIn && f.outcome === 'returned') {
        g.resolved += 1;
        if (f.classification === 'early') g.early += 1;
        if (f.classification === 'on-time') g.onTime += 1;
        if (f.classification === 'late') g.late += 1;
      }
      if (finishedIn && f.outcome === 'refused') g.refused += 1;
      if (finishedIn && f.outcome === 'withdrawn') g.withdrawn += 1;
      if (finishedIn && f.outcome === 'stopped') g.stopped += 1;
      if (open) {
        g.pending += 1;
        if (!r.due_at || r.due_at.getTime() >= now) g.pendingOnTime += 1;
        else g.pendingOverdue += 1;
        if (f.status === 'supplement-requested') g.supplement += 1;
        if (f.status === 'financial-obligation') g.waitingPayment += 1;
      }
    }
    return [...groups.values()].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  }

  const stats = (groupBy: StatsGroup, filter: StatsFilter) => dossierStatistics({ knex, groupBy, filter });
  const both = { agencies: [A, B] };

  before(async function () {
    knex = await testKnex();
    await knex('agencies').insert([
      { code: A, level: 'province', name_vi: 'Sở kiểm thử', unit_code: A },
      { code: B, level: 'district', name_vi: 'Huyện kiểm thử', unit_code: B },
    ]);
    for (const key of ['X', 'Y'] as const) {
      const p = procs[key];
      const [created] = (await knex('procedures')
        .insert({
          code: p.code,
          level: p.level,
          name_vi: `Thủ tục ${key}`,
          sector: p.sector,
          agency_code: p.agency,
          status: 'published',
          latest_version: 1,
        })
        .returning('id')) as Array<{ id: number }>;
      const [v] = (await knex('procedure_versions')
        .insert({
          procedure_id: created!.id,
          version: 1,
          status: 'published',
          metadata: JSON.stringify({}),
          model_kind: 'steps',
          model_source: '{}',
        })
        .returning('id')) as Array<{ id: number }>;
      p.versionId = v!.id;
    }
    // One multi-row statement, as intake writes concurrent filings: the summaries count inserts per statement.
    const rows = FIXTURES.map((f) => {
      const id = randomUUID();
      ids.set(f.code, id);
      mirror.set(f.code, f);
      return {
        id,
        code: f.code,
        workflow_id: `dossier-${f.code}`,
        applicant: JSON.stringify({ type: 'person', name: 'Nguyễn Văn An' }),
        ...row(f),
      };
    });
    await knex('dossiers').insert(rows);
  });

  after(async function () {
    const dossierIds = [...ids.values()];
    await knex('tasks').whereIn('dossier_id', dossierIds).del();
    await knex('dossiers').whereIn('id', dossierIds).del();
    await knex('procedure_versions').whereIn('id', [procs.X.versionId, procs.Y.versionId]).del();
    await knex('procedures').whereIn('code', [procs.X.code, procs.Y.code]).del();
    await knex('agencies').whereIn('code', [A, B]).del();
  });

  it('counts every category of a whole month (received, resolved early / on time / late, pending, supplement, waiting for payment, refused, withdrawn, stopped)', async function () {
    const rows = await stats('agency', { ...period('2025-03-01', '2025-03-31'), ...both });
    expect(rows.map((r) => r.key)).to.deep.equal([A, B]);
    expect(rows[0]).to.deep.equal({
      key: A,
      received: 10, // 01–03, 05–11 (04 came in February)
      resolved: 3, // 01 early, 02 on time, 04 late (03 and 11 were returned in April)
      early: 1,
      onTime: 1,
      late: 1,
      pending: 3, // 08, 09, 10
      pendingOnTime: 2, // 09 due in 2099, 10 without a due date
      pendingOverdue: 1, // 08
      supplement: 1, // 08 (national status 5)
      waitingPayment: 1, // 09 (national status 6)
      refused: 1,
      withdrawn: 1,
      stopped: 1,
    });
    // Agency B: 12 received and returned on time in March; 13 (received in January, returned in May) and 14
    // (received in April) do not count in March.
    expect(rows[1]).to.deep.include({
      key: B,
      received: 1,
      resolved: 1,
      onTime: 1,
      pending: 0,
      waitingPayment: 0,
    });
  });

  it('groups by the month a dossier was received, and takes the last evening of a month in Vietnam time', async function () {
    const rows = await stats('month', { ...period('2025-04-01', '2025-04-30'), agencies: [A] });
    // April: 03 (received March 7) late and 11 (received March 31, 23:30 in Vietnam) early, both returned in April.
    expect(rows).to.deep.equal([
      {
        key: '2025-03',
        received: 0,
        resolved: 2,
        early: 1,
        onTime: 0,
        late: 1,
        pending: 3,
        pendingOnTime: 2,
        pendingOverdue: 1,
        supplement: 1,
        waitingPayment: 1,
        refused: 0,
        withdrawn: 0,
        stopped: 0,
      },
    ]);
    const days = await stats('day', { ...period('2025-03-31', '2025-04-01'), agencies: [A] });
    expect(days.map((r) => [r.key, r.received, r.resolved])).to.deep.include(['2025-03-31', 1, 1]);
  });

  it('equals a row-by-row count for every grouping over whole, partial and mixed periods and filters', async function () {
    const periods = [
      period('2025-03-01', '2025-03-31'), // one whole month
      period('2025-03-05', '2025-03-12'), // inside one month
      period('2025-02-20', '2025-04-10'), // partial, whole, partial
      period('2025-01-01', '2025-06-30'), // whole months only
      period('2025-03-31', '2025-04-01'), // across a month's end
      period('2024-01-01', '2024-12-31'), // before anything
    ];
    const filters: Array<Omit<StatsFilter, 'from' | 'to'>> = [
      both,
      { agencies: [A] },
      { ...both, procedureCode: procs.Y.code },
      { ...both, sector: sectorX },
      { ...both, level: 'district' },
    ];
    const groupings: StatsGroup[] = [
      'agency',
      'procedure',
      'sector',
      'level',
      'channel',
      'month',
      'day',
      'none',
    ];
    let compared = 0;
    for (const p of periods)
      for (const f of filters)
        for (const g of groupings) {
          const filter = { ...p, ...f };
          expect(await stats(g, filter), `${g} ${JSON.stringify(filter)}`).to.deep.equal(
            reference(g, filter),
          );
          compared += 1;
        }
    expect(compared).to.equal(periods.length * filters.length * groupings.length);
  });

  it('stays exact when dossiers finish, move to another month or procedure, or are deleted', async function () {
    await change(`${sfx}-08`, {
      status: 'returned',
      finished: '2025-03-28 10:00',
      outcome: 'returned',
      classification: 'late',
    });
    await change(`${sfx}-02`, { received: '2025-02-27 10:00' });
    await change(`${sfx}-05`, { proc: 'Y' });
    await knex('dossiers')
      .where({ id: ids.get(`${sfx}-06`) })
      .del();
    mirror.delete(`${sfx}-06`);
    const march = { ...period('2025-03-01', '2025-03-31'), ...both };
    const rows = await stats('agency', march);
    expect(rows[0]).to.include({
      key: A,
      received: 7,
      resolved: 4,
      late: 2,
      pending: 2,
      supplement: 0,
      withdrawn: 0,
    });
    expect(rows[1]).to.include({ key: B, received: 2, refused: 1 });
    for (const g of ['agency', 'procedure', 'month', 'channel', 'sector'] as StatsGroup[]) {
      for (const p of [march, { ...period('2025-02-01', '2025-04-30'), ...both }]) {
        expect(await stats(g, p), g).to.deep.equal(reference(g, p));
      }
    }
  });

  it("counts today's dossiers in this month's figures up to today", async function () {
    const now = new Date();
    const today = new Date(now.getTime() + 7 * 3_600_000).toISOString().slice(0, 10);
    const filter = { ...period(`${today.slice(0, 8)}01`, today), agencies: [B] };
    const before = await stats('agency', filter);
    const local = new Date(now.getTime() + 7 * 3_600_000 - 60_000).toISOString();
    await insert(
      fx('15', {
        proc: 'Y',
        channel: 'online',
        received: `${local.slice(0, 10)} ${local.slice(11, 16)}`,
        status: 'financial-obligation',
        due: '2099-01-01 17:00',
      }),
    );
    const after = await stats('agency', filter);
    const b0 = before.find((r) => r.key === B);
    expect(after).to.have.length(1);
    expect(after[0]).to.include({
      received: (b0?.received ?? 0) + 1,
      waitingPayment: (b0?.waitingPayment ?? 0) + 1,
      pending: (b0?.pending ?? 0) + 1,
    });
    expect(after).to.deep.equal(reference('agency', filter));
  });

  it('computes staff figures: handled, on time / late, average time held, open load', async function () {
    const u1 = `ds-u1-${sfx}`;
    const u2 = `ds-u2-${sfx}`;
    const dossierId = ids.get(`${sfx}-01`)!;
    let n = 0;
    const task = (
      assignee: string | null,
      status: string,
      opened: string,
      due: string | null,
      completed: string | null,
    ) => ({
      dossier_id: dossierId,
      workflow_id: `dossier-${sfx}-01`,
      task_id: `t#${(n += 1)}`,
      node_id: 't',
      name_vi: 'Thẩm định',
      role: 'specialist',
      agency_code: A,
      assignee,
      status,
      opened_at: vn(opened),
      due_at: due ? vn(due) : null,
      completed_at: completed ? vn(completed) : null,
      overdue: false,
    });
    await knex('tasks').insert([
      task(u1, 'completed', '2025-03-03 08:00', '2025-03-04 08:00', '2025-03-03 10:00'), // on time, 2 h
      task(u1, 'completed', '2025-03-10 08:00', '2025-03-10 12:00', '2025-03-10 14:00'), // late, 6 h
      task(u1, 'completed', '2025-03-31 20:00', null, '2025-04-01 09:00'), // April in Vietnam
      task(u1, 'cancelled', '2025-03-12 08:00', null, '2025-03-12 09:00'), // not handled
      task(u1, 'claimed', '2025-03-20 08:00', '2025-03-21 08:00', null), // open, overdue
      task(u2, 'open', '2025-03-20 08:00', '2099-01-01 08:00', null), // open, on time
      task(null, 'completed', '2025-03-05 08:00', null, '2025-03-05 09:00'), // nobody's
    ]);
    const march = { ...period('2025-03-01', '2025-03-31'), agencies: [A] };
    expect(await staffStatistics({ knex, filter: march })).to.deep.equal([
      { assignee: u1, handled: 2, onTime: 1, late: 1, averageHours: 4, openNow: 1, overdueNow: 1 },
      { assignee: u2, handled: 0, onTime: 0, late: 0, averageHours: null, openNow: 1, overdueNow: 0 },
    ]);
    // A partial month read live, and two months (one whole) together.
    const early = await staffStatistics({
      knex,
      filter: { ...period('2025-03-01', '2025-03-05'), agencies: [A] },
    });
    expect(early.find((r) => r.assignee === u1)).to.include({ handled: 1, onTime: 1, averageHours: 2 });
    const both2 = await staffStatistics({
      knex,
      filter: { ...period('2025-03-01', '2025-04-15'), agencies: [A] },
    });
    expect(both2.find((r) => r.assignee === u1)).to.include({
      handled: 3,
      onTime: 2,
      late: 1,
      averageHours: 7,
    });
    // A change of a completed task moves it between the figures.
    await knex('tasks')
      .where({ workflow_id: `dossier-${sfx}-01`, task_id: 't#2' })
      .update({ due_at: vn('2025-03-11 08:00') });
    expect((await staffStatistics({ knex, filter: march }))[0]).to.include({
      handled: 2,
      onTime: 2,
      late: 0,
    });
  });
});
