/**
 * The reception desk: find the procedure, fill the intake form generated from its components (and the intake
 * step's form schema when it has one), attach documents with upload progress, check completeness, then either
 * receive the dossier (receipt-and-appointment slip, fees) or print the supplement-request / refusal slip.
 * Also returns results: find a dossier waiting at the desk and hand its result over.
 */
import type {
  ChannelSpec,
  ComponentSpec,
  IrNode,
  ProcedureIr,
  ProcedureMetadata,
} from '../../../ir/index.js';
import { currentUser } from '../session.js';
import { call, fileField, openPdf, upload, type DossierDetail, type DossierState } from './api.js';
import { readSchemaFields, schemaFieldsHtml, type FlatSchema } from './form-fields.js';
import { codeText, lt, ot, statusText } from './i18n.js';
import { ensureStyles, errorText, esc, fmtDate, money, notify } from './ui.js';

interface ProcedureSummary {
  code: string;
  level: string;
  names: { vi: string; en?: string };
  sector: string;
  agencyCode: string;
}
interface ProcedureDetail extends ProcedureSummary {
  version: { version: number; metadata?: ProcedureMetadata; ir: ProcedureIr | null } | null;
}

/** Procedures shown per page of the search (the catalog holds thousands: never list them all). */
export const RECEPTION_PAGE_SIZE = 20;

/**
 * The agencies the signed-in receptionist works for (the roles' agencyCode); undefined when one of them is '*'
 * (every agency is theirs, so there is nothing to narrow) or when they hold no receptionist role.
 */
export function receptionAgencies(
  roles: ReadonlyArray<{ role: string; agency: string }> = currentUser()?.roles ?? [],
): string[] | undefined {
  const scopes = [...new Set(roles.filter((r) => r.role === 'receptionist').map((r) => r.agency))];
  return scopes.length && !scopes.includes('*') ? scopes : undefined;
}

