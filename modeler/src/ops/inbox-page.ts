/**
 * A worker's inbox: my claimed tasks and my unit's unclaimed ones, most urgent first, deadlines coloured (on
 * track / warning / overdue); claim from the list, open the dossier to complete, return, request a supplement.
 * The dossier page shows documents (presigned links), steps and the timeline.
 */
import { currentUser, hasRole } from '../session.js';
import {
  call,
  fileField,
  openPdf,
  upload,
  type DossierDetail,
  type DossierState,
  type TaskItem,
} from './api.js';
import { readSchemaFields, schemaFieldsHtml, type FlatSchema } from './form-fields.js';
import { codeText, eventName, lt, ot, roleText, statusText } from './i18n.js';
import {
  deadlineBadge,
  deadlineState,
  ensureStyles,
  errorText,
  esc,
  fmtDate,
  fmtSpan,
  notify,
} from './ui.js';

function taskRows(items: TaskItem[], claim: boolean): string {
  if (!items.length) return `<tr><td>${ot('common.none')}</td></tr>`;
  return (
    `<tr><th>${ot('common.dossier')}</th><th>${ot('common.step')}</th><th>${ot('common.procedure')}</th><th>${ot('common.due')}</th><th></th><th>${ot('common.actions')}</th></tr>` +
    items
      .map((t) => {
        const st = deadlineState(t);
        return `<tr class="ops-row-${st}" data-task="${esc(t.taskId)}" data-dossier="${esc(t.dossierCode)}">
          <td><a href="#/dossiers/${encodeURIComponent(t.dossierCode ?? '')}">${esc(t.dossierCode)}</a></td>
          <td>${esc(lt(t.name))}<br><small>${esc(roleText(t.role))} · ${esc(t.agencyCode)}</small></td>
          <td>${esc(t.procedureCode)}</td>
          <td>${fmtDate(t.dueAt)}</td><td>${deadlineBadge(st)}</td>
          <td>${
            claim
              ? `<button type="button" data-claim="${esc(t.workflowId)}|${esc(t.taskId)}" data-testid="claim-${esc(t.dossierCode)}">${ot('inbox.claim')}</button>`
              : ''
          } <a href="#/dossiers/${encodeURIComponent(t.dossierCode ?? '')}" data-testid="work-${esc(t.dossierCode)}">${ot('inbox.work')}</a></td></tr>`;
      })
      .join('')
  );
}

export async function mountInbox(main: HTMLElement): Promise<void> {
  ensureStyles();
  main.innerHTML = `<section class="ops-page" data-testid="inbox"><h2>${ot('inbox.title')}</h2>
    <p id="inbox-msg" hidden></p>
    <h3>${ot('inbox.mine')}</h3><table class="ops-table" id="mine" data-testid="my-tasks"></table>
    <h3>${ot('inbox.unit')}</h3><table class="ops-table" id="unit" data-testid="unit-tasks"></table></section>`;
  const load = async () => {
    const me = currentUser()?.username ?? '';
    const [mine, open] = await Promise.all([
      call<{ items: TaskItem[] }>('GET', `/api/tasks?assignee=me&status=claimed&limit=200`),
      call<{ items: TaskItem[] }>('GET', `/api/tasks?status=open&limit=200`),
    ]);
    main.querySelector('#mine')!.innerHTML = taskRows(
      mine.items.filter((t) => t.assignee === me),
      false,
    );
    main.querySelector('#unit')!.innerHTML = taskRows(open.items, true);
  };
  main.addEventListener('click', async (e) => {
    const b = (e.target as HTMLElement).closest<HTMLButtonElement>('button[data-claim]');
    if (!b) return;
    const [wf, task] = b.dataset.claim!.split('|') as [string, string];
    b.disabled = true;
    try {
      await call('POST', `/api/tasks/${encodeURIComponent(wf)}/${encodeURIComponent(task)}/claim`, {});
      await load();
    } catch (err) {
      notify(main.querySelector('#inbox-msg'), errorText(err), 'error');
      b.disabled = false;
    }
  });
  try {
    await load();
  } catch (err) {
    notify(main.querySelector('#inbox-msg'), errorText(err), 'error');
  }
}

