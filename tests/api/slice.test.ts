/**
 * Issue 2's thin slice, end to end on the real stack: the two-step JSON sample is compiled and published, a
 * worker runs the interpreter on its own task queue, a dossier is filed over HTTP with one document stored in
 * MinIO, both steps are claimed and completed through the API, and the dossier ends 'returned' with its events
 * in PostgreSQL.
 */
import { expect } from 'chai';
import fs from 'node:fs';
import path from 'node:path';
import { NativeConnection } from '@temporalio/worker';
import { repoRoot } from '../../config/index.js';
import { TASK_ROLES, type ProcedureMetadata } from '../../ir/index.js';
import { getAgency, publishProcedures, upsertAgencies } from '../../store/index.js';
import { uniqueSuffix } from '../support/stack.js';
import {
  applicant,
  call,
  multipart,
  pdfBytes,
  sha256,
  startTestApp,
  userWithRoles,
  type TestApp,
} from './support.js';

const SAMPLE = path.join(repoRoot, 'procedure-models', 'samples', 'two-step');

async function until<T>(what: string, fn: () => Promise<T | undefined>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe('api: the thin slice (issue 2)', function () {
  this.timeout(120_000);
  let app: TestApp;
  let worker: { shutdown(): void } | undefined;
  let running: Promise<void> | undefined;
  let nativeConnection: NativeConnection | undefined;
  let metadata: ProcedureMetadata;

  before(async function () {
    const taskQueue = `slice-${uniqueSuffix()}`;
    app = await startTestApp({ taskQueue });
    const { knex, config } = app.stack;
    // Loaded here (not at the top) so this file alone fails while the compiler or worker is missing.
    const { compileFolder, defaultRegistry } = await import('../../compiler/index.js');
    const { createWorker } = await import('../../worker/index.js');

    metadata = JSON.parse(fs.readFileSync(path.join(SAMPLE, 'procedure.json'), 'utf8')) as ProcedureMetadata;
    if (!(await getAgency({ knex, code: metadata.agency }))) {
      await upsertAgencies({
        knex,
        agencies: [
          {
            code: metadata.agency,
            level: 'province',
            names: { vi: 'Sở Tư pháp', en: 'Department of Justice' },
            unitCode: metadata.agency,
          },
        ],
      });
    }
    const registry = defaultRegistry({
      roles: new Set<string>(TASK_ROLES),
      agencies: new Set([metadata.agency]),
      plugins: new Map(),
      procedures: new Set([metadata.code]),
    });
    const result = await compileFolder(SAMPLE, registry);
    expect(result.ok, JSON.stringify(result.diagnostics)).to.equal(true);
    await publishProcedures({
      knex,
      entries: [
        {
          metadata,
          modelKind: 'steps',
          modelSource: fs.readFileSync(path.join(SAMPLE, metadata.model), 'utf8'),
          compiled: result.compiled!,
        },
      ],
      actor: 'slice-test',
    });

    nativeConnection = await NativeConnection.connect({ address: config.temporal.address });
    const created = await createWorker({
      config,
      taskQueue,
      connection: nativeConnection,
      knex,
    });
    worker = created;
    running = created.run();
  });

  after(async function () {
    worker?.shutdown();
    await running?.catch(() => undefined);
    await nativeConnection?.close().catch(() => undefined);
    await app?.close();
  });

  it('files, runs receive → approve through the API and ends returned, with events in PostgreSQL', async function () {
    const { knex, minio, s3 } = app.stack;
    const receptionist = await userWithRoles(
      app,
      [{ role: 'receptionist', agency: metadata.agency }],
      'recv',
    );
    const head = await userWithRoles(app, [{ role: 'department-head', agency: metadata.agency }], 'head');

    const don = pdfBytes(`slice ${uniqueSuffix()}`);
    const filed = await call(app, 'POST', '/api/dossiers', {
      token: receptionist.token,
      body: multipart(
        { procedureCode: metadata.code, channel: 'counter', applicant: applicant(), data: {} },
        [{ field: 'don', name: 'don.pdf', type: 'application/pdf', bytes: don }],
      ),
    });
    expect(filed.status, JSON.stringify(filed.body)).to.equal(201);
    const code = filed.body.code as string;
    // At least four digits: a unit past 9,999 filings a day (a benchmark on this database) gets five.
    expect(code).to.match(/^[A-Za-z0-9.]+-\d{6}-\d{4,}$/);

    // The document is in MinIO with the right digest.
    const doc = await knex('documents').where({ id: filed.body.documents[0].id }).first();
    expect(doc.sha256).to.equal(sha256(don));
    const chunks: Buffer[] = [];
    for await (const c of await minio.getObject(s3.bucket, doc.object_key)) chunks.push(c as Buffer);
    expect(sha256(Buffer.concat(chunks))).to.equal(sha256(don));

    for (const [user, node] of [
      [receptionist, 'receive'],
      [head, 'approve'],
    ] as const) {
      const task = await until(`the ${node} task`, async () => {
        const inbox = await call(app, 'GET', `/api/tasks?dossier=${encodeURIComponent(code)}`, {
          token: user.token,
        });
        expect(inbox.status).to.equal(200);
        return (
          inbox.body.items as Array<{ nodeId: string; workflowId: string; taskId: string; status: string }>
        ).find((t) => t.nodeId === node && t.status === 'open');
      });
      const base = `/api/tasks/${encodeURIComponent(task.workflowId)}/${encodeURIComponent(task.taskId)}`;
      const claimed = await call(app, 'POST', `${base}/claim`, { token: user.token, json: {} });
      expect(claimed.status, JSON.stringify(claimed.body)).to.equal(200);
      const claimedTask = claimed.body.task as { taskId: string; assignee: string; outcomes: string[] };
      expect([claimedTask.taskId, claimedTask.assignee]).to.deep.equal([task.taskId, user.username]);
      const outcome = claimedTask.outcomes[0]!;
      const done = await call(app, 'POST', `${base}/complete`, { token: user.token, json: { outcome } });
      expect(done.status, JSON.stringify(done.body)).to.equal(200);
      // Completing twice is a conflict, not a crash.
      const again = await call(app, 'POST', `${base}/complete`, { token: user.token, json: { outcome } });
      expect(again.status).to.be.oneOf([404, 409]);
      expect(again.headers.get('content-type')).to.match(/problem\+json/);
    }

    const row = await until('the dossier to be returned', async () => {
      const d = await knex('dossiers').where({ code }).first();
      return d?.status === 'returned' ? d : undefined;
    });
    expect(row.national_status).to.equal(10);
    expect(row.outcome).to.equal('returned');
    expect(row.finished_at).to.be.instanceOf(Date);

    const events = (await knex('dossier_events').where({ dossier_id: row.id }).orderBy('seq')) as Array<{
      type: string;
      node_id: string | null;
    }>;
    expect(events.length).to.be.greaterThan(3);
    const nodes = new Set(events.map((e) => e.node_id));
    expect(nodes.has('receive')).to.equal(true);
    expect(nodes.has('approve')).to.equal(true);

    const detail = await call(app, 'GET', `/api/dossiers/${encodeURIComponent(code)}`, {
      token: receptionist.token,
    });
    expect(detail.status).to.equal(200);
    expect(detail.body.status).to.equal('returned');
    expect(detail.body.nationalStatus).to.equal(10);
    // the workflow's events and the two claims (task rows, not workflow events: store/task-assignments.ts)
    expect(detail.body.events.length).to.equal(events.length + 2);
    expect(
      (detail.body.events as Array<{ type: string }>).filter((e) => e.type === 'task-claimed'),
    ).to.have.length(2);
    expect(detail.body.tasks.every((t: { status: string }) => t.status === 'completed')).to.equal(true);
  });
});