export async function mountReception(main: HTMLElement): Promise<void> {
  ensureStyles();
  const myAgencies = receptionAgencies();
  main.innerHTML = `<section class="ops-page" data-testid="reception">
    <h2>${ot('reception.title')}</h2>
    <div class="ops-row ops-form">
      <input type="search" id="proc-q" placeholder="${esc(ot('reception.search'))}" data-testid="procedure-search" size="50" autocomplete="off">
      <button type="button" id="proc-go">${ot('reception.find')}</button>
      ${
        myAgencies
          ? `<label title="${esc(ot('reception.onlyMineHint', { list: myAgencies.join(', ') }))}"><input type="checkbox" id="proc-mine" data-testid="procedure-only-mine" checked> ${ot('reception.onlyMine')}</label>`
          : ''
      }
    </div>
    <table class="ops-table" id="proc-list" data-testid="procedure-results"></table>
    <div class="ops-row" data-testid="procedure-pager">
      <button type="button" data-page="prev" data-testid="procedure-prev">‹ ${ot('reception.prevPage')}</button>
      <span data-testid="procedure-page-info"></span>
      <button type="button" data-page="next" data-testid="procedure-next">${ot('reception.nextPage')} ›</button>
    </div>
    <div id="intake"></div>
    <h3>${ot('reception.return')}</h3>
    <div class="ops-row ops-form">
      <input type="text" id="ret-code" placeholder="${esc(ot('reception.returnCode'))}" data-testid="return-code">
      <button type="button" id="ret-go" data-testid="return-find">${ot('reception.find')}</button>
    </div>
    <div id="ret"></div>
  </section>`;
  const list = main.querySelector<HTMLTableElement>('#proc-list')!;
  const q = main.querySelector<HTMLInputElement>('#proc-q')!;
  const info = main.querySelector<HTMLElement>('[data-testid="procedure-page-info"]')!;
  const prev = main.querySelector<HTMLButtonElement>('[data-page="prev"]')!;
  const next = main.querySelector<HTMLButtonElement>('[data-page="next"]')!;
  const onlyMine = main.querySelector<HTMLInputElement>('#proc-mine');
  // Searched and paged by the server, like the catalog page: one page of RECEPTION_PAGE_SIZE at a time.
  let offset = 0;
  let seq = 0;
  const search = async () => {
    const mine = ++seq;
    list.dataset.loading = 'true';
    list.innerHTML = `<tr><td>${ot('common.loading')}</td></tr>`;
    try {
      const params = new URLSearchParams({
        status: 'published',
        limit: String(RECEPTION_PAGE_SIZE),
        offset: String(offset),
      });
      const text = q.value.trim();
      if (text) params.set('q', text);
      // By default only the receptionist's own agencies and the agencies under them (the server walks the tree).
      if (myAgencies && onlyMine?.checked) {
        params.set('agency', myAgencies.join(','));
        params.set('agencyScope', 'subtree');
      }
      list.dataset.scope = myAgencies && onlyMine?.checked ? 'mine' : 'all';
      const page = await call<{ items: ProcedureSummary[]; total: number; offset: number }>(
        'GET',
        `/api/procedures?${params.toString()}`,
      );
      if (mine !== seq) return; // a newer search answered first
      const from = page.total ? page.offset + 1 : 0;
      const to = page.offset + page.items.length;
      info.textContent = ot('reception.pageInfo', { from, to, total: page.total.toLocaleString('vi-VN') });
      list.dataset.total = String(page.total);
      prev.disabled = page.offset === 0;
      next.disabled = to >= page.total;
      list.innerHTML = page.items.length
        ? page.items
            .map(
              (
                p,
              ) => `<tr><td>${esc(p.code)}</td><td>${esc(lt(p.names))}</td><td>${esc(p.sector)}</td><td>${esc(p.agencyCode)}</td>
              <td><button type="button" data-code="${esc(p.code)}" data-level="${esc(p.level)}" data-testid="choose-${esc(p.code)}">${ot('reception.choose')}</button></td></tr>`,
            )
            .join('')
        : `<tr><td>${ot('common.none')}</td></tr>`;
    } catch (err) {
      if (mine !== seq) return;
      list.innerHTML = `<tr><td class="mc-notice-error">${esc(errorText(err))}</td></tr>`;
    } finally {
      if (mine === seq) list.dataset.loading = 'false';
    }
  };
  let timer: ReturnType<typeof setTimeout> | undefined;
  const fromStart = () => {
    clearTimeout(timer);
    offset = 0;
    void search();
  };
  main.querySelector('#proc-go')!.addEventListener('click', fromStart);
  onlyMine?.addEventListener('change', fromStart);
  q.addEventListener('keydown', (e) => {
    if (e.key === 'Enter') fromStart();
  });
  // Typing searches after a pause.
  q.addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(fromStart, 300);
  });
  main.querySelector('[data-testid="procedure-pager"]')!.addEventListener('click', (e) => {
    const dir = (e.target as HTMLElement).closest<HTMLElement>('[data-page]')?.dataset.page;
    if (!dir) return;
    offset = Math.max(0, offset + (dir === 'next' ? RECEPTION_PAGE_SIZE : -RECEPTION_PAGE_SIZE));
    void search();
  });
  list.addEventListener('click', (e) => {
    const b = (e.target as HTMLElement).closest<HTMLButtonElement>('button[data-code]');
    if (b) void openIntake(main.querySelector('#intake')!, b.dataset.code!, b.dataset.level!);
  });
  const findReturn = () =>
    void returnPanel(
      main.querySelector('#ret')!,
      main.querySelector<HTMLInputElement>('#ret-code')!.value.trim(),
    );
  main.querySelector('#ret-go')!.addEventListener('click', findReturn);
  main.querySelector('#ret-code')!.addEventListener('keydown', (e) => {
    if ((e as KeyboardEvent).key === 'Enter') findReturn();
  });
  await search();
}

/** The intake step's completion form, if the model gives the first desk step one (compiled inline as formSchema). */
function intakeSchema(ir: ProcedureIr | null | undefined): FlatSchema | undefined {
  const first = ir?.nodes.find((n: IrNode) => n.kind === 'userTask' && n.role === 'receptionist') as
    (IrNode & { formSchema?: FlatSchema }) | undefined;
  return first?.formSchema;
}