/** The event each printable slip is made from (api/routes/dossier-actions.ts). */
const SLIP_EVENT = {
  'supplement-request': 'supplement-requested',
  refusal: 'refused',
  apology: 'apologized',
  stop: 'stopped',
} as const;

interface VersionDetail {
  ir: {
    nodes: Array<{ id: string; kind: string; formSchema?: FlatSchema; name: { vi: string; en?: string } }>;
  } | null;
}

/** The form schema of a task's node, from the dossier's own procedure version. */
async function formSchemaOf(d: DossierDetail, nodeId: string): Promise<FlatSchema | undefined> {
  try {
    const versions = await call<{ items: Array<{ id: number; version: number }> }>(
      'GET',
      `/api/procedures/${encodeURIComponent(d.procedureCode)}/versions`,
    );
    const v = versions.items.find((x) => x.id === d.procedureVersionId);
    if (!v) return undefined;
    const detail = await call<VersionDetail>(
      'GET',
      `/api/procedures/${encodeURIComponent(d.procedureCode)}/versions/${v.version}`,
    );
    return detail.ir?.nodes.find((n) => n.id === nodeId)?.formSchema;
  } catch {
    return undefined;
  }
}

/** The dossier page; `flash` is the result of the action that led to this (re)load. */
export async function mountDossier(main: HTMLElement, code: string, flash?: string): Promise<void> {
  ensureStyles();
  main.innerHTML = `<section class="ops-page" data-testid="dossier"><p>${ot('common.loading')}</p></section>`;
  const page = main.querySelector<HTMLElement>('section')!;
  let d: DossierDetail;
  let state: DossierState | undefined;
  try {
    [d, state] = await Promise.all([
      call<DossierDetail>('GET', `/api/dossiers/${encodeURIComponent(code)}`),
      call<DossierState>('GET', `/api/dossiers/${encodeURIComponent(code)}/state`).catch(() => undefined),
    ]);
  } catch (err) {
    page.innerHTML = `<p class="mc-notice mc-notice-error">${esc(errorText(err))}</p>`;
    return;
  }
  const me = currentUser()?.username;
  const mine = d.tasks.find((t) => t.status === 'claimed' && t.assignee === me);
  const openState = mine ? state?.openTasks.find((o) => o.taskId === mine.taskId) : undefined;
  const schema = mine ? await formSchemaOf(d, mine.nodeId) : undefined;
  const earlier = mine
    ? [
        ...new Set(
          d.tasks.filter((t) => t.status === 'completed' && t.nodeId !== mine.nodeId).map((t) => t.nodeId),
        ),
      ]
    : [];
  const a = d.applicant;
  // Printable slips of what happened to the dossier (each from its latest event), and the processing-control slip.
  const happened = new Set(d.events.map((e) => e.type));
  // While the dossier waits for the applicant (papers or a payment) its steps cannot be completed.
  const paused = d.status === 'supplement-requested' || d.status === 'financial-obligation';
  const slips = [
    ...(['supplement-request', 'refusal', 'apology', 'stop'] as const).filter((k) =>
      happened.has(SLIP_EVENT[k]),
    ),
    ...(hasRole(['specialist', 'division-head', 'department-head', 'supervisor', 'receptionist'])
      ? (['control'] as const)
      : []),
  ];
  page.innerHTML = `<h2>${ot('dossier.title', { code: esc(d.code) })}</h2>
    <p>${esc(d.procedureCode)} · ${esc(a.name)} · <b data-testid="dossier-status">${esc(statusText(d.status))}</b> ·
      ${ot('common.appointment')}: ${fmtDate(d.appointmentAt)}
      ${hasRole(['supervisor', 'division-head', 'department-head']) ? ` · <a href="#/inspect/${encodeURIComponent(d.code)}" data-testid="open-inspector">${ot('dossier.inspect')}</a>` : ''}</p>
    <p id="dossier-msg" hidden data-testid="dossier-message"></p>
    ${slips.length ? `<div class="ops-row" data-testid="slips">${slips.map((k) => `<button type="button" data-slip="${k}" data-testid="print-${k}">${ot(`slip.${k}`)}</button>`).join('')}</div>` : ''}
    ${
      mine
        ? `<div class="ops-card ops-form" data-testid="task-actions"><h3>${esc(lt(mine.name))}</h3>
        ${
          paused
            ? `<p class="mc-notice" data-testid="paused">${ot('dossier.paused', { status: statusText(d.status) })}</p>`
            : `<label><span>${ot('dossier.outcome')}</span> <select id="outcome" data-testid="outcome">${(openState?.outcomes ?? []).map((o) => `<option>${esc(o)}</option>`).join('')}</select></label>
        <div id="task-form">${schemaFieldsHtml(schema, 'f.')}</div>
        <label><span>${ot('reception.note')}</span> <input type="text" id="note"></label>
        <div class="ops-row"><button type="button" class="primary" id="complete" data-testid="complete">${ot('dossier.complete')}</button></div>
        <details data-testid="supplement-section"><summary>${ot('dossier.supplement')}</summary>
          <label><span>${ot('common.reason')}</span> <input type="text" id="sup-reason" data-testid="supplement-reason"></label>
          <label><span>${ot('dossier.missing')}</span> <textarea id="sup-missing" rows="3" data-testid="supplement-missing"></textarea></label>
          <button type="button" id="supplement" data-testid="request-supplement">${ot('dossier.supplement')}</button></details>`
        }
        <details data-testid="refuse-section"><summary>${ot('dossier.refuse')}</summary>
          <label><span>${ot('common.reason')}</span> <input type="text" id="refuse-reason" data-testid="refuse-reason"></label>
          <button type="button" id="refuse" data-testid="refuse">${ot('dossier.refuse')}</button></details>
        ${
          earlier.length
            ? `<details><summary>${ot('dossier.return')}</summary>
          <select id="ret-to">${earlier.map((n) => `<option>${esc(n)}</option>`).join('')}</select>
          <input type="text" id="ret-reason" placeholder="${esc(ot('common.reason'))}">
          <button type="button" id="return">${ot('dossier.return')}</button></details>`
            : ''
        }
        <details><summary>${ot('dossier.uploadResult')}</summary>
          <input type="file" multiple id="result-files"> <button type="button" id="upload-result">${ot('dossier.uploadResult')}</button></details>
      </div>`
        : ''
    }
    <div class="ops-grid">
      <div><h3>${ot('dossier.documents')}</h3><table class="ops-table" data-testid="documents">${
        d.documents
          .map(
            (
              doc,
            ) => `<tr><td>${esc(doc.componentId)}</td><td>${esc(doc.filename)}</td><td>${Math.ceil(doc.size / 1024)} KB</td>
            <td><button type="button" data-doc="${esc(doc.id)}">${ot('dossier.view')}</button></td></tr>`,
          )
          .join('') || `<tr><td>${ot('common.none')}</td></tr>`
      }</table></div>
      <div><h3>${ot('dossier.tasks')}</h3><table class="ops-table">${d.tasks
        .map(
          (
            t,
          ) => `<tr><td>${esc(lt(t.name))}</td><td>${esc(t.assignee ?? roleText(t.role))}</td><td>${esc(codeText('task', t.status))}${t.outcome ? ` (${esc(t.outcome)})` : ''}</td>
          <td>${fmtDate(t.openedAt)} → ${fmtDate(t.completedAt)}</td><td>${t.status === 'completed' || t.status === 'cancelled' ? '' : deadlineBadge(deadlineState(t))}</td></tr>`,
        )
        .join('')}</table></div>
    </div>
    <h3>${ot('dossier.timeline')}</h3>
    <table class="ops-table" data-testid="timeline">${d.events
      .map(
        (e) =>
          `<tr data-event="${esc(e.type)}"><td>${fmtDate(e.at)}</td><td>${esc(eventName(e.type))}</td><td>${esc(e.nodeId)}</td><td>${esc(e.actor)}</td></tr>`,
      )
      .join('')}</table>`;
  const msg = page.querySelector<HTMLElement>('#dossier-msg')!;
  if (flash) notify(msg, flash);
  // The projection follows the workflow within a moment: read the dossier again after it.
  const reload = () => void mountDossier(main, code, ot('common.done'));
  const act = (fn: () => Promise<unknown>) => async () => {
    try {
      await fn();
      notify(msg, ot('common.done'));
      setTimeout(reload, 500);
    } catch (err) {
      notify(msg, errorText(err), 'error');
    }
  };
  page.addEventListener('click', (e) => {
    const b = (e.target as HTMLElement).closest<HTMLButtonElement>('button[data-slip]');
    if (!b) return;
    openPdf(`/api/dossiers/${encodeURIComponent(code)}/slips/${b.dataset.slip}.pdf`).then(
      (size) => notify(msg, ot('reception.printed', { size: Math.max(1, Math.round(size / 1024)) })),
      (err) => notify(msg, errorText(err), 'error'),
    );
  });
  page.addEventListener('click', async (e) => {
    const b = (e.target as HTMLElement).closest<HTMLButtonElement>('button[data-doc]');
    if (!b) return;
    try {
      const r = await call<{ url: string }>(
        'GET',
        `/api/dossiers/${encodeURIComponent(code)}/documents/${b.dataset.doc}`,
      );
      window.open(r.url, '_blank', 'noopener');
    } catch (err) {
      notify(msg, errorText(err), 'error');
    }
  });
  if (mine) {
    const base = `/api/tasks/${encodeURIComponent(mine.workflowId)}/${encodeURIComponent(mine.taskId)}`;
    page.querySelector('#complete')?.addEventListener(
      'click',
      act(async () => {
        const form = readSchemaFields(page.querySelector('#task-form')!, schema);
        if (form.missing.length)
          throw new Error(ot('reception.fieldMissing', { list: form.missing.join(', ') }));
        const note = page.querySelector<HTMLInputElement>('#note')!.value.trim();
        await call('POST', `${base}/complete`, {
          outcome: page.querySelector<HTMLSelectElement>('#outcome')!.value,
          ...(Object.keys(form.value).length ? { data: form.value } : {}),
          ...(note ? { note } : {}),
        });
      }),
    );
    page.querySelector('#supplement')?.addEventListener(
      'click',
      act(() =>
        call('POST', `/api/dossiers/${encodeURIComponent(code)}/supplement-request`, {
          reason: page.querySelector<HTMLInputElement>('#sup-reason')!.value.trim(),
          missing: page
            .querySelector<HTMLTextAreaElement>('#sup-missing')!
            .value.split('\n')
            .map((s) => s.trim())
            .filter(Boolean),
        }),
      ),
    );
    page.querySelector('#refuse')!.addEventListener(
      'click',
      act(() =>
        call('POST', `/api/dossiers/${encodeURIComponent(code)}/refuse`, {
          reason: page.querySelector<HTMLInputElement>('#refuse-reason')!.value.trim(),
        }),
      ),
    );
    page.querySelector('#return')?.addEventListener(
      'click',
      act(() =>
        call('POST', `${base}/return`, {
          toNodeId: page.querySelector<HTMLSelectElement>('#ret-to')!.value,
          reason: page.querySelector<HTMLInputElement>('#ret-reason')!.value.trim(),
        }),
      ),
    );
    page.querySelector('#upload-result')!.addEventListener(
      'click',
      act(async () => {
        const form = new FormData();
        form.append('result', JSON.stringify({}));
        for (const f of page.querySelector<HTMLInputElement>('#result-files')!.files ?? [])
          form.append(fileField(f.name, 'ket-qua'), f, f.name);
        await upload(`/api/dossiers/${encodeURIComponent(code)}/results`, form, () => undefined);
      }),
    );
  }
  void fmtSpan;
}
