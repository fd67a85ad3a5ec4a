/**
 * Dossier codes numbered by the insert statement itself (real PostgreSQL): the same `{unit}-{yymmdd}-{nnnn}` the
 * separate allocator gives, consecutive per unit and day in a batch, several units in one batch, no number used
 * up by a batch that failed, and the workflow id and audit target derived from the code.
 */
import { randomUUID } from 'node:crypto';
import { expect } from 'chai';
import type { Knex } from 'knex';
import { dossierWorkflowId } from '../../ir/index.js';
import { loadConfig } from '../../config/index.js';
import { createKnex } from '../../db/index.js';
import { dossierDay, insertDossiers, nextDossierCodes, type DossierInsert } from '../../store/index.js';
import { testKnex, uniqueSuffix } from '../support/stack.js';

describe('store: insertDossiers numbers dossiers in the same statement', function () {
  this.timeout(60_000);
  let knex: Knex;
  let versionId: number;
  const sfx = uniqueSuffix().toUpperCase();
  const unitA = `IA${sfx}`;
  const unitB = `IB${sfx}`;
  const unitC = `IC${sfx}`;
  const at = new Date();
  const day = dossierDay(at);

  before(async () => {
    knex = await testKnex();
    const v = (await knex('procedure_versions').first('id')) as { id: number } | undefined;
    if (!v) throw new Error('the test database has no procedure version to point dossiers at');
    versionId = Number(v.id);
  });

  after(async () => {
    const ids = (await knex('dossiers')
      .whereIn('agency_code', [unitA, unitB, unitC])
      .pluck('id')) as string[];
    await knex('idempotency_keys').whereIn('dossier_id', ids).del();
    await knex('dossiers').whereIn('id', ids).del();
    await knex('dossier_code_sequences').whereIn('unit_code', [unitA, unitB, unitC]).del();
  });

  function item(unit: string, opts: { key?: string } = {}): DossierInsert {
    return {
      dossier: {
        id: randomUUID(),
        codeUnit: unit,
        procedureVersionId: versionId,
        procedureCode: 'INS.1',
        agencyCode: unit,
        channel: 'counter',
        applicant: { type: 'person', name: 'Người nộp', idNumber: '0', phone: '0912', address: 'x' },
        data: {},
        status: 'accepted',
        nationalStatus: 2,
        receivedAt: at,
        dueAt: null,
        idempotencyKey: opts.key ?? `ins-${randomUUID()}`,
        requestHash: 'h'.repeat(64),
      },
      documents: [],
      audit: { actor: 'test', action: 'dossier.intake', newValue: {} },
    };
  }

  it('gives a batch consecutive codes per unit, in item order, with workflow ids and audit targets', async () => {
    const items = [item(unitA), item(unitB), item(unitA), item(unitA), item(unitB)];
    const out = await insertDossiers({ knex, items });
    expect(out.map((o) => o.id)).to.deep.equal(items.map((i) => i.dossier.id));
    expect(out.map((o) => o.code)).to.deep.equal([
      `${unitA}-${day}-0001`,
      `${unitB}-${day}-0001`,
      `${unitA}-${day}-0002`,
      `${unitA}-${day}-0003`,
      `${unitB}-${day}-0002`,
    ]);
    for (const o of out) expect(o.workflowId).to.equal(dossierWorkflowId(o.code));
    const rows = (await knex('dossiers')
      .whereIn(
        'id',
        out.map((o) => o.id),
      )
      .select('id', 'code', 'workflow_id')) as Array<{ id: string; code: string; workflow_id: string }>;
    expect(new Map(rows.map((r) => [r.id, [r.code, r.workflow_id]]))).to.deep.equal(
      new Map(out.map((o) => [o.id, [o.code, o.workflowId]])),
    );
    const audited = (await knex('audit_log')
      .where({ action: 'dossier.intake', target_type: 'dossier' })
      .whereIn(
        'target_id',
        out.map((o) => o.code),
      )
      .pluck('target_id')) as string[];
    expect(audited.sort()).to.deep.equal(out.map((o) => o.code).sort());
  });

  it('continues the sequence the separate allocator uses, and formats numbers past 9999 the same way', async () => {
    const [fromAllocator] = await nextDossierCodes({ knex, unitCode: unitA, at, count: 1 });
    expect(fromAllocator).to.equal(`${unitA}-${day}-0004`);
    const [next] = await insertDossiers({ knex, items: [item(unitA)] });
    expect(next!.code).to.equal(`${unitA}-${day}-0005`);

    await knex('dossier_code_sequences').insert({ unit_code: unitC, day, last_seq: 9998 });
    const big = await insertDossiers({ knex, items: [item(unitC), item(unitC)] });
    const allocated = await nextDossierCodes({ knex, unitCode: unitC, at, count: 1 });
    expect([...big.map((b) => b.code), ...allocated]).to.deep.equal([
      `${unitC}-${day}-9999`,
      `${unitC}-${day}-10000`,
      `${unitC}-${day}-10001`,
    ]);
  });

  it('uses up no number when the batch fails', async () => {
    const key = `ins-dup-${sfx}`;
    await insertDossiers({ knex, items: [item(unitB, { key })] }); // unitB 0003
    let failure: unknown;
    try {
      await insertDossiers({ knex, items: [item(unitB), item(unitB, { key })] });
    } catch (err) {
      failure = err;
    }
    expect((failure as { code?: string } | undefined)?.code).to.equal('23505');
    const [after] = await insertDossiers({ knex, items: [item(unitB)] });
    expect(after!.code).to.equal(`${unitB}-${day}-0004`);
    const codes = (await knex('dossiers').where({ agency_code: unitB }).pluck('code')) as string[];
    expect(codes.sort()).to.deep.equal([1, 2, 3, 4].map((n) => `${unitB}-${day}-000${n}`));
  });

  it('is prepared once per connection and reused, not parsed and planned again for every filing', async () => {
    // One connection, so the prepared statements seen are the ones the inserts used.
    const single = createKnex(loadConfig().databaseUrl, { max: 1 });
    try {
      await insertDossiers({ knex: single, items: [item(unitA)] });
      await insertDossiers({ knex: single, items: [item(unitA), item(unitB)] });
      const prepared = (await single('pg_prepared_statements').select(
        'name',
        'from_sql',
        single.raw('generic_plans + custom_plans AS executions'),
      )) as Array<{ name: string; from_sql: boolean; executions: string }>;
      const ours = prepared.filter((p) => /insert_dossiers/.test(p.name));
      expect(ours, JSON.stringify(prepared)).to.have.length(1);
      expect(ours[0]!.from_sql).to.equal(false);
      // Both inserts ran the one prepared statement.
      expect(Number(ours[0]!.executions)).to.equal(2);
    } finally {
      await single.destroy();
    }
  });

  it('refuses an item with neither a code nor a unit to number it in', async () => {
    const bad = item(unitA);
    delete bad.dossier.codeUnit;
    let failure: unknown;
    try {
      await insertDossiers({ knex, items: [bad] });
    } catch (err) {
      failure = err;
    }
    expect(failure).to.be.instanceOf(TypeError);
  });
});
