/** Small DOM helpers shared by the operations screens. */
import { ApiError } from '../api-client.js';
import { escapeHtml, lang } from '../i18n.js';
import { ot } from './i18n.js';

export const esc = (s: unknown): string => escapeHtml(s === null || s === undefined ? '' : String(s));

export function fmtDate(iso: string | null | undefined): string {
  if (!iso) return '—';
  return new Date(iso).toLocaleString(lang() === 'vi' ? 'vi-VN' : 'en-GB', {
    timeZone: 'Asia/Ho_Chi_Minh',
    dateStyle: 'short',
    timeStyle: 'short',
  });
}

/** A span of time in words: "2 h 5 min", "3 d 4 h". */
export function fmtSpan(ms: number): string {
  const abs = Math.abs(ms);
  const min = Math.round(abs / 60_000);
  if (min < 1) return `${Math.round(abs / 1000)} s`;
  if (min < 60) return `${min} min`;
  const h = Math.floor(min / 60);
  if (h < 48) return `${h} h ${min % 60} min`;
  return `${Math.floor(h / 24)} d ${h % 24} h`;
}

export type DeadlineState = 'ok' | 'warning' | 'overdue';
export function deadlineState(
  t: { dueAt: string | null; warnAt: string | null; overdue?: boolean },
  now = Date.now(),
): DeadlineState {
  if (t.overdue || (t.dueAt && new Date(t.dueAt).getTime() < now)) return 'overdue';
  if (t.warnAt && new Date(t.warnAt).getTime() <= now) return 'warning';
  return 'ok';
}
export function deadlineBadge(state: DeadlineState): string {
  return `<span class="ops-badge ops-${state}" data-deadline="${state}">${ot(`deadline.${state}`)}</span>`;
}

export function errorText(err: unknown): string {
  if (err instanceof ApiError) return lang() === 'vi' ? err.messageVi : err.messageEn;
  return (err as Error)?.message ?? String(err);
}

/** Shows a message in a notice element (error or info). */
export function notify(el: HTMLElement | null, text: string, kind: 'error' | 'info' = 'info'): void {
  if (!el) return;
  el.textContent = text;
  el.className = `mc-notice ${kind === 'error' ? 'mc-notice-error' : 'ops-info'}`;
  el.hidden = false;
}

export const money = (n: number) => `${n.toLocaleString('vi-VN')} ₫`;

