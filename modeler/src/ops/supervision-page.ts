/**
 * Supervision: the dashboard (received / resolved early-on time-late / pending / overdue by agency, sector,
 * procedure or period, with charts), stuck dossiers with their reason, late and near-deadline lists, staff ranking
 * and the periodic report snapshots. Tabs are part of the hash (`#/supervision?tab=stuck`) so a link can be shared.
 */
import {
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  Legend,
  LinearScale,
  Tooltip,
  DoughnutController,
  ArcElement,
} from 'chart.js';
import { hasRole } from '../session.js';
import { call } from './api.js';
import { kindText, lt, ot, statusText, type OpsKey } from './i18n.js';
import { ensureStyles, errorText, esc, fmtDate, fmtSpan, notify } from './ui.js';

Chart.register(
  BarController,
  BarElement,
  CategoryScale,
  LinearScale,
  Tooltip,
  Legend,
  DoughnutController,
  ArcElement,
);

interface StatsRow {
  key: string;
  received: number;
  resolved: number;
  early: number;
  onTime: number;
  late: number;
  pending: number;
  pendingOverdue: number;
  /** Pending and paused: waiting for papers (national status 5) / for a payment (status 6). */
  supplement: number;
  waitingPayment: number;
  refused: number;
  withdrawn: number;
  onTimeRate: number | null;
}
interface StuckItem {
  dossierCode: string;
  kind: string;
  nodeId: string | null;
  stepName: { vi: string; en?: string } | null;
  /** The stored one-line text ("tiếng Việt / English"); `reasonText` is it split by language. */
  reason: string;
  reasonText?: { vi: string; en: string };
  since: string | null;
  procedureCode: string | null;
  status: string | null;
  source: string;
  holders: Array<{ assignee: string | null; role: string; step: string }>;
}

const TABS = ['dashboard', 'stuck', 'late', 'near', 'staff', 'reports'] as const;
type Tab = (typeof TABS)[number];
const TAB_LABEL: Record<Tab, OpsKey> = {
  dashboard: 'sup.dashboard',
  stuck: 'sup.stuck',
  late: 'sup.late',
  near: 'sup.near',
  staff: 'sup.staff',
  reports: 'sup.reports',
};

const charts: Chart[] = [];
export function destroyCharts(): void {
  while (charts.length) charts.pop()!.destroy();
}

export async function mountSupervision(main: HTMLElement, query: URLSearchParams): Promise<void> {
  ensureStyles();
  destroyCharts();
  const tab = (TABS as readonly string[]).includes(query.get('tab') ?? '')
    ? (query.get('tab') as Tab)
    : 'dashboard';
  main.innerHTML = `<section class="ops-page" data-testid="supervision"><h2>${ot('sup.title')}</h2>
    <nav class="ops-tabs">${TABS.map(
      (t) =>
        `<a href="#/supervision?tab=${t}" class="${t === tab ? 'active' : ''}" data-testid="tab-${t}">${ot(TAB_LABEL[t])}</a>`,
    ).join('')}</nav>
    <p id="sup-msg" hidden></p><div id="tab"></div></section>`;
  const box = main.querySelector<HTMLElement>('#tab')!;
  const msg = main.querySelector<HTMLElement>('#sup-msg')!;
  try {
    if (tab === 'dashboard') await dashboard(box, query);
    else if (tab === 'stuck') await stuck(box, msg);
    else if (tab === 'late' || tab === 'near') await deadlines(box, tab);
    else if (tab === 'staff') await staff(box);
    else await reports(box);
  } catch (err) {
    notify(msg, errorText(err), 'error');
  }
}

const today = () => new Date(Date.now() + 7 * 3_600_000).toISOString().slice(0, 10);

