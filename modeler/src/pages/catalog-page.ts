/**
 * The procedure catalog: every procedure (code, name, sector, level, agency, status, version), searched and paged
 * by the server so thousands of entries stay fast. The filters live in the address (#/procedures?q=…&offset=…),
 * so a search can be bookmarked and Back works; typing updates the list in place without re-rendering the page.
 */
import { api, ApiError, type ProcedureQuery, type ProcedureStatus } from '../api-client.js';
import { escapeHtml, lang, t, type MessageKey } from '../i18n.js';
import { agencies } from '../session.js';

export const PAGE_SIZE = 50;
const LEVELS = ['province', 'district', 'commune', 'ministry', 'other'] as const;
const STATUSES: ProcedureStatus[] = ['published', 'draft', 'retired'];

export const levelLabel = (level: string) => t(`level.${level}` as MessageKey);
export const statusLabel = (status: string) => t(`status.${status}` as MessageKey);
export const statusBadge = (status: string) =>
  `<span class="mc-status mc-status-${escapeHtml(status)}" data-status="${escapeHtml(status)}">${statusLabel(status)}</span>`;

export function procedureHref(code: string, level?: string): string {
  return `#/procedures/${encodeURIComponent(code)}${level ? `?level=${encodeURIComponent(level)}` : ''}`;
}

function readQuery(params: URLSearchParams, fixed: Partial<ProcedureQuery>): ProcedureQuery {
  const get = (k: string) => params.get(k) || undefined;
  const offset = Number(params.get('offset') ?? 0);
  return {
    q: get('q'),
    sector: get('sector'),
    level: get('level') as ProcedureQuery['level'],
    agency: get('agency'),
    status: (get('status') as ProcedureStatus | undefined) ?? 'published',
    offset: Number.isInteger(offset) && offset > 0 ? offset : 0,
    limit: PAGE_SIZE,
    ...fixed,
  };
}