async function openIntake(box: HTMLElement, code: string, level: string): Promise<void> {
  box.innerHTML = ot('common.loading');
  let p: ProcedureDetail;
  try {
    p = await call<ProcedureDetail>(
      'GET',
      `/api/procedures/${encodeURIComponent(code)}?level=${encodeURIComponent(level)}`,
    );
  } catch (err) {
    box.innerHTML = `<p class="mc-notice mc-notice-error">${esc(errorText(err))}</p>`;
    return;
  }
  const meta = p.version?.metadata;
  const components: ComponentSpec[] = meta?.components ?? [];
  const channels: ChannelSpec[] = meta?.channels ?? [];
  const schema = intakeSchema(p.version?.ir);
  box.innerHTML = `<div class="ops-card ops-form" data-testid="intake-form">
    <h3>${esc(p.code)} — ${esc(lt(p.names))}</h3>
    <div class="ops-grid">
      <div>
        <h4>${ot('reception.applicant')}</h4>
        <label><span>${ot('reception.type')}</span> <select name="type"><option value="person">${ot('reception.person')}</option><option value="organisation">${ot('reception.organisation')}</option></select></label>
        <label><span>${ot('reception.name')} *</span> <input type="text" name="name" data-testid="applicant-name"></label>
        <label><span>${ot('reception.idNumber')} *</span> <input type="text" name="idNumber" data-testid="applicant-id"></label>
        <label><span>${ot('reception.phone')} *</span> <input type="text" name="phone" data-testid="applicant-phone"></label>
        <label><span>${ot('reception.address')} *</span> <input type="text" name="address" data-testid="applicant-address"></label>
        <label><span>${ot('reception.email')}</span> <input type="text" name="email"></label>
        <label><span>${ot('reception.channel')}</span> <select name="channel">${channels
          .map((c) => `<option value="${esc(c.channel)}">${esc(codeText('channel', c.channel))}</option>`)
          .join('')}</select></label>
        <div id="intake-data">${schema ? `<h4>${ot('reception.data')}</h4>${schemaFieldsHtml(schema, 'data.')}` : ''}</div>
        <label><span>${ot('reception.note')}</span> <textarea name="note" rows="2"></textarea></label>
      </div>
      <div>
        <h4>${ot('reception.components')}</h4>
        <table class="ops-table">${components
          .map(
            (
              c,
            ) => `<tr data-component="${esc(c.id)}"><td>${esc(lt(c.name))}${c.required ? ` <em>(${ot('reception.required')})</em>` : ''}<br><small>${esc(codeText('component', c.kind))} × ${c.count}</small></td>
            <td><input type="file" multiple data-file="${esc(c.id)}" data-testid="file-${esc(c.id)}"><br>
            <label><input type="checkbox" data-paper="${esc(c.id)}"> ${ot('reception.onPaper')}</label></td></tr>`,
          )
          .join('')}</table>
      </div>
    </div>
    <div class="ops-row">
      <button type="button" id="check" data-testid="check-completeness">${ot('reception.check')}</button>
      <button type="button" class="primary" id="receive" data-testid="receive" disabled>${ot('reception.submit')}</button>
      <progress class="ops-progress" id="progress" max="1" value="0" hidden data-testid="upload-progress"></progress>
      <span id="progress-text"></span>
    </div>
    <p id="check-result" hidden data-testid="completeness"></p>
    <div class="ops-row" id="not-received" hidden>
      <button type="button" id="print-supplement" data-testid="print-supplement">${ot('reception.printSupplement')}</button>
      <input type="text" id="refusal-reason" placeholder="${esc(ot('reception.refusalReason'))}">
      <button type="button" id="print-refusal" data-testid="print-refusal">${ot('reception.printRefusal')}</button>
    </div>
    <p id="intake-msg" hidden data-testid="intake-message"></p>
    <div id="after"></div>
  </div>`;
  const form = box.querySelector<HTMLElement>('[data-testid="intake-form"]')!;
  const val = (name: string) =>
    form
      .querySelector<HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement>(`[name="${name}"]`)!
      .value.trim();
  const msg = form.querySelector<HTMLElement>('#intake-msg')!;
  const files = (id: string) => [
    ...(form.querySelector<HTMLInputElement>(`[data-file="${CSS.escape(id)}"]`)!.files ?? []),
  ];
  const onPaper = (id: string) =>
    form.querySelector<HTMLInputElement>(`[data-paper="${CSS.escape(id)}"]`)!.checked;
  const applicant = () => ({
    type: val('type'),
    name: val('name'),
    idNumber: val('idNumber'),
    phone: val('phone'),
    address: val('address'),
    ...(val('email') ? { email: val('email') } : {}),
  });
  const supplied = () => components.filter((c) => files(c.id).length > 0 || onPaper(c.id)).map((c) => c.id);

  const check = (): boolean => {
    const out = form.querySelector<HTMLElement>('#check-result')!;
    const missingFields = [
      ['name', ot('reception.name')],
      ['idNumber', ot('reception.idNumber')],
      ['phone', ot('reception.phone')],
      ['address', ot('reception.address')],
    ]
      .filter(([n]) => !val(n!))
      .map(([, l]) => l!);
    const data = readSchemaFields(form.querySelector('#intake-data')!, schema);
    missingFields.push(...data.missing);
    const have = new Set(supplied());
    const missing = components.filter((c) => c.required && !have.has(c.id));
    const problems: string[] = [];
    if (missingFields.length) problems.push(ot('reception.fieldMissing', { list: missingFields.join(', ') }));
    if (missing.length)
      problems.push(ot('reception.missing', { list: missing.map((c) => lt(c.name)).join('; ') }));
    out.hidden = false;
    out.className = problems.length ? 'mc-notice mc-notice-error' : 'ops-info';
    out.dataset.complete = String(problems.length === 0);
    out.textContent = problems.length ? problems.join(' — ') : ot('reception.complete');
    form.querySelector<HTMLButtonElement>('#receive')!.disabled = problems.length > 0;
    form.querySelector<HTMLElement>('#not-received')!.hidden =
      missingFields.length > 0 || problems.length === 0;
    return problems.length === 0;
  };
  form.querySelector('#check')!.addEventListener('click', () => void check());
  form.addEventListener('change', () => {
    form.querySelector<HTMLButtonElement>('#receive')!.disabled = true;
  });

  const slipBody = (reason?: string) => ({
    procedureCode: p.code,
    level: p.level,
    applicant: applicant(),
    supplied: supplied(),
    ...(reason ? { reason } : {}),
  });
  const printed = (size: number) =>
    notify(msg, ot('reception.printed', { size: Math.max(1, Math.round(size / 1024)) }));
  form.querySelector('#print-supplement')!.addEventListener('click', () => {
    openPdf('/api/intake/supplement-request.pdf', slipBody()).then(printed, (err) =>
      notify(msg, errorText(err), 'error'),
    );
  });
  form.querySelector('#print-refusal')!.addEventListener('click', () => {
    const reason = form.querySelector<HTMLInputElement>('#refusal-reason')!.value.trim();
    openPdf('/api/intake/refusal.pdf', slipBody(reason)).then(printed, (err) =>
      notify(msg, errorText(err), 'error'),
    );
  });

  form.querySelector('#receive')!.addEventListener('click', async () => {
    if (!check()) return;
    const button = form.querySelector<HTMLButtonElement>('#receive')!;
    button.disabled = true;
    const progress = form.querySelector<HTMLProgressElement>('#progress')!;
    const progressText = form.querySelector<HTMLElement>('#progress-text')!;
    progress.hidden = false;
    const body = new FormData();
    const paper = components.filter((c) => onPaper(c.id) && files(c.id).length === 0).map((c) => c.id);
    const data = readSchemaFields(form.querySelector('#intake-data')!, schema).value;
    body.append(
      'dossier',
      JSON.stringify({
        procedureCode: p.code,
        level: p.level,
        channel: val('channel'),
        applicant: applicant(),
        data,
        ...(paper.length ? { paperComponents: paper } : {}),
        ...(val('note') ? { note: val('note') } : {}),
      }),
    );
    for (const c of components) for (const f of files(c.id)) body.append(c.id, f, f.name);
    try {
      const r = await upload<{ code: string; appointmentAt: string | null }>('/api/dossiers', body, (x) => {
        progress.value = x;
        progressText.textContent = ot('reception.uploading', { pct: Math.round(x * 100) });
      });
      notify(msg, ot('reception.received', { code: r.code, date: fmtDate(r.appointmentAt) }));
      msg.dataset.code = r.code;
      afterReceipt(
        form.querySelector('#after')!,
        r.code,
        channels.find((c) => c.channel === val('channel')),
      );
    } catch (err) {
      notify(msg, errorText(err), 'error');
      button.disabled = false;
    }
  });
}

