/**
 * The whole life of a dossier through HTTP, for each ending (returned, refused, withdrawn, stopped), with the
 * interpreter running on a real worker: supplement request and the applicant's supplement, apology with a new date,
 * fees with e-receipts, result upload, public lookup and rating, printable slips.
 */
import { expect } from 'chai';
import type { ProcedureMetadata } from '../../ir/index.js';
import { uniqueSuffix } from '../support/stack.js';
import {
  applicant,
  call,
  multipart,
  pdfBytes,
  publishSample,
  startTestApp,
  startTestWorker,
  until,
  userWithRoles,
  type TestApp,
  type TestWorker,
} from './support.js';

type User = { token: string; username: string };

describe('api: dossier lifecycle through HTTP', function () {
  this.timeout(120_000);
  let app: TestApp;
  let worker: TestWorker;
  let meta: ProcedureMetadata;
  let receptionist: User;
  let head: User;
  let supervisor: User;
  let specialist: User;

  before(async function () {
    const taskQueue = `life-${uniqueSuffix()}`;
    app = await startTestApp({ taskQueue });
    worker = await startTestWorker(app, taskQueue);
    meta = await publishSample(app, 'two-step');
    receptionist = await userWithRoles(app, [{ role: 'receptionist', agency: meta.agency }], 'recv');
    head = await userWithRoles(app, [{ role: 'department-head', agency: meta.agency }], 'head');
    supervisor = await userWithRoles(app, [{ role: 'supervisor', agency: '*' }], 'sup');
    specialist = await userWithRoles(app, [{ role: 'specialist', agency: meta.agency }], 'spec');
  });
  after(async function () {
    await worker?.stop();
    await app?.close();
  });

  const phone = () => `09${Math.floor(10_000_000 + Math.random() * 89_999_999)}`;

  async function file(p = phone()): Promise<{ code: string; phone: string }> {
    const res = await call(app, 'POST', '/api/dossiers', {
      token: receptionist.token,
      body: multipart(
        { procedureCode: meta.code, channel: 'counter', applicant: applicant({ phone: p }), data: {} },
        [{ field: 'don', name: 'don.pdf', type: 'application/pdf', bytes: pdfBytes(uniqueSuffix()) }],
      ),
    });
    expect(res.status, JSON.stringify(res.body)).to.equal(201);
    return { code: res.body.code as string, phone: p };
  }

  const dossier = (code: string) => app.stack.knex('dossiers').where({ code }).first();

  async function openTask(user: User, code: string, node: string) {
    return until(`${node} of ${code}`, async () => {
      const inbox = await call(app, 'GET', `/api/tasks?dossier=${encodeURIComponent(code)}`, {
        token: user.token,
      });
      return (
        inbox.body.items as Array<{ nodeId: string; workflowId: string; taskId: string; status: string }>
      ).find((t) => t.nodeId === node && t.status === 'open');
    });
  }

  async function work(user: User, code: string, node: string, outcome: string) {
    const t = await openTask(user, code, node);
    const base = `/api/tasks/${encodeURIComponent(t.workflowId)}/${encodeURIComponent(t.taskId)}`;
    const c = await call(app, 'POST', `${base}/claim`, { token: user.token, json: {} });
    expect(c.status, JSON.stringify(c.body)).to.equal(200);
    const d = await call(app, 'POST', `${base}/complete`, { token: user.token, json: { outcome } });
    expect(d.status, JSON.stringify(d.body)).to.equal(200);
  }

  const pdf = async (path: string, token: string) => {
    const res = await fetch(app.baseUrl + path, { headers: { authorization: `Bearer ${token}` } });
    const bytes = Buffer.from(await res.arrayBuffer());
    return { status: res.status, type: res.headers.get('content-type'), bytes };
  };

  it('returned: receipt, fees, supplement round trip, apology, results, public lookup and rating', async function () {
    const { code, phone: p } = await file();
    const receipt = await pdf(`/api/dossiers/${code}/slips/receipt.pdf`, receptionist.token);
    expect(receipt.status).to.equal(200);
    expect(receipt.type).to.equal('application/pdf');
    expect(receipt.bytes.subarray(0, 5).toString()).to.equal('%PDF-');

    // Public lookup: the right secret answers, a wrong one looks exactly like an unknown code.
    const wrong = await call(app, 'GET', `/api/public/dossiers/${code}`, {
      headers: { 'x-lookup-secret': '0000' },
    });
    const unknown = await call(app, 'GET', `/api/public/dossiers/NOPE-000000-0000`, {
      headers: { 'x-lookup-secret': p.slice(-4) },
    });
    expect(wrong.status).to.equal(404);
    expect(unknown.status).to.equal(404);
    expect(wrong.body.code).to.equal(unknown.body.code);
    const look = await call(app, 'GET', `/api/public/dossiers/${code}`, {
      headers: { 'x-lookup-secret': p.slice(-4) },
    });
    expect(look.status).to.equal(200);
    expect(look.body.code).to.equal(code);
    expect(JSON.stringify(look.body)).not.to.contain(p);

    // Fees with an e-receipt: recorded once, a retry answers the same, another dossier cannot reuse it.
    const receiptNo = `BL-${uniqueSuffix()}`;
    const fee = await call(app, 'POST', `/api/dossiers/${code}/fees`, {
      token: receptionist.token,
      json: { receiptNo, amount: 50000 },
    });
    expect(fee.status, JSON.stringify(fee.body)).to.equal(201);
    const feeAgain = await call(app, 'POST', `/api/dossiers/${code}/fees`, {
      token: receptionist.token,
      json: { receiptNo, amount: 50000 },
    });
    expect(feeAgain.status).to.equal(200);
    const fees = await call(app, 'GET', `/api/dossiers/${code}/fees`, { token: receptionist.token });
    expect(fees.body.paidTotal).to.equal(50000);

    // Supplement: requested by staff, supplied by the applicant through the public endpoint.
    await openTask(receptionist, code, 'receive');
    const reqSup = await call(app, 'POST', `/api/dossiers/${code}/supplement-request`, {
      token: receptionist.token,
      json: { reason: 'Thiếu bản sao / copy missing', missing: ['Bản sao CCCD / ID copy'] },
    });
    expect(reqSup.status, JSON.stringify(reqSup.body)).to.equal(200);
    await until('supplement-requested', async () =>
      (await dossier(code))?.status === 'supplement-requested' ? true : undefined,
    );
    const twice = await call(app, 'POST', `/api/dossiers/${code}/supplement-request`, {
      token: receptionist.token,
      json: { reason: 'again', missing: ['x'] },
    });
    expect(twice.status).to.equal(409);
    const slip = await pdf(`/api/dossiers/${code}/slips/supplement-request.pdf`, receptionist.token);
    expect(slip.status).to.equal(200);
    const seen = await call(app, 'GET', `/api/public/dossiers/${code}?secret=${p.slice(-4)}`);
    expect(seen.body.supplementRequest.missing).to.deep.equal(['Bản sao CCCD / ID copy']);
    const supplied = await call(app, 'POST', `/api/public/dossiers/${code}/supplement`, {
      headers: { 'x-lookup-secret': p.slice(-4) },
      body: (() => {
        const f = new FormData();
        f.append(
          'don',
          new Blob([new Uint8Array(pdfBytes('copy'))], { type: 'application/pdf' }),
          'ban-sao.pdf',
        );
        return f;
      })(),
    });
    expect(supplied.status, JSON.stringify(supplied.body)).to.equal(202);
    await until('processing resumed', async () =>
      (await dossier(code))?.status !== 'supplement-requested' ? true : undefined,
    );

    // Apology with a new date, once.
    const d0 = await dossier(code);
    const newAt = new Date(new Date(d0.due_at).getTime() + 3 * 86_400_000).toISOString();
    const sorry = await call(app, 'POST', `/api/dossiers/${code}/apology`, {
      token: head.token,
      json: { reason: 'Cần xác minh / needs a check', newAppointmentAt: newAt },
    });
    expect(sorry.status, JSON.stringify(sorry.body)).to.equal(200);
    const sorryAgain = await call(app, 'POST', `/api/dossiers/${code}/apology`, {
      token: head.token,
      json: {
        reason: 'again',
        newAppointmentAt: new Date(new Date(newAt).getTime() + 86_400_000).toISOString(),
      },
    });
    expect(sorryAgain.status).to.equal(409);
    await until('apology projected', async () =>
      (
        await app.stack
          .knex('dossier_events')
          .where({ type: 'apologized' })
          .join('dossiers', 'dossiers.id', 'dossier_events.dossier_id')
          .where('dossiers.code', code)
      ).length
        ? true
        : undefined,
    );
    expect((await pdf(`/api/dossiers/${code}/slips/apology.pdf`, head.token)).status).to.equal(200);

    await work(receptionist, code, 'receive', 'accept');
    const result = await call(app, 'POST', `/api/dossiers/${code}/results`, {
      token: head.token,
      body: (() => {
        const f = new FormData();
        f.append(
          'result',
          new Blob([new Uint8Array(pdfBytes('result'))], { type: 'application/pdf' }),
          'ket-qua.pdf',
        );
        return f;
      })(),
    });
    expect(result.status, JSON.stringify(result.body)).to.equal(201);
    expect(result.body.documents[0].componentId).to.equal('result:result');
    await work(head, code, 'approve', 'approve');

    const done = await until('returned', async () => {
      const d = await dossier(code);
      return d?.status === 'returned' ? d : undefined;
    });
    expect(done.national_status).to.equal(10);
    expect((await pdf(`/api/dossiers/${code}/slips/control.pdf`, supervisor.token)).status).to.equal(200);

    const rate = await call(app, 'POST', `/api/public/dossiers/${code}/rating`, {
      json: { secret: p.slice(-4), score: 5, comment: 'Tốt' },
    });
    expect(rate.status, JSON.stringify(rate.body)).to.equal(201);
    const rateAgain = await call(app, 'POST', `/api/public/dossiers/${code}/rating`, {
      json: { secret: p.slice(-4), score: 1 },
    });
    expect(rateAgain.status).to.equal(409);
    const badScore = await call(app, 'POST', `/api/public/dossiers/${code}/rating`, {
      json: { secret: p.slice(-4), score: 9 },
    });
    expect(badScore.status).to.equal(422);
    expect(badScore.body.errors[0].field).to.equal('score');

    const actions = (await app.stack
      .knex('audit_log')
      .where({ target_id: code })
      .pluck('action')) as string[];
    expect(actions).to.include.members([
      'dossier.intake',
      'dossier.fee',
      'dossier.supplement-request',
      'public.supplement',
      'dossier.apology',
      'dossier.result-upload',
      'public.rating',
    ]);
    const taskActions = (await app.stack
      .knex('audit_log')
      .where('target_id', 'like', `${done.workflow_id}/%`)
      .pluck('action')) as string[];
    expect(taskActions).to.include.members(['task.claim', 'task.complete']);
  });

  it('financial obligation: payment request (status 6) pauses the dossier; the e-receipt resumes it (4)', async function () {
    const { code, phone: applicantPhone } = await file();
    await work(receptionist, code, 'receive', 'accept');
    await openTask(head, code, 'approve');
    await until('in progress', async () => ((await dossier(code))?.national_status === 4 ? true : undefined));
    const path = `/api/dossiers/${code}/payment-request`;
    const body = {
      reason: 'Nộp lệ phí cấp giấy / issuance fee',
      amount: 150_000,
      items: [{ name: 'Lệ phí cấp giấy / issuance fee', amount: 150_000 }],
    };
    const zero = await call(app, 'POST', path, { token: specialist.token, json: { ...body, amount: 0 } });
    expect(zero.status).to.equal(422);
    expect(zero.body.errors[0].field).to.equal('amount');
    const bySupervisor = await call(app, 'POST', path, { token: supervisor.token, json: body });
    expect(bySupervisor.status).to.equal(403);

    const r = await call(app, 'POST', path, { token: specialist.token, json: body });
    expect(r.status, JSON.stringify(r.body)).to.equal(200);
    expect([r.body.result.status, r.body.result.nationalStatus]).to.deep.equal(['financial-obligation', 6]);
    const row6 = await dossier(code);
    expect([row6.status, row6.national_status]).to.deep.equal(['financial-obligation', 6]);
    const twice = await call(app, 'POST', path, { token: specialist.token, json: body });
    expect([twice.status, twice.body.code]).to.deep.equal([409, 'payment-already-requested']);
    const supplement = await call(app, 'POST', `/api/dossiers/${code}/supplement-request`, {
      token: specialist.token,
      json: { reason: 'x', missing: ['y'] },
    });
    expect(supplement.status).to.equal(409);
    // The applicant sees what to pay in the public lookup.
    const look = await call(app, 'GET', `/api/public/dossiers/${code}`, {
      headers: { 'x-lookup-secret': applicantPhone.slice(-4) },
    });
    expect(look.body.nationalStatus).to.equal(6);
    const asked = (look.body.timeline as Array<{ type: string; amount?: number }>).find(
      (e) => e.type === 'payment-requested',
    );
    expect(asked?.amount).to.equal(150_000);

    const receiptNo = `BL-${uniqueSuffix()}`;
    const fee = await call(app, 'POST', `/api/dossiers/${code}/fees`, {
      token: receptionist.token,
      json: { receiptNo, amount: 150_000 },
    });
    expect(fee.status, JSON.stringify(fee.body)).to.equal(201);
    const row4 = await until('resumed after the payment', async () => {
      const d = await dossier(code);
      return d?.national_status === 4 ? d : undefined;
    });
    expect(row4.status).to.equal('in-progress');
    const events = (await app.stack
      .knex('dossier_events')
      .where({ dossier_id: row4.id })
      .orderBy('seq')
      .select('type', 'payload')) as Array<{ type: string; payload: Record<string, unknown> }>;
    const types = events.map((e) => e.type);
    expect(types).to.include.members(['payment-requested', 'payment-received']);
    expect(events.find((e) => e.type === 'payment-requested')!.payload).to.deep.include({ amount: 150_000 });
    expect(events.find((e) => e.type === 'payment-received')!.payload).to.deep.include({
      receiptNo,
      pause: 1,
    });
    // the same receipt posted again (a retry) is answered once and counted once
    const again = await call(app, 'POST', `/api/dossiers/${code}/fees`, {
      token: receptionist.token,
      json: { receiptNo, amount: 150_000 },
    });
    expect(again.status).to.equal(200);
    const live = await call(app, 'GET', `/api/dossiers/${code}/state`, { token: specialist.token });
    expect(live.body.payments).to.deep.equal([{ receiptNo, amount: 150_000 }]);
    expect(live.body.pauses[0]).to.deep.include({ kind: 'payment', amount: 150_000 });
    const pause = await until('pause closed', async () => {
      const p = await app.stack.knex('dossier_pauses').where({ dossier_id: row4.id }).first();
      return p?.ended_at && p.paused_working_ms !== null ? p : undefined;
    });
    expect([pause.reason, pause.actor]).to.deep.equal([body.reason, specialist.username]);
    const audits = (await app.stack.knex('audit_log').where({ target_id: code }).pluck('action')) as string[];
    expect(audits).to.include.members(['dossier.payment-request', 'dossier.fee']);

    await work(head, code, 'approve', 'approve');
    await until('returned', async () => ((await dossier(code))?.status === 'returned' ? true : undefined));
    const late = await call(app, 'POST', path, { token: specialist.token, json: body });
    expect([late.status, late.body.code]).to.deep.equal([409, 'dossier-finished']);
  });

  it('refused: a specialist refuses to resolve with a reason, and the refusal slip prints', async function () {
    const { code } = await file();
    await openTask(receptionist, code, 'receive');
    const r = await call(app, 'POST', `/api/dossiers/${code}/refuse`, {
      token: specialist.token,
      json: { reason: 'Không thuộc thẩm quyền / outside remit' },
    });
    expect(r.status, JSON.stringify(r.body)).to.equal(200);
    const d = await until('refused', async () => {
      const row = await dossier(code);
      return row?.outcome === 'refused' ? row : undefined;
    });
    expect(d.national_status).to.equal(3);
    expect((await pdf(`/api/dossiers/${code}/slips/refusal.pdf`, specialist.token)).status).to.equal(200);
    const late = await call(app, 'POST', `/api/dossiers/${code}/withdraw`, {
      token: receptionist.token,
      json: { reason: 'too late' },
    });
    expect(late.status).to.equal(409);
  });

  it('withdrawn: the receptionist records the applicant withdrawing', async function () {
    const { code } = await file();
    await openTask(receptionist, code, 'receive');
    const noReason = await call(app, 'POST', `/api/dossiers/${code}/withdraw`, {
      token: receptionist.token,
      json: {},
    });
    expect(noReason.status).to.equal(422);
    expect(noReason.body.errors[0].field).to.equal('reason');
    const r = await call(app, 'POST', `/api/dossiers/${code}/withdraw`, {
      token: receptionist.token,
      json: { reason: 'Đơn xin rút / written request' },
    });
    expect(r.status, JSON.stringify(r.body)).to.equal(200);
    const d = await until('withdrawn', async () => {
      const row = await dossier(code);
      return row?.outcome === 'withdrawn' ? row : undefined;
    });
    expect(d.national_status).to.equal(7);
  });

  it('stopped: only a leader or supervisor stops processing', async function () {
    const { code } = await file();
    await openTask(receptionist, code, 'receive');
    const bySpecialist = await call(app, 'POST', `/api/dossiers/${code}/stop`, {
      token: specialist.token,
      json: { reason: 'x' },
    });
    expect(bySpecialist.status).to.equal(403);
    const r = await call(app, 'POST', `/api/dossiers/${code}/stop`, {
      token: supervisor.token,
      json: { reason: 'Dừng theo chỉ đạo / by order' },
    });
    expect(r.status, JSON.stringify(r.body)).to.equal(200);
    const d = await until('stopped', async () => {
      const row = await dossier(code);
      return row?.outcome === 'stopped' ? row : undefined;
    });
    expect(d.national_status).to.equal(8);
    expect((await pdf(`/api/dossiers/${code}/slips/stop.pdf`, supervisor.token)).status).to.equal(200);
    const state = await call(app, 'GET', `/api/dossiers/${code}/state`, { token: supervisor.token });
    expect(state.status).to.equal(200);
    expect(state.body.finished.outcome).to.equal('stopped');
  });

  it('reassigns a task (leader) and rejects stale task calls with problem documents', async function () {
    const { code } = await file();
    const t = await openTask(receptionist, code, 'receive');
    const base = `/api/tasks/${encodeURIComponent(t.workflowId)}/${encodeURIComponent(t.taskId)}`;
    const other = await userWithRoles(app, [{ role: 'receptionist', agency: meta.agency }], 'recv3');
    const re = await call(app, 'POST', `${base}/reassign`, {
      token: head.token,
      json: { assignee: other.username, reason: 'cân đối / balance' },
    });
    expect(re.status, JSON.stringify(re.body)).to.equal(200);
    const notMine = await call(app, 'POST', `${base}/complete`, {
      token: receptionist.token,
      json: { outcome: 'accept' },
    });
    expect(notMine.status).to.be.oneOf([403, 409]);
    expect(notMine.headers.get('content-type')).to.match(/problem\+json/);
    const badOutcome = await call(app, 'POST', `${base}/complete`, {
      token: other.token,
      json: { outcome: 'nonsense' },
    });
    expect(badOutcome.status).to.equal(422);
    const ok = await call(app, 'POST', `${base}/complete`, {
      token: other.token,
      json: { outcome: 'accept' },
    });
    expect(ok.status, JSON.stringify(ok.body)).to.equal(200);
    const unknownTask = await call(
      app,
      'POST',
      `/api/tasks/${encodeURIComponent(t.workflowId)}/nope%231/claim`,
      { token: receptionist.token, json: {} },
    );
    expect(unknownTask.status).to.equal(404);
    const mine = await call(app, 'GET', '/api/tasks?assignee=me&status=completed', { token: other.token });
    expect(mine.body.items.some((x: { taskId: string }) => x.taskId === t.taskId)).to.equal(true);
  });
});
