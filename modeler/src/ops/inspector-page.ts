/**
 * The dossier inspector: the procedure's diagram with overlays (where the tokens are, which steps finished early
 * or late and by how much, failing steps, pauses and escalations), the incidents with a retry, supervisor actions
 * (reassign, escalate, stop — each audited by the API), the audit trail, and the Temporal history made readable
 * with a link to the raw history in the Temporal UI.
 */
import NavigatedViewer from 'bpmn-js/lib/NavigatedViewer';
import type Canvas from 'diagram-js/lib/core/Canvas';
import type ElementRegistry from 'diagram-js/lib/core/ElementRegistry';
import type Overlays from 'diagram-js/lib/features/overlays/Overlays';
import motcuaDescriptor from '../../../compiler/moddle/motcua.json';
import type { Page } from '../router.js';
import { hasRole } from '../session.js';
import { lang } from '../i18n.js';
import {
  call,
  openPdf,
  type DossierView,
  type PauseItem,
  type StepTiming,
  type TaskItem,
  type WorkflowTaskState,
} from './api.js';
import { codeText, kindText, lt, ot, roleText, statusText } from './i18n.js';
import { ensureStyles, errorText, esc, fmtDate, fmtSpan, notify } from './ui.js';

interface Inspect {
  dossier: DossierView;
  procedure: {
    code: string;
    version: number | null;
    names: { vi: string; en?: string } | null;
    modelKind: string | null;
    bpmnXml: string | null;
    nodes: Array<{ id: string; kind: string; name: { vi: string; en?: string } }>;
  };
  state: {
    tokens: Array<{ id: number; nodeId: string; waiting: string }>;
    openTasks: Array<{ taskId: string; nodeId: string; assignee: string | null; role: string }>;
  } | null;
  stateError: string | null;
  tasks: TaskItem[];
  incidents: Array<{
    id: string;
    nodeId: string;
    kind: string;
    message: string;
    status: string;
    openedAt: string;
    resolvedAt: string | null;
  }>;
  pauses: PauseItem[];
  /** Null when Temporal could not be asked. */
  workflowTask?: WorkflowTaskState | null;
  escalations: Array<{
    taskId: string;
    nodeId: string;
    toRole: string;
    reason: string;
    actor: string;
    auto: boolean;
    at: string;
  }>;
  findings: Array<{
    kind: string;
    nodeId: string | null;
    reason: string;
    since: string;
    resolvedAt: string | null;
  }>;
  audit: Array<{ at: string; actor: string; action: string; targetId: string; reason: string | null }>;
  temporal: { workflowId: string; runId: string | null; uiUrl: string | null };
}
interface HistoryItem {
  id: number;
  at: string | null;
  type: string;
  what: { vi: string; en: string };
  nodeId?: string;
  nodeName?: { vi: string; en?: string } | null;
  actor?: string;
  detail?: string;
  failed?: boolean;
}

type NodeMark = { cls: string; label: string; overlay: string };

/**
 * Early / late of a step in words, in WORKING time (the API's label: "Sớm 1,5 ngày làm việc", "2 working hours
 * late"); amount + unit when an older API gives no label. Never the raw deltaMs as clock time.
 */
export function timingText(t: StepTiming): string {
  const label = t.label?.[lang()];
  if (label) return label;
  const unit = ot(t.unit === 'working-day' ? 'unit.working-day' : 'unit.working-hour');
  const amount = lang() === 'vi' ? String(t.amount).replace('.', ',') : String(t.amount);
  return `${codeText('timing', t.state)} ${amount} ${unit}`;
}

/** Tooltip of a timing: whose calendar, the length of its working day, and the clock difference for reference. */
function timingTitle(t: StepTiming): string {
  return ot('insp.timingTitle', {
    agency: t.calendarAgency ?? '',
    day: Math.round(((t.msPerWorkingDay ?? 0) / 3_600_000) * 100) / 100,
    clock: `${t.clockDeltaMs < 0 ? '−' : '+'}${fmtSpan(t.clockDeltaMs ?? 0)}`,
  });
}