export async function renderCatalogPage(
  main: HTMLElement,
  params: URLSearchParams,
  options: { route?: string; title?: MessageKey; fixed?: Partial<ProcedureQuery>; hint?: string } = {},
): Promise<void> {
  const route = options.route ?? '#/procedures';
  let query = readQuery(params, options.fixed ?? {});
  const l = lang();
  const agencyOptions = agencies()
    .map(
      (a) =>
        `<option value="${escapeHtml(a.code)}"${query.agency === a.code ? ' selected' : ''}>${escapeHtml(a.code)} — ${escapeHtml((l === 'en' && a.names.en) || a.names.vi)}</option>`,
    )
    .join('');
  const select = (name: string, values: readonly string[], label: (v: string) => string, all: boolean) =>
    `<select name="${name}" data-testid="filter-${name}">${all ? `<option value="">${t('catalog.any')}</option>` : ''}${values
      .map(
        (v) =>
          `<option value="${v}"${(query as Record<string, unknown>)[name] === v ? ' selected' : ''}>${label(v)}</option>`,
      )
      .join('')}</select>`;
  const fixedAgency = options.fixed?.agency !== undefined;
  main.innerHTML = `
    <section class="mc-page mc-page-wide" data-testid="catalog">
      <h2>${t(options.title ?? 'catalog.title')}</h2>
      ${options.hint ? `<p class="mc-hint">${escapeHtml(options.hint)}</p>` : ''}
      <form class="mc-filters" data-testid="filters">
        <input type="search" name="q" value="${escapeHtml(query.q ?? '')}" placeholder="${t('catalog.search')}" data-testid="search">
        <input type="text" name="sector" value="${escapeHtml(query.sector ?? '')}" placeholder="${t('catalog.sector')}" data-testid="filter-sector">
        ${select('level', LEVELS, levelLabel, true)}
        ${fixedAgency ? '' : `<select name="agency" data-testid="filter-agency"><option value="">${t('catalog.anyAgency')}</option>${agencyOptions}</select>`}
        ${select('status', STATUSES, statusLabel, false)}
      </form>
      <p class="mc-notice mc-notice-error" data-testid="notice" hidden></p>
      <table class="mc-table" data-testid="procedure-table">
        <thead><tr><th>${t('catalog.code')}</th><th>${t('catalog.name')}</th><th>${t('catalog.sector')}</th><th>${t('catalog.level')}</th><th>${t('catalog.agency')}</th><th>${t('catalog.status')}</th><th>${t('catalog.version')}</th></tr></thead>
        <tbody></tbody>
      </table>
      <div class="mc-pager" data-testid="pager">
        <button type="button" data-page="prev">‹ ${t('catalog.prev')}</button>
        <span data-testid="page-info"></span>
        <button type="button" data-page="next">${t('catalog.next')} ›</button>
      </div>
    </section>`;
  const root = main.querySelector<HTMLElement>('[data-testid="catalog"]')!;
  const form = root.querySelector<HTMLFormElement>('form')!;
  const body = root.querySelector<HTMLElement>('tbody')!;
  const info = root.querySelector<HTMLElement>('[data-testid="page-info"]')!;
  const notice = root.querySelector<HTMLElement>('[data-testid="notice"]')!;
  const prev = root.querySelector<HTMLButtonElement>('[data-page="prev"]')!;
  const next = root.querySelector<HTMLButtonElement>('[data-page="next"]')!;
  let seq = 0;

  const load = async () => {
    const mine = ++seq;
    root.dataset.loading = 'true';
    try {
      const page = await api.listProcedures(query);
      if (mine !== seq) return; // a newer search answered first
      notice.hidden = true;
      body.innerHTML = page.items.length
        ? page.items
            .map(
              (p) => `<tr data-code="${escapeHtml(p.code)}" data-level="${p.level}">
            <td><a href="${procedureHref(p.code, p.level)}">${escapeHtml(p.code)}</a></td>
            <td>${escapeHtml((l === 'en' && p.names.en) || p.names.vi)}</td>
            <td>${escapeHtml(p.sector)}</td>
            <td>${levelLabel(p.level)}</td>
            <td>${escapeHtml(p.agencyCode)}</td>
            <td>${statusBadge(p.status)}</td>
            <td>${p.publishedVersion ?? '—'}${p.latestVersion && p.latestVersion !== p.publishedVersion ? ` <small>(${t('catalog.latest', { version: p.latestVersion })})</small>` : ''}</td>
          </tr>`,
            )
            .join('')
        : `<tr><td colspan="7">${t('catalog.empty')}</td></tr>`;
      const from = page.total ? page.offset + 1 : 0;
      const to = page.offset + page.items.length;
      info.textContent = t('catalog.pageInfo', { from, to, total: page.total });
      prev.disabled = page.offset === 0;
      next.disabled = to >= page.total;
    } catch (err) {
      if (mine !== seq) return;
      notice.textContent =
        err instanceof ApiError ? (l === 'vi' ? err.messageVi : err.messageEn) : String(err);
      notice.hidden = false;
    } finally {
      if (mine === seq) root.dataset.loading = 'false';
    }
  };

  /** Keep the address in step without a hashchange (no re-render, the search box keeps its focus). */
  const remember = () => {
    const p = new URLSearchParams();
    for (const k of ['q', 'sector', 'level', 'agency', 'status'] as const) {
      const v = query[k];
      if (v && !(k === 'status' && v === 'published') && !(k in (options.fixed ?? {}))) p.set(k, String(v));
    }
    if (query.offset) p.set('offset', String(query.offset));
    const qs = p.toString();
    history.replaceState(null, '', `${route}${qs ? `?${qs}` : ''}`);
  };

  let timer: ReturnType<typeof setTimeout> | undefined;
  const fromForm = () => {
    const data = new FormData(form);
    const value = (k: string) => String(data.get(k) ?? '').trim() || undefined;
    query = {
      ...query,
      q: value('q'),
      sector: value('sector'),
      level: value('level') as ProcedureQuery['level'],
      agency: fixedAgency ? query.agency : value('agency'),
      status: (value('status') as ProcedureStatus | undefined) ?? 'published',
      offset: 0,
    };
    remember();
    void load();
  };
  form.addEventListener('input', (event) => {
    clearTimeout(timer);
    // Typing waits for a pause; choosing from a list answers at once.
    timer = setTimeout(fromForm, (event.target as HTMLElement).tagName === 'INPUT' ? 250 : 0);
  });
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    clearTimeout(timer);
    fromForm();
  });
  root.querySelector('.mc-pager')!.addEventListener('click', (event) => {
    const dir = (event.target as HTMLElement).closest<HTMLElement>('[data-page]')?.dataset.page;
    if (!dir) return;
    query = { ...query, offset: Math.max(0, (query.offset ?? 0) + (dir === 'next' ? PAGE_SIZE : -PAGE_SIZE)) };
    remember();
    void load();
  });
  await load();
}