const CSS = `
.ops-page { padding: 16px 24px; max-width: 1400px; }
.ops-page [hidden] { display: none !important; }
.ops-page h2 { margin: 0 0 12px; }
.ops-page h3 { margin: 18px 0 8px; }
.ops-grid { display: grid; grid-template-columns: repeat(auto-fit, minmax(320px, 1fr)); gap: 16px; }
.ops-card { background: #fff; border: 1px solid var(--mc-line, #dfe4ec); border-radius: 6px; padding: 12px 16px; }
.ops-form label { display: block; margin: 6px 0; }
.ops-form label > span { display: inline-block; min-width: 180px; color: #445; }
.ops-form input[type=text], .ops-form input[type=number], .ops-form input[type=date], .ops-form select, .ops-form textarea { padding: 4px 6px; min-width: 260px; }
.ops-row { display: flex; gap: 8px; align-items: center; flex-wrap: wrap; margin: 8px 0; }
.ops-page button { padding: 5px 12px; border: 1px solid #b8c0cc; background: #fff; border-radius: 4px; cursor: pointer; }
.ops-page button.primary { background: var(--mc-red, #b71c1c); color: #fff; border-color: var(--mc-red, #b71c1c); }
.ops-page button:disabled { opacity: .5; cursor: default; }
.ops-table { border-collapse: collapse; width: 100%; background: #fff; }
.ops-table th, .ops-table td { text-align: left; padding: 6px 8px; border-bottom: 1px solid var(--mc-line, #dfe4ec); vertical-align: top; }
.ops-table th { background: #eef1f6; font-weight: 600; }
.ops-badge { display: inline-block; padding: 1px 8px; border-radius: 10px; font-size: 12px; color: #fff; }
.ops-ok { background: #1b7f3b; } .ops-warning { background: #b26a00; } .ops-overdue { background: #b71c1c; }
tr.ops-row-overdue td:first-child { border-left: 4px solid #b71c1c; }
tr.ops-row-warning td:first-child { border-left: 4px solid #b26a00; }
tr.ops-row-ok td:first-child { border-left: 4px solid #1b7f3b; }
.ops-info { background: #e8f3ea; border: 1px solid #9cc9a6; padding: 8px 12px; border-radius: 4px; margin: 8px 0; }
.ops-progress { width: 320px; height: 10px; }
.ops-tabs { display: flex; gap: 4px; border-bottom: 1px solid var(--mc-line, #dfe4ec); margin-bottom: 12px; }
.ops-tabs a { padding: 6px 12px; text-decoration: none; color: inherit; border-bottom: 3px solid transparent; }
.ops-tabs a.active { border-bottom-color: var(--mc-red, #b71c1c); font-weight: 600; }
.ops-kpis { display: flex; gap: 12px; flex-wrap: wrap; margin: 8px 0 16px; }
.ops-kpi { background: #fff; border: 1px solid var(--mc-line, #dfe4ec); border-radius: 6px; padding: 8px 14px; min-width: 120px; }
.ops-kpi b { display: block; font-size: 24px; }
.ops-chart { position: relative; height: 300px; background: #fff; border: 1px solid var(--mc-line, #dfe4ec); border-radius: 6px; padding: 8px; }
.ops-diagram { height: 420px; background: #fff; border: 1px solid var(--mc-line, #dfe4ec); border-radius: 6px; }
.ops-here:not(.djs-connection) .djs-visual > :first-child { stroke: #1565c0 !important; stroke-width: 4px !important; fill: #e3f0ff !important; }
.ops-done-ok:not(.djs-connection) .djs-visual > :first-child { stroke: #1b7f3b !important; fill: #e8f5ec !important; }
.ops-done-late:not(.djs-connection) .djs-visual > :first-child { stroke: #e07b00 !important; fill: #fff3e0 !important; }
.ops-failing:not(.djs-connection) .djs-visual > :first-child { stroke: #b71c1c !important; stroke-width: 4px !important; fill: #ffebee !important; }
.ops-overlay { font-size: 11px; background: #fff; border: 1px solid #889; border-radius: 3px; padding: 0 4px; white-space: nowrap; }
.ops-overlay-failing { background: #b71c1c; color: #fff; border-color: #b71c1c; }
.ops-overlay-late { background: #e07b00; color: #fff; border-color: #e07b00; }
.ops-overlay-here { background: #1565c0; color: #fff; border-color: #1565c0; }
.ops-failed td { color: #b71c1c; }
.ops-banner-failing { background: #ffebee; border: 2px solid #b71c1c; border-left-width: 8px; border-radius: 4px; padding: 10px 14px; margin: 10px 0; color: #5f0f0f; }
.ops-banner-failing b { color: #b71c1c; font-size: 16px; }
.ops-banner-failing p { margin: 4px 0; }
.ops-screen { background: #0d2440; color: #fff; min-height: 80vh; padding: 24px; }
.ops-screen table { width: 100%; font-size: 22px; border-collapse: collapse; }
.ops-screen td, .ops-screen th { padding: 8px; border-bottom: 1px solid #2c4a70; text-align: left; }
.ops-screen .big { font-size: 64px; font-weight: 700; }
.ops-stars button { font-size: 20px; }
`;

let styled = false;
/** Adds the screens' styles once (a constructed stylesheet: nothing inline for the CSP to refuse). */
export function ensureStyles(): void {
  if (styled) return;
  styled = true;
  const sheet = new CSSStyleSheet();
  sheet.replaceSync(CSS);
  document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
}
