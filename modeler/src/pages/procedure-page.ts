/**
 * One procedure: its metadata, its versions (drafts too, for those who may see them), the diagram of the chosen
 * version (read-only), downloads (.bpmn / steps.json + procedure.json of any version), and what the person's role
 * allows: edit in the modeler, compare versions, edit durations, retire. The API enforces every permission; the
 * page only hides what the role may not do. Route: #/procedures/<code>[?level=…&version=…].
 */
import type NavigatedViewer from 'bpmn-js/lib/NavigatedViewer';
import type Canvas from 'diagram-js/lib/core/Canvas';
import { api, ApiError, type ProcedureSummary, type VersionDetail, type VersionSummary } from '../api-client.js';
import { createViewer } from '../bpmn/create-viewer.js';
import { escapeHtml, lang, t } from '../i18n.js';
import { hasRole } from '../session.js';
import { levelLabel, procedureHref, statusBadge } from './catalog-page.js';
import { download } from './download.js';

const errorText = (err: unknown) =>
  err instanceof ApiError ? (lang() === 'vi' ? err.messageVi : err.messageEn) : String(err);

const when = (iso: string | null | undefined) =>
  iso ? new Date(iso).toLocaleString(lang() === 'vi' ? 'vi-VN' : 'en-GB') : '—';

/** Saves one version's files: the model and its procedure.json. */
export function downloadVersion(v: VersionDetail): void {
  const base = `${v.procedure.code}-v${v.version}`;
  if (v.modelKind === 'steps') download(`${base}-steps.json`, v.modelSource, 'application/json');
  else download(`${base}.bpmn`, v.modelSource, 'application/xml');
  download(`${base}-procedure.json`, JSON.stringify(v.metadata, null, 2) + '\n', 'application/json');
}

export class ProcedurePage {
  private viewer: NavigatedViewer | undefined;

  constructor(
    private readonly code: string,
    private readonly level?: string,
    private readonly selected?: number,
  ) {}