async function dashboard(box: HTMLElement, query: URLSearchParams): Promise<void> {
  const groups = ['agency', 'sector', 'procedure', 'month', 'day'];
  const asked = query.get('groupBy') ?? 'agency';
  const groupBy = groups.includes(asked) ? asked : 'agency';
  const from = query.get('from') ?? `${today().slice(0, 7)}-01`;
  const to = query.get('to') ?? today();
  const r = await call<{ items: StatsRow[]; total: StatsRow }>(
    'GET',
    `/api/stats/dossiers?groupBy=${encodeURIComponent(groupBy)}&from=${from}&to=${to}`,
  );
  const t = r.total;
  box.innerHTML = `<form class="ops-row ops-form" id="filters">
      <label>${ot('sup.groupBy')} <select name="groupBy">${groups
        .map(
          (g) =>
            `<option value="${g}"${g === groupBy ? ' selected' : ''}>${ot(`sup.by.${g}` as OpsKey)}</option>`,
        )
        .join('')}</select></label>
      <label>${ot('sup.from')} <input type="date" name="from" value="${from}"></label>
      <label>${ot('sup.to')} <input type="date" name="to" value="${to}"></label>
      <button type="submit">${ot('sup.apply')}</button></form>
    <div class="ops-kpis" data-testid="kpis">
      ${(
        [
          ['sup.received', t.received],
          ['sup.resolved', t.resolved],
          ['sup.early', t.early],
          ['sup.onTime', t.onTime],
          ['sup.lateCount', t.late],
          ['sup.pending', t.pending],
          ['sup.pendingOverdue', t.pendingOverdue],
          ['sup.supplement', t.supplement],
          ['sup.waitingPayment', t.waitingPayment],
          ['sup.refused', t.refused],
          ['sup.withdrawn', t.withdrawn],
          ['sup.onTimeRate', t.onTimeRate === null ? '—' : `${t.onTimeRate}%`],
        ] as Array<[OpsKey, number | string]>
      )
        .map(([k, v]) => `<div class="ops-kpi"><small>${ot(k)}</small><b>${esc(v)}</b></div>`)
        .join('')}
    </div>
    <div class="ops-grid"><div class="ops-chart"><canvas id="c-bar" data-testid="chart-bar"></canvas></div>
      <div class="ops-chart"><canvas id="c-pie" data-testid="chart-pie"></canvas></div></div>
    <table class="ops-table" data-testid="stats-table"><tr><th>${ot(`sup.by.${groupBy}` as OpsKey)}</th><th>${ot('sup.received')}</th><th>${ot('sup.early')}</th><th>${ot('sup.onTime')}</th><th>${ot('sup.lateCount')}</th><th>${ot('sup.pending')}</th><th>${ot('sup.pendingOverdue')}</th><th>${ot('sup.supplement')}</th><th>${ot('sup.waitingPayment')}</th><th>${ot('sup.refused')}</th><th>${ot('sup.withdrawn')}</th><th>${ot('sup.onTimeRate')}</th></tr>
    ${r.items
      .map(
        (x) =>
          `<tr><td>${esc(x.key)}</td><td>${x.received}</td><td>${x.early}</td><td>${x.onTime}</td><td>${x.late}</td><td>${x.pending}</td><td>${x.pendingOverdue}</td><td>${x.supplement}</td><td>${x.waitingPayment}</td><td>${x.refused}</td><td>${x.withdrawn}</td><td>${x.onTimeRate ?? '—'}</td></tr>`,
      )
      .join('')}</table>`;
  box.querySelector('#filters')!.addEventListener('submit', (e) => {
    e.preventDefault();
    const f = new FormData(e.target as HTMLFormElement);
    location.hash = `#/supervision?tab=dashboard&groupBy=${f.get('groupBy')}&from=${f.get('from')}&to=${f.get('to')}`;
  });
  const labels = r.items.map((x) => x.key);
  charts.push(
    new Chart(box.querySelector<HTMLCanvasElement>('#c-bar')!, {
      type: 'bar',
      data: {
        labels,
        datasets: [
          {
            label: ot('sup.early'),
            data: r.items.map((x) => x.early),
            backgroundColor: '#1b7f3b',
            stack: 'r',
          },
          {
            label: ot('sup.onTime'),
            data: r.items.map((x) => x.onTime),
            backgroundColor: '#66bb6a',
            stack: 'r',
          },
          {
            label: ot('sup.lateCount'),
            data: r.items.map((x) => x.late),
            backgroundColor: '#e07b00',
            stack: 'r',
          },
          {
            label: ot('sup.pending'),
            data: r.items.map((x) => x.pending - x.pendingOverdue),
            backgroundColor: '#90a4ae',
            stack: 'p',
          },
          {
            label: ot('sup.pendingOverdue'),
            data: r.items.map((x) => x.pendingOverdue),
            backgroundColor: '#b71c1c',
            stack: 'p',
          },
        ],
      },
      options: {
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        scales: { x: { stacked: true }, y: { stacked: true, beginAtZero: true } },
      },
    }),
    new Chart(box.querySelector<HTMLCanvasElement>('#c-pie')!, {
      type: 'doughnut',
      data: {
        labels: [ot('sup.early'), ot('sup.onTime'), ot('sup.lateCount'), ot('sup.pending')],
        datasets: [
          {
            data: [t.early, t.onTime, t.late, t.pending],
            backgroundColor: ['#1b7f3b', '#66bb6a', '#e07b00', '#90a4ae'],
          },
        ],
      },
      options: { responsive: true, maintainAspectRatio: false, animation: false },
    }),
  );
}