/** After a dossier is received: print the slip, collect fees, go on with the next applicant. */
function afterReceipt(box: HTMLElement, code: string, channel: ChannelSpec | undefined): void {
  box.innerHTML = `<div class="ops-row">
      <button type="button" class="primary" id="print-receipt" data-testid="print-receipt">${ot('reception.printReceipt')}</button>
      <a href="#/dossiers/${encodeURIComponent(code)}">${ot('common.open')} ${esc(code)}</a>
      <button type="button" id="next">${ot('reception.next')}</button>
    </div>
    <div id="fees"></div>
    <p id="after-msg" hidden data-testid="after-message"></p>`;
  const msg = box.querySelector<HTMLElement>('#after-msg')!;
  box.querySelector('#print-receipt')!.addEventListener('click', () => {
    openPdf(`/api/dossiers/${encodeURIComponent(code)}/slips/receipt.pdf`).then(
      (size) => notify(msg, ot('reception.printed', { size: Math.max(1, Math.round(size / 1024)) })),
      (err) => notify(msg, errorText(err), 'error'),
    );
  });
  void feesPanel(
    box.querySelector('#fees')!,
    code,
    msg,
    (channel?.fees ?? []).reduce((s, f) => s + f.amount, 0),
  );
  box.querySelector('#next')!.addEventListener('click', () => {
    document.querySelector('#intake')!.innerHTML = '';
    document.querySelector<HTMLInputElement>('#proc-q')?.focus();
  });
}