  async mount(main: HTMLElement): Promise<void> {
    const l = lang();
    main.innerHTML = `<section class="mc-page mc-page-wide" data-testid="procedure-page"><p>…</p></section>`;
    const root = main.querySelector<HTMLElement>('[data-testid="procedure-page"]')!;
    let summary: ProcedureSummary;
    let versions: VersionSummary[];
    try {
      const listed = await api.listVersions(this.code, this.level);
      summary = listed.procedure;
      versions = listed.items;
      if (hasRole(['publisher', 'duration-editor'], summary.agencyCode)) {
        const drafts = await api.listDrafts(this.code, summary.level).catch(() => ({ items: [] }));
        versions = [...versions, ...drafts.items];
      }
    } catch (err) {
      root.innerHTML = `<p class="mc-notice mc-notice-error" data-testid="notice">${escapeHtml(errorText(err))}</p>`;
      return;
    }
    versions.sort((a, b) => b.version - a.version);
    // The API fills publishedVersion in list answers only; the versions tell it here.
    summary = {
      ...summary,
      publishedVersion: summary.publishedVersion ?? versions.find((v) => v.status === 'published')?.version ?? null,
    };
    const shown =
      versions.find((v) => v.version === this.selected) ??
      versions.find((v) => v.version === summary.publishedVersion) ??
      versions[0];
    const detail = shown ? await api.getVersion(this.code, shown.version, summary.level).catch(() => undefined) : undefined;
    const m = detail?.metadata;
    const name = (l === 'en' && summary.names.en) || summary.names.vi;
    const publisher = hasRole('publisher', summary.agencyCode);
    const editor = hasRole('duration-editor', summary.agencyCode) || publisher;
    const published = versions.filter((v) => v.status === 'published');
    const q = `?level=${encodeURIComponent(summary.level)}`;
    const enc = encodeURIComponent(this.code);
    const channels = (m?.channels ?? [])
      .map((c) => `${escapeHtml(t(`channel.${c.channel}` as never))}: ${c.duration.amount} ${t(`unit.${c.duration.unit}` as never)}`)
      .join('; ');
    const rows = versions
      .map(
        (v) => `<tr data-version="${v.version}" class="${v.version === shown?.version ? 'mc-selected' : ''}">
          <td><a href="${procedureHref(this.code, summary.level)}&version=${v.version}">v${v.version}</a></td>
          <td>${statusBadge(v.status)}</td>
          <td>${escapeHtml(v.changeNote ?? '')}</td>
          <td>${escapeHtml(v.publishedBy ?? v.createdBy ?? '')}</td>
          <td>${when(v.publishedAt ?? v.createdAt)}</td>
          <td><button type="button" data-download="${v.version}">${t('procedure.download')}</button></td>
        </tr>`,
      )
      .join('');
    const options = (selectedVersion: number | undefined) =>
      published
        .map((v) => `<option value="${v.version}"${v.version === selectedVersion ? ' selected' : ''}>v${v.version}</option>`)
        .join('');
    root.innerHTML = `
      <p><a href="#/procedures">← ${t('catalog.title')}</a></p>
      <h2 data-testid="procedure-title">${escapeHtml(name)} <small>${escapeHtml(summary.code)}</small></h2>
      <dl class="mc-meta" data-testid="procedure-meta">
        <dt>${t('catalog.code')}</dt><dd>${escapeHtml(summary.code)}</dd>
        <dt>${t('catalog.sector')}</dt><dd>${escapeHtml(summary.sector)}</dd>
        <dt>${t('catalog.level')}</dt><dd>${levelLabel(summary.level)}</dd>
        <dt>${t('catalog.agency')}</dt><dd>${escapeHtml(summary.agencyCode)}</dd>
        <dt>${t('catalog.status')}</dt><dd data-testid="procedure-status">${statusBadge(summary.status)}</dd>
        <dt>${t('catalog.version')}</dt><dd data-testid="published-version">${summary.publishedVersion ?? '—'}</dd>
        ${channels ? `<dt>${t('procedure.legalDuration')}</dt><dd>${channels}</dd>` : ''}
        ${m?.result ? `<dt>${t('procedure.result')}</dt><dd>${escapeHtml((l === 'en' && m.result.en) || m.result.vi)}</dd>` : ''}
      </dl>
      <div class="mc-actions" data-testid="procedure-actions">
        ${publisher && summary.status !== 'retired' ? `<a class="mc-button" href="#/modeler?code=${enc}&level=${encodeURIComponent(summary.level)}" data-testid="edit-model">${t('procedure.edit')}</a>` : ''}
        ${editor && summary.publishedVersion && summary.status !== 'retired' ? `<a class="mc-button" href="#/procedures/${enc}/durations${q}" data-testid="edit-durations">${t('nav.durations')}</a>` : ''}
        ${
          published.length > 1
            ? `<span>${t('procedure.compare')} <select data-testid="diff-from">${options(published[1]?.version)}</select> ↔ <select data-testid="diff-to">${options(published[0]?.version)}</select>
          <button type="button" data-action="diff" data-testid="diff-open">${t('procedure.compareOpen')}</button></span>`
            : ''
        }
        ${
          publisher && summary.status !== 'retired'
            ? `<span class="mc-retire"><input type="text" data-testid="retire-reason" placeholder="${t('procedure.retireReason')}"><button type="button" data-action="retire" data-testid="retire">${t('procedure.retire')}</button></span>`
            : ''
        }
      </div>
      <p class="mc-notice" data-testid="notice" hidden></p>
      <h3>${t('procedure.versions')}</h3>
      <table class="mc-table" data-testid="versions">
        <thead><tr><th>${t('catalog.version')}</th><th>${t('catalog.status')}</th><th>${t('procedure.changeNote')}</th><th>${t('procedure.by')}</th><th>${t('procedure.when')}</th><th></th></tr></thead>
        <tbody>${rows || `<tr><td colspan="6">${t('procedure.noVersions')}</td></tr>`}</tbody>
      </table>
      <h3>${shown ? t('diff.version', { version: shown.version }) : ''}</h3>
      <div class="mc-viewer" data-testid="viewer"></div>`;
    const notice = root.querySelector<HTMLElement>('[data-testid="notice"]')!;
    const say = (text: string, kind: 'info' | 'error' = 'info') => {
      notice.textContent = text;
      notice.className = `mc-notice mc-notice-${kind}`;
      notice.hidden = false;
    };
    root.addEventListener('click', (event) => {
      const target = event.target as HTMLElement;
      const dl = target.closest<HTMLElement>('[data-download]')?.dataset.download;
      if (dl) {
        void api
          .getVersion(this.code, Number(dl), summary.level)
          .then(downloadVersion)
          .catch((err: unknown) => say(errorText(err), 'error'));
        return;
      }
      const action = target.closest<HTMLElement>('[data-action]')?.dataset.action;
      if (action === 'diff') {
        const from = root.querySelector<HTMLSelectElement>('[data-testid="diff-from"]')!.value;
        const to = root.querySelector<HTMLSelectElement>('[data-testid="diff-to"]')!.value;
        location.hash = `#/procedures/${enc}/diff/${from}/${to}${q}`;
      } else if (action === 'retire') {
        const reason = root.querySelector<HTMLInputElement>('[data-testid="retire-reason"]')!.value.trim();
        if (!reason) return say(t('procedure.retireReasonRequired'), 'error');
        if (!confirm(t('procedure.retireConfirm', { code: this.code }))) return;
        void api
          .retire(this.code, reason, summary.level)
          .then(() => {
            document.body.dataset.ready = 'false';
            dispatchEvent(new HashChangeEvent('hashchange'));
          })
          .catch((err: unknown) => say(errorText(err), 'error'));
      }
    });
    const container = root.querySelector<HTMLElement>('[data-testid="viewer"]')!;
    if (detail?.modelKind === 'bpmn') {
      this.viewer = createViewer(container);
      try {
        await this.viewer.importXML(detail.modelSource);
        this.viewer.get<Canvas>('canvas').zoom('fit-viewport');
      } catch (err) {
        say(t('modeler.importFailed', { detail: (err as Error).message }), 'error');
      }
    } else if (detail) {
      container.innerHTML = `<pre class="mc-steps">${escapeHtml(detail.modelSource)}</pre>`;
    }
  }

  async unmount(): Promise<void> {
    this.viewer?.destroy();
    this.viewer = undefined;
  }
}
