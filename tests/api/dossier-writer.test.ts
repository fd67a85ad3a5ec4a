import { randomUUID } from 'node:crypto';
import { expect } from 'chai';
import type { Knex } from 'knex';
import { createDossierWriter } from '../../api/dossier-writer.js';
import type { DossierInsert } from '../../store/index.js';
import { testKnex, uniqueSuffix } from '../support/stack.js';

/** Dossier rows written in batches: each filing keeps its own all-or-nothing outcome (real PostgreSQL). */
describe('api: dossier writer (batched inserts)', function () {
  this.timeout(60_000);
  let knex: Knex;
  let versionId: number;
  const prefix = `DW-${uniqueSuffix()}`;

  before(async () => {
    knex = await testKnex();
    const v = (await knex('procedure_versions').first('id')) as { id: number } | undefined;
    if (!v) throw new Error('the test database has no procedure version to point dossiers at');
    versionId = Number(v.id);
  });

  after(async () => {
    const ids = (await knex('dossiers')
      .where('code', 'like', `${prefix}-%`)
      .orWhere('agency_code', `${prefix}-AG`)
      .pluck('id')) as string[];
    await knex('documents').whereIn('dossier_id', ids).del();
    await knex('idempotency_keys').whereIn('dossier_id', ids).del();
    await knex('dossiers').whereIn('id', ids).del();
  });

  const count = async (q: Knex.QueryBuilder) =>
    Number(((await q.count({ n: '*' }).first()) as { n: unknown }).n);

  function item(n: number, opts: { code?: string; key?: string; document?: boolean } = {}): DossierInsert {
    const id = randomUUID();
    const code = opts.code ?? `${prefix}-${n}`;
    return {
      dossier: {
        id,
        code,
        procedureVersionId: versionId,
        procedureCode: 'DW.1',
        agencyCode: `${prefix}-AG`,
        channel: 'counter',
        applicant: { type: 'person', name: `Người nộp ${n}`, idNumber: '0', phone: '0912', address: 'x' },
        data: { n },
        status: 'accepted',
        nationalStatus: 2,
        workflowId: `dossier-${code}-${id.slice(0, 6)}`,
        receivedAt: new Date(),
        dueAt: null,
        idempotencyKey: opts.key ?? `${prefix}-key-${n}`,
        requestHash: 'h'.repeat(64),
      },
      documents: opts.document
        ? [
            {
              id: randomUUID(),
              componentId: 'don',
              objectKey: `documents/${prefix}/${n}/${id}`,
              filename: 'don.pdf',
              contentType: 'application/pdf',
              size: 10,
              sha256: 'a'.repeat(64),
              uploadedBy: 'test',
            },
          ]
        : [],
      audit: { actor: 'test', action: 'dossier.intake', newValue: { n } },
    };
  }

  it('writes concurrent filings in fewer statements, with their keys, documents and audit entries', async () => {
    const writer = createDossierWriter(knex, { maxBatch: 8, maxInFlight: 1 });
    let statements = 0;
    const onQuery = () => statements++;
    knex.on('query', onQuery);
    try {
      await Promise.all(
        Array.from({ length: 20 }, (_, i) => writer.insert(item(i, { document: i % 2 === 0 }))),
      );
    } finally {
      knex.off('query', onQuery);
    }
    const rows = (await knex('dossiers')
      .where('code', 'like', `${prefix}-%`)
      .select('id', 'code', 'data')) as Array<{
      id: string;
      code: string;
      data: { n: number };
    }>;
    expect(rows).to.have.length(20);
    expect(rows.map((r) => r.data.n).sort((a, b) => a - b)).to.deep.equal([...Array(20).keys()]);
    // 20 filings, at most 8 per statement, one statement at a time: 1 (the first alone) + ceil(19 / 8) = 4.
    expect(statements).to.be.at.most(4);
    const ids = rows.map((r) => r.id);
    expect(await count(knex('idempotency_keys').whereIn('dossier_id', ids))).to.equal(20);
    expect(await count(knex('documents').whereIn('dossier_id', ids))).to.equal(10);
    const codes = rows.map((r) => r.code);
    const audited = await count(
      knex('audit_log')
        .where({ action: 'dossier.intake', target_type: 'dossier' })
        .whereIn('target_id', codes),
    );
    expect(audited).to.equal(20);
  });

  it('numbers concurrent filings of a unit consecutively and tells each caller its own code', async () => {
    const writer = createDossierWriter(knex);
    const unit = `${prefix}-U`;
    const items = Array.from({ length: 12 }, (_, i) => {
      const it = item(200 + i);
      delete it.dossier.code;
      delete it.dossier.workflowId;
      it.dossier.codeUnit = unit;
      return it;
    });
    let statements = 0;
    const onQuery = () => statements++;
    knex.on('query', onQuery);
    let out: Awaited<ReturnType<typeof writer.insert>>[];
    try {
      out = await Promise.all(items.map((i) => writer.insert(i)));
    } finally {
      knex.off('query', onQuery);
    }
    // One statement in flight by default: the first filing alone, the eleven that queued behind it together.
    expect(statements).to.equal(2);
    const seqs = out.map((o) => Number(o.code.split('-').at(-1)));
    expect(seqs).to.deep.equal(seqs.map((_, i) => seqs[0]! + i));
    const rows = (await knex('dossiers')
      .whereIn(
        'id',
        out.map((o) => o.id),
      )
      .select('id', 'code', 'workflow_id')) as Array<{ id: string; code: string; workflow_id: string }>;
    const byId = new Map(rows.map((r) => [r.id, r]));
    out.forEach((o, i) => {
      expect(o.id).to.equal(items[i]!.dossier.id);
      expect(byId.get(o.id)?.code).to.equal(o.code);
      expect(byId.get(o.id)?.workflow_id).to.equal(o.workflowId);
    });
    await knex('dossier_code_sequences').where({ unit_code: unit }).del();
  });

  it('a failing filing in a batch fails alone: the others are written, it leaves nothing behind', async () => {
    const writer = createDossierWriter(knex, { maxBatch: 16, maxInFlight: 1 });
    // A first filing holds the statement while the next five queue into one batch; one of them reuses a key.
    const first = writer.insert(item(100, { key: `${prefix}-dup` }));
    const rest = [101, 102, 103, 104, 105].map((n) =>
      writer.insert(item(n, n === 103 ? { key: `${prefix}-dup`, document: true } : { document: true })),
    );
    await first;
    const outcomes = await Promise.allSettled(rest);
    expect(outcomes.map((o) => o.status)).to.deep.equal([
      'fulfilled',
      'fulfilled',
      'rejected',
      'fulfilled',
      'fulfilled',
    ]);
    const err = (outcomes[2] as PromiseRejectedResult).reason as { code?: string };
    expect(err.code).to.equal('23505');
    const codes = (await knex('dossiers')
      .whereIn(
        'code',
        [101, 102, 103, 104, 105].map((n) => `${prefix}-${n}`),
      )
      .pluck('code')) as string[];
    expect(codes.sort()).to.deep.equal([101, 102, 104, 105].map((n) => `${prefix}-${n}`));
    // Documents of the four written, none of the refused one.
    const docs = (await knex('documents')
      .where('object_key', 'like', `documents/${prefix}/10_/%`)
      .pluck('object_key')) as string[];
    expect(docs.map((k) => k.split('/')[2]).sort()).to.deep.equal(['101', '102', '104', '105']);
  });
});