/**
 * When the working-time amount is 0 but the clock moved (finished after hours, on a weekend), the clock difference
 * in small print, so "0 working hours" does not read as a mistake.
 */
function clockHint(t: StepTiming): string {
  if (t.amount !== 0 || Math.abs(t.clockDeltaMs ?? 0) < 60_000) return '';
  return `<br><small data-testid="step-clock">${esc(ot('insp.byClock', { clock: `${t.clockDeltaMs < 0 ? '−' : '+'}${fmtSpan(t.clockDeltaMs)}` }))}</small>`;
}

/** The kind of a pause in words (the API's name, else ours). */
function pauseKindText(p: PauseItem): string {
  return lt(p.kindName) || ot(p.kind === 'payment' ? 'pause.payment' : 'pause.supplement');
}

/** The banner of a dossier whose workflow task keeps failing (empty when it does not). */
export function workflowTaskBanner(w: WorkflowTaskState | null | undefined): string {
  if (!w?.failing) return '';
  return `<div class="ops-banner-failing" role="alert" data-testid="workflow-task-failing" data-attempt="${esc(w.attempt)}">
      <b>⚠ ${esc(ot('insp.wfFailing'))}</b>
      <p data-testid="workflow-task-reason">${esc(lt(w.reason) || w.message)}</p>
      <p><small data-testid="workflow-task-meta">${esc(ot('insp.wfFailingMeta', { attempt: w.attempt ?? '?', since: fmtDate(w.since) }))}${w.cause ? ` · ${esc(w.cause)}` : ''}</small></p>
      <p><small>${esc(ot('insp.wfFailingHint'))}</small></p>
    </div>`;
}

/** Roles a supervisor may escalate a step to. */
const ESCALATION_ROLES = ['division-head', 'department-head', 'supervisor'] as const;

/** What to draw on each element, from the live state and the projection. */
function marks(x: Inspect): Map<string, NodeMark[]> {
  const out = new Map<string, NodeMark[]>();
  const add = (id: string, m: NodeMark) => out.set(id, [...(out.get(id) ?? []), m]);
  for (const t of x.tasks) {
    if (t.status !== 'completed' || !t.timing) continue;
    const late = t.timing.state === 'late';
    add(t.nodeId, {
      cls: late ? 'ops-done-late' : 'ops-done-ok',
      label: timingText(t.timing),
      overlay: late ? 'ops-overlay-late' : 'ops-overlay',
    });
  }
  for (const t of x.state?.tokens ?? []) {
    add(t.nodeId, {
      cls: t.waiting === 'incident' ? 'ops-failing' : 'ops-here',
      label: `● ${codeText('waiting', t.waiting)}`,
      overlay: 'ops-overlay-here',
    });
  }
  if (!x.state) {
    for (const t of x.tasks)
      if (t.status === 'open' || t.status === 'claimed')
        add(t.nodeId, { cls: 'ops-here', label: '●', overlay: 'ops-overlay-here' });
  }
  for (const i of x.incidents.filter((i) => i.status === 'open'))
    add(i.nodeId, {
      cls: 'ops-failing',
      label: `⚠ ${kindText(i.kind)}`,
      overlay: 'ops-overlay-failing',
    });
  for (const e of x.escalations)
    add(e.nodeId, { cls: '', label: `⇧ ${roleText(e.toRole)}`, overlay: 'ops-overlay' });
  return out;
}

export class InspectorPage implements Page {
  private viewer: NavigatedViewer | undefined;
  /** The result of the last action, shown again once the page has reloaded. */
  private flash: string | undefined;
  constructor(private readonly code: string) {}

  async unmount(): Promise<void> {
    this.viewer?.destroy();
    this.viewer = undefined;
  }