async function stuck(box: HTMLElement, msg: HTMLElement): Promise<void> {
  const r = await call<{
    items: StuckItem[];
    lastScanAt: string | null;
    settings: { idleWorkingDays: number };
  }>('GET', '/api/supervision/stuck');
  const canEdit = hasRole('supervisor');
  box.innerHTML = `<div class="ops-row ops-form">
      <span>${ot('sup.lastScan', { at: fmtDate(r.lastScanAt) })}</span>
      ${
        canEdit
          ? `<button type="button" id="scan" data-testid="scan-now">${ot('sup.scan')}</button>
      <label>${ot('sup.idle')} <input type="number" step="0.25" min="0.25" id="idle" value="${r.settings.idleWorkingDays}" style="min-width:80px"></label>
      <button type="button" id="save-idle">${ot('common.save')}</button>`
          : ''
      }
    </div>
    <table class="ops-table" data-testid="stuck-list"><tr><th>${ot('common.dossier')}</th><th>${ot('sup.kind')}</th><th>${ot('common.step')}</th><th>${ot('common.reason')}</th><th>${ot('common.holder')}</th><th>${ot('common.since')}</th><th></th></tr>
    ${
      r.items
        .map(
          (
            i,
          ) => `<tr data-stuck="${esc(i.dossierCode)}" data-kind="${esc(i.kind)}"><td><b>${esc(i.dossierCode)}</b><br><small>${esc(i.procedureCode)} · ${esc(statusText(i.status))}</small></td>
          <td data-testid="stuck-kind">${esc(kindText(i.kind))}</td>
          <td>${esc(lt(i.stepName) || i.nodeId || '')}</td>
          <td data-testid="stuck-reason">${esc(i.reasonText ? lt(i.reasonText) : i.reason)}</td>
          <td>${i.holders.map((h) => `${esc(h.assignee ?? '—')} (${esc(h.role)})`).join('<br>') || '—'}</td>
          <td>${fmtDate(i.since)}${i.since ? `<br><small>${fmtSpan(Date.now() - new Date(i.since).getTime())}</small>` : ''}</td>
          <td><a href="#/inspect/${encodeURIComponent(i.dossierCode)}" data-testid="inspect-${esc(i.dossierCode)}">${ot('dossier.inspect')}</a></td></tr>`,
        )
        .join('') || `<tr><td colspan="7">${ot('common.none')}</td></tr>`
    }</table>`;
  box.querySelector('#scan')?.addEventListener('click', async (e) => {
    (e.target as HTMLButtonElement).disabled = true;
    try {
      await call('POST', '/api/supervision/scan', {});
      await stuck(box, msg);
    } catch (err) {
      notify(msg, errorText(err), 'error');
    }
  });
  box.querySelector('#save-idle')?.addEventListener('click', async () => {
    try {
      await call('PUT', '/api/supervision/settings', {
        idleWorkingDays: Number(box.querySelector<HTMLInputElement>('#idle')!.value),
      });
      notify(msg, ot('common.done'));
    } catch (err) {
      notify(msg, errorText(err), 'error');
    }
  });
}

async function deadlines(box: HTMLElement, which: 'late' | 'near'): Promise<void> {
  const r = await call<{
    items: Array<{
      dossierCode: string;
      procedureCode: string;
      status: string;
      appointmentAt: string | null;
      dueAt: string | null;
      lateByMs: number | null;
      reason: { vi: string; en?: string };
      step: { name: { vi: string; en?: string }; assignee: string | null; role: string } | null;
    }>;
  }>('GET', `/api/supervision/deadlines?which=${which}`);
  box.innerHTML = `<table class="ops-table" data-testid="${which}-list"><tr><th>${ot('common.dossier')}</th><th>${ot('common.reason')}</th><th>${ot('common.step')}</th><th>${ot('common.holder')}</th><th>${ot('common.due')}</th><th>${which === 'late' ? ot('sup.lateBy') : ''}</th><th></th></tr>
  ${
    r.items
      .map(
        (
          i,
        ) => `<tr class="ops-row-${which === 'late' ? 'overdue' : 'warning'}"><td><b>${esc(i.dossierCode)}</b><br><small>${esc(i.procedureCode)} · ${esc(statusText(i.status))}</small></td>
      <td>${esc(lt(i.reason))}</td><td>${esc(lt(i.step?.name))}</td><td>${esc(i.step ? (i.step.assignee ?? i.step.role) : '—')}</td>
      <td>${fmtDate(i.dueAt)}</td><td>${which === 'late' && i.lateByMs !== null ? fmtSpan(i.lateByMs) : i.lateByMs !== null ? fmtSpan(-i.lateByMs) : ''}</td>
      <td><a href="#/inspect/${encodeURIComponent(i.dossierCode)}">${ot('dossier.inspect')}</a></td></tr>`,
      )
      .join('') || `<tr><td colspan="7">${ot('common.none')}</td></tr>`
  }</table>`;
}