interface FeesView {
  fees: Array<{ name: { vi: string; en?: string }; amount: number; currency?: string }>;
  payments: Array<{ receiptNo: string; amount: number; paidAt: string; recordedBy: string | null }>;
  paidTotal: number;
}

/**
 * Fees of a dossier at the desk: what is due for its channel, the e-receipts already recorded, and the form to
 * record one more. `msg` takes the outcome; `dueHint` is shown until the API answered.
 */
async function feesPanel(box: HTMLElement, code: string, msg: HTMLElement, dueHint = 0): Promise<void> {
  let view: FeesView;
  try {
    view = await call<FeesView>('GET', `/api/dossiers/${encodeURIComponent(code)}/fees`);
  } catch {
    view = {
      fees: dueHint ? [{ name: { vi: 'Phí, lệ phí', en: 'Fees' }, amount: dueHint }] : [],
      payments: [],
      paidTotal: 0,
    };
  }
  const due = view.fees.reduce((s, f) => s + f.amount, 0);
  const left = Math.max(0, due - view.paidTotal);
  const state = due === 0 ? 'none' : left === 0 ? 'paid' : 'unpaid';
  box.innerHTML = `<div class="ops-card" data-testid="fees" data-fee-state="${state}"><h4>${ot('reception.fees')}</h4>
      ${
        due > 0
          ? `<p>${view.fees.map((f) => `${esc(lt(f.name))}: ${money(f.amount)}`).join(' · ')} — ${ot('reception.feeDue', { amount: money(due) })}</p>`
          : `<p>${ot('reception.noFee')}</p>`
      }
      ${
        view.payments.length
          ? `<table class="ops-table" data-testid="fee-payments"><tr><th>${ot('reception.receiptNo')}</th><th>${ot('reception.amount')}</th><th>${ot('reception.paidAt')}</th><th>${ot('reception.collectedBy')}</th></tr>${view.payments
              .map(
                (p) =>
                  `<tr data-receipt="${esc(p.receiptNo)}"><td>${esc(p.receiptNo)}</td><td>${money(p.amount)}</td><td>${fmtDate(p.paidAt)}</td><td>${esc(p.recordedBy ?? '')}</td></tr>`,
              )
              .join('')}</table>`
          : ''
      }
      <p><b data-testid="fee-state">${ot(`reception.fee.${state}`, { amount: money(left) })}</b></p>
      ${
        state === 'paid'
          ? ''
          : `<div class="ops-row ops-form">
        <label><span>${ot('reception.receiptNo')}</span> <input type="text" id="receipt-no" data-testid="receipt-no" placeholder="BL-2026-000123"></label>
        <label><span>${ot('reception.amount')}</span> <input type="number" id="amount" value="${left}" min="0" data-testid="fee-amount"></label>
        <button type="button" id="collect" data-testid="collect-fee">${ot('reception.collect')}</button>
      </div>`
      }
    </div>`;
  box.querySelector('#collect')?.addEventListener('click', async (e) => {
    const button = e.currentTarget as HTMLButtonElement;
    const receiptNo = box.querySelector<HTMLInputElement>('#receipt-no')!.value.trim();
    const amount = Number(box.querySelector<HTMLInputElement>('#amount')!.value);
    button.disabled = true;
    try {
      await call('POST', `/api/dossiers/${encodeURIComponent(code)}/fees`, { receiptNo, amount });
      await feesPanel(box, code, msg, dueHint);
      notify(msg, ot('reception.feeRecorded', { no: receiptNo }));
    } catch (err) {
      notify(msg, errorText(err), 'error');
      button.disabled = false;
    }
  });
}