  async mount(main: HTMLElement): Promise<void> {
    ensureStyles();
    main.innerHTML = `<section class="ops-page" data-testid="inspector"><p>${ot('common.loading')}</p></section>`;
    const page = main.querySelector<HTMLElement>('section')!;
    let x: Inspect;
    try {
      x = await call<Inspect>('GET', `/api/supervision/dossiers/${encodeURIComponent(this.code)}`);
    } catch (err) {
      page.innerHTML = `<p class="mc-notice mc-notice-error">${esc(errorText(err))}</p>`;
      return;
    }
    const d = x.dossier;
    const nodeName = (id: string) => lt(x.procedure.nodes.find((n) => n.id === id)?.name) || id;
    const where =
      (x.state?.tokens ?? [])
        .map((t) => `${nodeName(t.nodeId)} (${codeText('waiting', t.waiting)})`)
        .join(', ') || statusText(d.status);
    const supervisor = hasRole('supervisor', d.agencyCode);
    const openTasks = x.tasks.filter((t) => t.status === 'open' || t.status === 'claimed');
    const m = marks(x);
    page.innerHTML = `<h2>${ot('insp.title', { code: esc(d.code) })}</h2>
      <p>${esc(x.procedure.code)} v${esc(x.procedure.version)} — ${esc(lt(x.procedure.names))} · <b>${esc(statusText(d.status))}</b> ·
        ${ot('common.appointment')}: ${fmtDate(d.appointmentAt)} · <span data-testid="where">${ot('insp.where', { where: esc(where) })}</span></p>
      ${workflowTaskBanner(x.workflowTask)}
      ${x.stateError && !x.workflowTask?.failing ? `<p class="mc-notice">${esc(ot('insp.notRunning', { msg: x.stateError }))}</p>` : ''}
      <p id="insp-msg" hidden data-testid="inspector-message"></p>
      <h3>${ot('insp.diagram')}</h3><p><small>${ot('insp.legend')}</small></p>
      <div class="ops-diagram" id="diagram" data-testid="diagram"></div>
      <div id="node-list"></div>
      <div class="ops-grid">
        <div><h3>${ot('insp.incidents')}</h3><table class="ops-table" data-testid="incidents">${
          x.incidents
            .map(
              (
                i,
              ) => `<tr class="${i.status === 'open' ? 'ops-failed' : ''}" data-incident="${esc(i.id)}"><td>${esc(nodeName(i.nodeId))}</td><td>${esc(kindText(i.kind))}</td>
              <td>${esc(i.message)}</td><td>${fmtDate(i.openedAt)}${i.resolvedAt ? ` → ${fmtDate(i.resolvedAt)}` : ''}</td>
              <td>${i.status === 'open' && supervisor ? `<button type="button" data-retry="${esc(i.id)}" data-testid="retry-${esc(i.nodeId)}">${ot('insp.retry')}</button>` : esc(i.status)}</td></tr>`,
            )
            .join('') || `<tr><td>${ot('common.none')}</td></tr>`
        }</table>
        <h3>${ot('dossier.tasks')}</h3><table class="ops-table" data-testid="inspector-tasks"><tr><th>${ot('common.step')}</th><th>${ot('common.holder')}</th><th>${ot('common.status')}</th><th>${ot('insp.stepPeriod')}</th><th>${ot('insp.vsDeadline')}</th></tr>${
          x.tasks
            .map(
              (
                t,
              ) => `<tr data-node="${esc(t.nodeId)}" data-status="${esc(t.status)}" data-assignee="${esc(t.assignee ?? '')}"><td>${esc(lt(t.name))}</td><td>${esc(t.assignee ?? roleText(t.role))}</td><td>${esc(codeText('task', t.status))}</td>
            <td>${fmtDate(t.openedAt)} → ${fmtDate(t.completedAt)}</td><td>${t.timing ? `<span data-testid="step-timing" data-timing="${esc(t.timing.state)}" title="${esc(timingTitle(t.timing))}">${esc(timingText(t.timing))}</span>${clockHint(t.timing)}` : ''}</td></tr>`,
            )
            .join('') || `<tr><td colspan="5">${ot('common.none')}</td></tr>`
        }</table>
        <h3>${ot('insp.pauses')}</h3><table class="ops-table" data-testid="pauses">${
          x.pauses.length
            ? `<tr><th>${ot('insp.pausePeriod')}</th><th>${ot('insp.pauseKind')}</th><th>${ot('common.reason')}</th><th>${ot('insp.pauseBy')}</th></tr>` +
              x.pauses
                .map(
                  (p) =>
                    `<tr data-pause="${esc(p.n)}" data-kind="${esc(p.kind)}"><td>${fmtDate(p.start)} → ${fmtDate(p.end)}</td><td data-testid="pause-kind">${esc(pauseKindText(p))}${p.nationalStatus ? ` <small>(${esc(ot('insp.nationalStatus', { n: p.nationalStatus }))})</small>` : ''}</td><td>${esc(p.reason)}</td><td>${esc(p.actor)}</td></tr>`,
                )
                .join('')
            : `<tr><td>${ot('common.none')}</td></tr>`
        }</table>
        <h3>${ot('insp.escalations')}</h3><table class="ops-table" data-testid="escalations">${
          x.escalations
            .map(
              (e) =>
                `<tr data-escalation="${esc(e.nodeId)}" data-to-role="${esc(e.toRole)}"><td>${fmtDate(e.at)}</td><td>${esc(nodeName(e.nodeId))} → ${esc(roleText(e.toRole))}</td><td>${esc(e.reason)}</td><td>${esc(e.auto ? 'SLA' : e.actor)}</td></tr>`,
            )
            .join('') || `<tr><td>${ot('common.none')}</td></tr>`
        }</table>
        <h3>${ot('insp.findings')}</h3><table class="ops-table">${
          x.findings
            .map(
              (f) =>
                `<tr data-finding="${esc(f.kind)}"><td>${esc(kindText(f.kind))}</td><td>${esc(f.reason)}</td><td>${fmtDate(f.since)}${f.resolvedAt ? ` → ${fmtDate(f.resolvedAt)}` : ''}</td></tr>`,
            )
            .join('') || `<tr><td>${ot('common.none')}</td></tr>`
        }</table></div>
        <div>${
          supervisor && !d.finishedAt
            ? `<div class="ops-card ops-form" data-testid="supervisor-actions"><h3>${ot('common.actions')}</h3>
          ${
            openTasks.length
              ? `<label><span>${ot('common.step')}</span> <select id="act-task" data-testid="action-task">${openTasks
                  .map(
                    (t) =>
                      `<option value="${esc(t.workflowId)}|${esc(t.taskId)}">${esc(lt(t.name))} (${esc(t.assignee ?? roleText(t.role))})</option>`,
                  )
                  .join('')}</select></label>
          <label><span>${ot('dossier.assignee')}</span> <input type="text" id="act-assignee" data-testid="action-assignee" autocomplete="off"></label>
          <label><span>${ot('insp.toRole')}</span> <select id="act-role" data-testid="action-role">${ESCALATION_ROLES.map((r) => `<option value="${r}">${esc(roleText(r))}</option>`).join('')}</select></label>`
              : `<p><small>${ot('insp.noOpenTask')}</small></p>`
          }
          <label><span>${ot('common.reason')} *</span> <input type="text" id="act-reason" data-testid="action-reason"></label>
          <div class="ops-row">${
            openTasks.length
              ? `<button type="button" id="reassign" data-testid="reassign">${ot('dossier.reassign')}</button><button type="button" id="escalate" data-testid="escalate">${ot('insp.escalate')}</button>`
              : ''
          }<button type="button" id="stop" data-testid="stop">${ot('insp.stop')}</button></div></div>`
            : d.status === 'stopped'
              ? `<div class="ops-card" data-testid="stopped-notice"><p><b>${ot('insp.stoppedAt', { at: fmtDate(d.finishedAt) })}</b></p>
                 <button type="button" id="print-stop" data-testid="print-stop">${ot('insp.printStop')}</button></div>`
              : ''
        }
        <h3>${ot('insp.audit')}</h3><table class="ops-table" data-testid="audit">${
          x.audit
            .map(
              (a) =>
                `<tr data-action="${esc(a.action)}"><td>${fmtDate(a.at)}</td><td>${esc(a.actor)}</td><td>${esc(codeText('action', a.action))}<br><small>${esc(a.action)}</small></td><td>${esc(a.reason)}</td></tr>`,
            )
            .join('') || `<tr><td>${ot('common.none')}</td></tr>`
        }</table></div>
      </div>
      <h3>${ot('insp.history')}</h3>
      ${x.temporal.uiUrl ? `<p><a href="${esc(x.temporal.uiUrl)}" target="_blank" rel="noopener" data-testid="temporal-link">${ot('insp.raw')}</a></p>` : ''}
      <table class="ops-table" id="history" data-testid="history"><tr><td>${ot('common.loading')}</td></tr></table>`;
    const msg = page.querySelector<HTMLElement>('#insp-msg')!;
    await this.drawDiagram(page, x, m, nodeName);
    if (this.flash) {
      notify(msg, this.flash);
      msg.dataset.done = 'true';
      this.flash = undefined;
    }
    const reload = () => void this.unmount().then(() => this.mount(main));
    const act = async (button: HTMLButtonElement, fn: () => Promise<unknown>, reasonRequired = true) => {
      delete msg.dataset.done;
      if (reasonRequired && !reason()) {
        notify(msg, ot('insp.reasonNeeded'), 'error');
        page.querySelector<HTMLInputElement>('#act-reason')?.focus();
        return;
      }
      button.disabled = true;
      try {
        await fn();
        notify(msg, ot('insp.actionDone'));
        msg.dataset.done = 'true';
        this.flash = ot('insp.actionDone');
        // The projection follows the workflow within a moment: read the dossier again after it.
        setTimeout(reload, 800);
      } catch (err) {
        notify(msg, errorText(err), 'error');
        button.disabled = false;
      }
    };
    const reason = () => page.querySelector<HTMLInputElement>('#act-reason')?.value.trim() ?? '';
    const task = () =>
      page.querySelector<HTMLSelectElement>('#act-task')!.value.split('|') as [string, string];
    const tBase = () => `/api/tasks/${encodeURIComponent(task()[0])}/${encodeURIComponent(task()[1])}`;
    page.addEventListener('click', (e) => {
      const b = (e.target as HTMLElement).closest<HTMLButtonElement>('button');
      if (!b) return;
      if (b.dataset.retry) {
        void act(
          b,
          () =>
            call(
              'POST',
              `/api/dossiers/${encodeURIComponent(d.code)}/incidents/${encodeURIComponent(b.dataset.retry!)}/retry`,
              reason() ? { reason: reason() } : {},
            ),
          false,
        );
      } else if (b.id === 'reassign') {
        const assignee = page.querySelector<HTMLInputElement>('#act-assignee')!.value.trim();
        if (!assignee) {
          notify(msg, ot('insp.assigneeNeeded'), 'error');
          return;
        }
        void act(b, () => call('POST', `${tBase()}/reassign`, { assignee, reason: reason() }));
      } else if (b.id === 'escalate') {
        void act(b, () =>
          call('POST', `${tBase()}/escalate`, {
            toRole: page.querySelector<HTMLSelectElement>('#act-role')!.value,
            reason: reason(),
          }),
        );
      } else if (b.id === 'stop') {
        void act(b, () =>
          call('POST', `/api/dossiers/${encodeURIComponent(d.code)}/stop`, { reason: reason() }),
        );
      } else if (b.id === 'print-stop') {
        openPdf(`/api/dossiers/${encodeURIComponent(d.code)}/slips/stop.pdf`).then(
          (size) => notify(msg, ot('reception.printed', { size: Math.max(1, Math.round(size / 1024)) })),
          (err) => notify(msg, errorText(err), 'error'),
        );
      }
    });
    void this.history(page, x);
  }

