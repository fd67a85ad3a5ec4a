import { expect } from 'chai';
import { createHash } from 'node:crypto';
import type { CompiledProcedure, ProcedureIr, ProcedureMetadata } from '../../ir/index.js';
import { listProcedures, publishProcedures, upsertAgencies } from '../../store/index.js';
import { testKnex, uniqueSuffix } from '../support/stack.js';

function entry(prefix: string, i: number, variant = 0) {
  const code = `${prefix}.${String(i).padStart(5, '0')}`;
  const metadata = {
    code,
    names: { vi: `Thủ tục số ${i}`, en: `Procedure ${i}` },
    level: i % 2 ? 'district' : 'province',
    sector: i % 3 ? 'Hộ tịch' : 'Đất đai',
    agency: 'STORETEST',
    channels: [],
    components: [],
    result: { vi: 'Kết quả' },
    model: 'steps.json',
  } as unknown as ProcedureMetadata;
  const ir = {
    irVersion: 1,
    procedure: { code, variant },
    startNode: 's',
    nodes: [],
    flows: [],
  } as unknown as ProcedureIr;
  const compiled: CompiledProcedure = {
    hash: createHash('sha256').update(`${code}:${variant}`).digest('hex'),
    ir,
  };
  return { metadata, modelKind: 'steps' as const, modelSource: '{"steps":[]}', compiled };
}

describe('store: publishProcedures (bulk, idempotent)', function () {
  this.timeout(60_000);

  it('publishes thousands at once, leaves unchanged ones alone and versions changed ones', async function () {
    const knex = await testKnex();
    await upsertAgencies({
      knex,
      agencies: [{ code: 'STORETEST', level: 'province', names: { vi: 'Thử' } }],
    });
    const prefix = `S${uniqueSuffix().replace(/[^a-z0-9]/gi, '')}`;
    const entries = Array.from({ length: 3000 }, (_, i) => entry(prefix, i));
    const first = await publishProcedures({ knex, entries, actor: 'test' });
    expect(first).to.include({ published: 3000, unchanged: 0 });
    const again = await publishProcedures({ knex, entries, actor: 'test' });
    expect(again).to.include({ published: 0, unchanged: 3000 });
    const changed = entries.map((e, i) => (i === 7 ? entry(prefix, 7, 1) : e));
    const third = await publishProcedures({ knex, entries: changed, actor: 'test' });
    expect(third).to.include({ published: 1, unchanged: 2999 });
    expect(third.versions).to.deep.equal([
      {
        code: `${prefix}.00007`,
        level: 'district',
        version: 2,
        procedureVersionId: third.versions[0]!.procedureVersionId,
      },
    ]);
    const page = await listProcedures({ knex, filter: { code: `${prefix}.00007`, limit: 10, offset: 0 } });
    expect(page.items[0]!.published_version).to.equal(2);
    const search = await listProcedures({
      knex,
      filter: { q: `${prefix} số 12`, status: 'published', limit: 5, offset: 0 },
    });
    expect(search.total).to.be.greaterThan(0);
    expect(search.items.every((p) => p.code.startsWith(prefix))).to.equal(true);
  });

  it('numbers versions correctly when two publishers race', async function () {
    const knex = await testKnex();
    const prefix = `R${uniqueSuffix().replace(/[^a-z0-9]/gi, '')}`;
    const a = [entry(prefix, 1, 1)];
    const b = [entry(prefix, 1, 2)];
    await publishProcedures({ knex, entries: [entry(prefix, 1, 0)], actor: 't' });
    const [ra, rb] = await Promise.all([
      publishProcedures({ knex, entries: a, actor: 't' }),
      publishProcedures({ knex, entries: b, actor: 't' }),
    ]);
    expect([ra.versions[0]!.version, rb.versions[0]!.version].sort()).to.deep.equal([2, 3]);
  });
});
