/**
 * Two versions of a procedure side by side: the readable diff (procedure information, steps, flows) and both
 * diagrams, read-only, with what changed coloured. Route: #/procedures/<code>/diff/<from>/<to>.
 */
import type NavigatedViewer from 'bpmn-js/lib/NavigatedViewer';
import type Canvas from 'diagram-js/lib/core/Canvas';
import { api, ApiError, type VersionDetail } from '../api-client.js';
import { createViewer, markChanges } from '../bpmn/create-viewer.js';
import { escapeHtml, lang, t } from '../i18n.js';
import { diffHtml, diffMarkers, diffVersions } from '../lib/index.js';

export class DiffPage {
  private viewers: NavigatedViewer[] = [];

  constructor(
    private readonly code: string,
    private readonly from: number,
    private readonly to: number,
    private readonly level?: string,
  ) {}

  async mount(main: HTMLElement): Promise<void> {
    const l = lang();
    main.innerHTML = `<section class="mc-page mc-diff-page" data-testid="diff-page"><p>${t('diff.loading')}</p></section>`;
    const root = main.querySelector<HTMLElement>('.mc-diff-page')!;
    let a: VersionDetail;
    let b: VersionDetail;
    try {
      [a, b] = await Promise.all([
        api.getVersion(this.code, this.from, this.level),
        api.getVersion(this.code, this.to, this.level),
      ]);
    } catch (err) {
      const text = err instanceof ApiError ? (l === 'vi' ? err.messageVi : err.messageEn) : String(err);
      root.innerHTML = `<p class="mc-notice mc-notice-error" data-testid="notice">${escapeHtml(text)}</p>`;
      return;
    }
    const diff = diffVersions(
      { version: a.version, metadata: a.metadata, ir: a.ir ?? undefined },
      { version: b.version, metadata: b.metadata, ir: b.ir ?? undefined },
    );
    const marks = diffMarkers(diff);
    root.innerHTML = `
      <h2>${escapeHtml(b.metadata.names[l === 'en' && b.metadata.names.en ? 'en' : 'vi'] ?? this.code)} <small>${escapeHtml(this.code)}</small></h2>
      <div data-testid="diff">${diffHtml(diff, l)}</div>
      <div class="mc-diff-diagrams">
        <figure><figcaption>${t('diff.version', { version: a.version })}</figcaption><div class="mc-diff-canvas" data-testid="diagram-before"></div></figure>
        <figure><figcaption>${t('diff.version', { version: b.version })}</figcaption><div class="mc-diff-canvas" data-testid="diagram-after"></div></figure>
      </div>`;
    const sides: Array<[VersionDetail, Record<string, 'added' | 'changed' | 'removed'>, string]> = [
      [a, marks.before, 'diagram-before'],
      [b, marks.after, 'diagram-after'],
    ];
    for (const [version, mark, testId] of sides) {
      const container = root.querySelector<HTMLElement>(`[data-testid="${testId}"]`)!;
      if (version.modelKind !== 'bpmn') {
        container.textContent = t('diff.noDiagram');
        continue;
      }
      const viewer = createViewer(container);
      this.viewers.push(viewer);
      await viewer.importXML(version.modelSource);
      viewer.get<Canvas>('canvas').zoom('fit-viewport');
      markChanges(viewer, mark);
    }
  }

  async unmount(): Promise<void> {
    for (const v of this.viewers) v.destroy();
    this.viewers = [];
  }
}
