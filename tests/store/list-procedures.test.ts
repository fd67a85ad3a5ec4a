/** The catalog search in the store: an agency exactly or with its whole subtree, in a fixed number of queries. */
import { expect } from 'chai';
import { createHash } from 'node:crypto';
import type { CompiledProcedure, ProcedureIr, ProcedureMetadata } from '../../ir/index.js';
import { listProcedures, publishProcedures, upsertAgencies } from '../../store/index.js';
import { testKnex, uniqueSuffix } from '../support/stack.js';

function entry(code: string, agency: string) {
  const metadata = {
    code,
    names: { vi: `Thủ tục ${code}`, en: `Procedure ${code}` },
    level: 'province',
    sector: 'Thử nghiệm',
    agency,
    channels: [],
    components: [],
    result: { vi: 'Kết quả' },
    model: 'steps.json',
  } as unknown as ProcedureMetadata;
  const ir = {
    irVersion: 1,
    procedure: { code },
    startNode: 's',
    nodes: [],
    flows: [],
  } as unknown as ProcedureIr;
  const compiled: CompiledProcedure = { hash: createHash('sha256').update(code).digest('hex'), ir };
  return { metadata, modelKind: 'steps' as const, modelSource: '{"steps":[]}', compiled };
}

describe('store: listProcedures by agency subtree', function () {
  this.timeout(60_000);

  it('lists an agency and every agency under it, in three queries however large the tree and catalog', async function () {
    const knex = await testKnex();
    const s = uniqueSuffix()
      .replace(/[^a-z0-9]/gi, '')
      .slice(-6)
      .toUpperCase();
    // A province centre with 4 departments of 5 divisions each (25 agencies), and one agency outside it.
    const root = `LR${s}`;
    const outside = `LX${s}`;
    const tree: Array<{ code: string; parentCode: string | null }> = [
      { code: root, parentCode: null },
      { code: outside, parentCode: null },
    ];
    for (let d = 0; d < 4; d += 1) {
      tree.push({ code: `LD${d}${s}`, parentCode: root });
      for (let v = 0; v < 5; v += 1) tree.push({ code: `LV${d}${v}${s}`, parentCode: `LD${d}${s}` });
    }
    await upsertAgencies({
      knex,
      agencies: tree.map((a) => ({ ...a, level: 'province', names: { vi: a.code } })),
    });
    // 40 procedures per agency: 1,080 in all.
    const prefix = `LP${s}`;
    const entries = tree.flatMap((a) =>
      Array.from({ length: 40 }, (_, i) =>
        entry(`${prefix}.${a.code}.${String(i).padStart(2, '0')}`, a.code),
      ),
    );
    await publishProcedures({ knex, entries, actor: 'test' });

    const queries: string[] = [];
    const onQuery = (q: { sql: string }) => queries.push(q.sql);
    knex.on('query', onQuery);
    let page;
    try {
      page = await listProcedures({
        knex,
        filter: { q: prefix, agencies: [root], agencyScope: 'subtree', limit: 50, offset: 0 },
      });
    } finally {
      knex.removeListener('query', onQuery);
    }
    // Known-agency check, count, page: no query per agency or per procedure.
    expect(queries).to.have.length(3);
    expect(page.unknownAgencies).to.equal(undefined);
    expect(page.total).to.equal(25 * 40);
    expect(page.items).to.have.length(50);
    expect(page.items.every((p) => p.agency_code !== outside)).to.equal(true);

    const department = await listProcedures({
      knex,
      filter: { q: prefix, agencies: [`LD2${s}`], agencyScope: 'subtree', limit: 500, offset: 0 },
    });
    expect(department.total).to.equal(6 * 40);
    expect(new Set(department.items.map((p) => p.agency_code))).to.deep.equal(
      new Set([`LD2${s}`, ...Array.from({ length: 5 }, (_, v) => `LV2${v}${s}`)]),
    );
    const exact = await listProcedures({
      knex,
      filter: { q: prefix, agencies: [root, outside], limit: 500, offset: 0 },
    });
    expect(exact.total).to.equal(2 * 40);

    const unknown = await listProcedures({
      knex,
      filter: { agencies: [root, `NO${s}`], agencyScope: 'subtree', limit: 10, offset: 0 },
    });
    expect(unknown).to.deep.equal({ items: [], total: 0, unknownAgencies: [`NO${s}`] });
  });
});