  private async drawDiagram(
    page: HTMLElement,
    x: Inspect,
    m: Map<string, NodeMark[]>,
    nodeName: (id: string) => string,
  ): Promise<void> {
    const box = page.querySelector<HTMLElement>('#diagram')!;
    const stepList = (note = '') => {
      // A step list has no diagram (nor a model that cannot be drawn): the steps in order, with the same colours.
      box.style.height = 'auto';
      box.innerHTML = `${note ? `<p class="mc-notice"><small>${esc(note)}</small></p>` : ''}<ol>${x.procedure.nodes
        .filter((n) => n.kind !== 'startEvent' && n.kind !== 'endEvent')
        .map((n) => {
          const ms = m.get(n.id) ?? [];
          return `<li data-element-id="${esc(n.id)}" class="${ms.map((k) => k.cls).join(' ')}">${esc(lt(n.name))} ${ms
            .map(
              (k) =>
                `<span class="ops-overlay ${k.overlay}" data-overlay-for="${esc(n.id)}">${esc(k.label)}</span>`,
            )
            .join(' ')}</li>`;
        })
        .join('')}</ol>`;
    };
    if (!x.procedure.bpmnXml) {
      stepList();
      return;
    }
    this.viewer = new NavigatedViewer({
      container: box,
      moddleExtensions: { motcua: structuredClone(motcuaDescriptor) },
    });
    try {
      await this.viewer.importXML(x.procedure.bpmnXml);
    } catch (err) {
      this.viewer.destroy();
      this.viewer = undefined;
      stepList(ot('insp.noDiagram', { msg: errorText(err) }));
      return;
    }
    const canvas = this.viewer.get<Canvas>('canvas');
    const registry = this.viewer.get<ElementRegistry>('elementRegistry');
    const overlays = this.viewer.get<Overlays>('overlays');
    canvas.zoom('fit-viewport');
    for (const [id, list] of m) {
      if (!registry.get(id)) continue;
      list.forEach((k, i) => {
        if (k.cls) canvas.addMarker(id, k.cls);
        overlays.add(id, 'ops', {
          position: { top: -18 - i * 18, left: 0 },
          html: `<span class="ops-overlay ${k.overlay}" data-overlay-for="${esc(id)}" title="${esc(nodeName(id))}">${esc(k.label)}</span>`,
        });
      });
    }
  }

  private async history(page: HTMLElement, x: Inspect): Promise<void> {
    const table = page.querySelector<HTMLElement>('#history')!;
    try {
      const h = await call<{ items: HistoryItem[] }>(
        'GET',
        `/api/supervision/dossiers/${encodeURIComponent(x.dossier.code)}/history`,
      );
      table.innerHTML =
        `<tr><th>#</th><th>${ot('common.since')}</th><th></th><th>${ot('common.step')}</th><th>${ot('common.holder')}</th><th></th></tr>` +
        h.items
          .map(
            (
              e,
            ) => `<tr class="${e.failed ? 'ops-failed' : ''}"><td>${e.id}</td><td>${fmtDate(e.at)}</td><td>${esc(lt(e.what))}<br><small>${esc(e.type)}</small></td>
            <td>${esc(e.nodeName ? lt(e.nodeName) : (e.nodeId ?? ''))}</td><td>${esc(e.actor ?? '')}</td><td>${esc(e.detail ?? '')}</td></tr>`,
          )
          .join('');
    } catch (err) {
      table.innerHTML = `<tr><td class="mc-notice-error">${esc(errorText(err))}</td></tr>`;
    }
  }
}