/**
 * Returning a result: the dossier's status and fees, then the desk's open step of a processed dossier — attach the
 * result files, hand over (complete the step with its outcome).
 */
async function returnPanel(box: HTMLElement, code: string): Promise<void> {
  if (!code) return;
  box.innerHTML = ot('common.loading');
  let d: DossierDetail;
  let state: DossierState | undefined;
  try {
    [d, state] = await Promise.all([
      call<DossierDetail>('GET', `/api/dossiers/${encodeURIComponent(code)}`),
      call<DossierState>('GET', `/api/dossiers/${encodeURIComponent(code)}/state`).catch(() => undefined),
    ]);
  } catch (err) {
    box.innerHTML = `<p class="mc-notice mc-notice-error">${esc(errorText(err))}</p>`;
    return;
  }
  const desk = d.tasks.find(
    (t) => t.role === 'receptionist' && (t.status === 'open' || t.status === 'claimed'),
  );
  const outcomes = state?.openTasks.find((t) => t.taskId === desk?.taskId)?.outcomes ?? [];
  const results = d.documents.filter((x) => x.componentId?.startsWith('result:'));
  box.innerHTML = `<div class="ops-card ops-form" data-testid="return-panel" data-status="${esc(d.status)}">
    <p><b>${esc(d.code)}</b> — ${esc(d.procedureCode)} · ${esc(d.applicant.name)} · <b data-testid="return-status">${esc(statusText(d.status))}</b> ·
      ${ot('common.appointment')}: ${fmtDate(d.appointmentAt)}</p>
    <div id="ret-fees"></div>
    ${
      results.length
        ? `<p>${ot('dossier.resultFiles')}: ${results.map((r) => esc(r.filename)).join(', ')}</p>`
        : ''
    }
    ${
      desk
        ? `<h4>${esc(lt(desk.name))}</h4>
           <label><span>${ot('dossier.resultFiles')}</span> <input type="file" multiple id="result-files" data-testid="result-files"></label>
           <label><span>${ot('dossier.outcome')}</span> <select id="ret-outcome" data-testid="return-outcome">${outcomes.map((o) => `<option>${esc(o)}</option>`).join('')}</select></label>
           <label><span>${ot('reception.note')}</span> <input type="text" id="ret-note"></label>
           <button type="button" class="primary" id="do-return" data-testid="do-return">${ot('reception.handOver')}</button>`
        : `<p data-testid="return-none">${d.status === 'returned' ? ot('reception.alreadyReturned') : ot('reception.notReady')}</p>`
    }
    <p id="ret-msg" hidden data-testid="return-message"></p></div>`;
  const msg = box.querySelector<HTMLElement>('#ret-msg')!;
  void feesPanel(box.querySelector('#ret-fees')!, d.code, msg);
  box.querySelector('#do-return')?.addEventListener('click', async (e) => {
    const button = e.currentTarget as HTMLButtonElement;
    button.disabled = true;
    try {
      const fl = [...(box.querySelector<HTMLInputElement>('#result-files')!.files ?? [])];
      const note = box.querySelector<HTMLInputElement>('#ret-note')!.value.trim();
      if (fl.length) {
        const form = new FormData();
        form.append('result', JSON.stringify(note ? { note } : {}));
        for (const f of fl) form.append(fileField(f.name, 'ket-qua'), f, f.name);
        await upload(`/api/dossiers/${encodeURIComponent(d.code)}/results`, form, () => undefined);
      }
      const base = `/api/tasks/${encodeURIComponent(desk!.workflowId)}/${encodeURIComponent(desk!.taskId)}`;
      if (desk!.status === 'open') await call('POST', `${base}/claim`, {});
      await call('POST', `${base}/complete`, {
        outcome: box.querySelector<HTMLSelectElement>('#ret-outcome')!.value,
        ...(note ? { note } : {}),
      });
      notify(msg, ot('reception.returned', { code: d.code }));
      msg.dataset.returned = 'true';
      button.hidden = true;
    } catch (err) {
      notify(msg, errorText(err), 'error');
      button.disabled = false;
    }
  });
}