async function staff(box: HTMLElement): Promise<void> {
  const r = await call<{
    items: Array<{
      assignee: string;
      handled: number;
      onTime: number;
      late: number;
      onTimeRate: number | null;
      averageHours: number | null;
      openNow: number;
      overdueNow: number;
    }>;
  }>('GET', '/api/stats/staff');
  const items = [...r.items].sort(
    (a, b) => (b.onTimeRate ?? -1) - (a.onTimeRate ?? -1) || b.handled - a.handled,
  );
  box.innerHTML = `<table class="ops-table" data-testid="staff-ranking"><tr><th>#</th><th>${ot('common.holder')}</th><th>${ot('sup.handled')}</th><th>${ot('sup.onTime')}</th><th>${ot('sup.lateCount')}</th><th>${ot('sup.onTimeRate')}</th><th>${ot('sup.avgHours')}</th><th>${ot('sup.openNow')}</th><th>${ot('sup.pendingOverdue')}</th></tr>
  ${items
    .map(
      (s, i) =>
        `<tr><td>${i + 1}</td><td>${esc(s.assignee)}</td><td>${s.handled}</td><td>${s.onTime}</td><td>${s.late}</td><td>${s.onTimeRate ?? '—'}</td><td>${s.averageHours ?? '—'}</td><td>${s.openNow}</td><td>${s.overdueNow}</td></tr>`,
    )
    .join('')}</table>`;
}

async function reports(box: HTMLElement): Promise<void> {
  const r = await call<{
    items: Array<{ kind: string; period: string; total: StatsRow; createdAt: string }>;
  }>('GET', '/api/supervision/reports');
  box.innerHTML = `<table class="ops-table" data-testid="reports"><tr><th>${ot('sup.kind')}</th><th>Period</th><th>${ot('sup.received')}</th><th>${ot('sup.resolved')}</th><th>${ot('sup.lateCount')}</th><th>${ot('sup.pending')}</th><th></th></tr>
  ${
    r.items
      .map(
        (s) =>
          `<tr><td>${esc(s.kind)}</td><td>${esc(s.period)}</td><td>${s.total.received}</td><td>${s.total.resolved}</td><td>${s.total.late}</td><td>${s.total.pending}</td><td>${fmtDate(s.createdAt)}</td></tr>`,
      )
      .join('') || `<tr><td colspan="7">${ot('common.none')}</td></tr>`
  }</table>`;
}

/** The public screen in the hall: on-time and late rates today / this month, per counter (agency). No login. */
export async function mountPublicScreen(main: HTMLElement, query: URLSearchParams): Promise<void> {
  ensureStyles();
  const period = query.get('period') ?? 'month';
  main.innerHTML = `<section class="ops-screen" data-testid="public-screen"><p>${ot('common.loading')}</p></section>`;
  const box = main.querySelector<HTMLElement>('section')!;
  try {
    const r = await call<{ items: StatsRow[]; from: string; to: string }>(
      'GET',
      `/api/public/stats?period=${encodeURIComponent(period)}`,
    );
    const resolved = r.items.reduce((s, x) => s + x.resolved, 0);
    const onTime = r.items.reduce((s, x) => s + x.early + x.onTime, 0);
    const pct = (n: number) => (resolved ? `${Math.round((n / resolved) * 1000) / 10}%` : '—');
    box.innerHTML = `<h2>${ot('screen.title')} (${esc(r.from)} → ${esc(r.to)})</h2>
      <div class="ops-row"><div style="margin-right:48px">${ot('sup.onTimeRate')}<div class="big" data-testid="screen-on-time">${pct(onTime)}</div></div>
      <div>${ot('screen.late')}<div class="big">${pct(resolved - onTime)}</div></div></div>
      <table><tr><th>${ot('screen.counter')}</th><th>${ot('sup.received')}</th><th>${ot('sup.resolved')}</th><th>${ot('sup.onTimeRate')}</th><th>${ot('sup.lateCount')}</th><th>${ot('sup.pending')}</th></tr>
      ${r.items.map((x) => `<tr><td>${esc(x.key)}</td><td>${x.received}</td><td>${x.resolved}</td><td>${x.onTimeRate ?? '—'}%</td><td>${x.late}</td><td>${x.pending}</td></tr>`).join('')}</table>`;
  } catch (err) {
    box.innerHTML = `<p>${esc(errorText(err))}</p>`;
  }
}
