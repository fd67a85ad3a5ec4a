/**
 * The modeler screen: the BPMN diagram with palette, properties panel and live validation; the procedure.json form
 * in a second tab; open / download files; server check results on the elements and in a list below.
 * The procedure being edited is a local draft until the procedures API is wired (api-client.ts).
 */
import type Modeler from 'bpmn-js/lib/Modeler';
import type Canvas from 'diagram-js/lib/core/Canvas';
import type EventBus from 'diagram-js/lib/core/EventBus';
import type Selection from 'diagram-js/lib/features/selection/Selection';
import type ElementRegistry from 'diagram-js/lib/core/ElementRegistry';
import procedureSchema from '../../../procedure-models/schemas/procedure.schema.json';
import templateXml from '../../templates/receive-appraise-approve-return.bpmn';
import { api, ApiError, type DraftInput } from '../api-client.js';
import { createModeler } from '../bpmn/create-modeler.js';
import { clearServerDiagnostics, showServerDiagnostics } from '../bpmn/server-diagnostics.js';
import { escapeHtml, lang, t, type MessageKey } from '../i18n.js';
import {
  changedDurations,
  collectStepDurations,
  diagnosticText,
  errorsFromDiagnostics,
  newProcedureMetadata,
  PROCEDURE_FORM_LABELS,
  type Diagnostic,
  type EditorMode,
  type StepDurationSource,
  type JsonSchema,
} from '../lib/index.js';
import type { Duration, ProcedureMetadata } from '../../../ir/index.js';
import { renderMetadataForm } from './metadata-form.js';
import { hasRole } from '../session.js';
import { download } from './download.js';
import { procedureHref } from './catalog-page.js';

/** The draft survives re-rendering (language switch) within the page's lifetime. */
const draft: {
  xml: string;
  metadata: unknown;
  diagnostics: Diagnostic[];
  /** The server draft this edit saves into (absent = not saved yet: the first save creates it). */
  ref?: { code: string; level: string; version: number };
  /** The procedure the draft was opened for (#/modeler?code=…), so a re-render keeps it instead of reloading. */
  openedFor?: string;
} = {
  xml: templateXml,
  metadata: newProcedureMetadata(),
  diagnostics: [],
};

interface LintIssue {
  id: string;
  message: string;
  category: string;
}

/** What the browser tests drive and read (window.motcua). */
export interface ModelerTestApi {
  modeler: Modeler;
  mode: EditorMode;
  exportXml(): Promise<string>;
  importXml(xml: string): Promise<void>;
  lintIssues(): Record<string, LintIssue[]>;
  showServerDiagnostics(diagnostics: Diagnostic[]): void;
  metadata(): unknown;
}

declare global {
  interface Window {
    motcua?: ModelerTestApi;
  }
}

export class ModelerPage {
  private modeler: Modeler | undefined;
  private issues: Record<string, LintIssue[]> = {};
  private root: HTMLElement | undefined;

  /** The published procedure being edited (duration mode); absent = the local draft. */
  private source:
    | { code: string; level?: string; durations: Record<string, Duration>; warnings: Record<string, string> }
    | undefined;

  constructor(
    private readonly mode: EditorMode,
    private readonly procedure?: { code: string; level?: string },
  ) {}

  async mount(main: HTMLElement): Promise<void> {
    const full = this.mode === 'full';
    const publisher = hasRole('publisher');
    main.innerHTML = `
      <section class="mc-modeler mc-mode-${this.mode}" data-testid="modeler-page">
        <div class="mc-toolbar">
          <span class="mc-badge" data-testid="mode">${t(('modeler.mode.' + this.mode) as MessageKey)}</span>
          ${
            full
              ? `<button type="button" data-action="new">${t('modeler.new')}</button>
          <label class="mc-file-button">${t('modeler.open')}<input type="file" accept=".bpmn,.xml" data-action="open" hidden></label>`
              : ''
          }
          <button type="button" data-action="download">${t('modeler.download')}</button>
          ${full ? `<button type="button" data-action="download-metadata">${t('modeler.downloadMetadata')}</button>` : ''}
          ${
            full && publisher
              ? `<span class="mc-sep"></span>
          <span class="mc-badge" data-testid="draft-ref"></span>
          <button type="button" data-action="save-draft" data-testid="save-draft">${t('publish.saveDraft')}</button>
          <button type="button" data-action="validate" data-testid="validate">${t('publish.validate')}</button>
          <input type="text" class="mc-note" data-testid="publish-note" placeholder="${t('publish.notePlaceholder')}">
          <button type="button" data-action="publish" data-testid="publish">${t('publish.publish')}</button>`
              : full
                ? `<span class="mc-hint">${t('publish.signInToSave')}</span>`
                : ''
          }
          ${this.mode === 'duration' ? `<span class="mc-hint">${t('modeler.durationHint')}</span>` : ''}
          ${
            this.mode === 'duration' && this.procedure
              ? `<input type="text" class="mc-note" data-testid="change-note" placeholder="${t('durations.notePlaceholder')}">
          <button type="button" data-action="save-durations">${t('durations.save')}</button>`
              : ''
          }
        </div>
        <div class="mc-notice" data-testid="notice" hidden></div>
        ${full ? `<nav class="mc-tabs"><button type="button" class="active" data-tab="diagram">${t('modeler.tab.diagram')}</button><button type="button" data-tab="metadata">${t('modeler.tab.metadata')}</button></nav>` : ''}
        <div class="mc-panel" data-panel="diagram">
          <div class="mc-workspace">
            <div class="mc-canvas" data-testid="canvas"></div>
            <aside class="mc-properties" data-testid="properties"></aside>
          </div>
          <div class="mc-problems" data-testid="problems" hidden></div>
        </div>
        ${full ? `<div class="mc-panel" data-panel="metadata" hidden><form class="mc-form" data-testid="metadata-form" novalidate></form></div>` : ''}
      </section>`;
    const root = main.querySelector<HTMLElement>('.mc-modeler')!;
    this.root = root;
    const modeler = createModeler({
      container: root.querySelector<HTMLElement>('.mc-canvas')!,
      propertiesParent: root.querySelector<HTMLElement>('.mc-properties')!,
      mode: this.mode,
      onRefused: () => this.notice(t('modeler.notAllowed')),
    });
    this.modeler = modeler;
    modeler
      .get<EventBus>('eventBus')
      .on('linting.completed', (e: { issues: Record<string, LintIssue[]> }) => {
        this.issues = e.issues;
      });
    this.bindToolbar(root);
    const key = this.procedure ? `${this.procedure.code}@${this.procedure.level ?? ''}` : undefined;
    if (this.procedure && !full) await this.loadPublished(this.procedure.code, this.procedure.level);
    else if (this.procedure && key !== draft.openedFor) {
      draft.openedFor = key;
      await this.loadForEditing(this.procedure.code, this.procedure.level);
    } else await this.importXml(draft.xml);
    this.showRef();
    if (full) this.renderForm();
    window.motcua = {
      modeler,
      mode: this.mode,
      exportXml: () => this.exportXml(),
      importXml: (xml) => this.importXml(xml),
      lintIssues: () => this.issues,
      showServerDiagnostics: (d) => this.showDiagnostics(d),
      metadata: () => draft.metadata,
    };
  }

  async unmount(): Promise<void> {
    if (!this.modeler) return;
    draft.xml = await this.exportXml();
    this.modeler.destroy();
    this.modeler = undefined;
    if (window.motcua?.modeler) delete window.motcua;
  }

  private async exportXml(): Promise<string> {
    const { xml } = await this.modeler!.saveXML({ format: true });
    return xml ?? '';
  }

  private async importXml(xml: string): Promise<void> {
    try {
      const { warnings } = await this.modeler!.importXML(xml);
      draft.xml = xml;
      this.fitDiagram();
      if (warnings.length) this.notice(t('modeler.importWarnings', { count: warnings.length }));
      this.showDiagnostics(draft.diagnostics);
    } catch (err) {
      this.notice(t('modeler.importFailed', { detail: (err as Error).message }), 'error');
    }
  }

  /** Fit the diagram into the canvas, leaving room on the left for the palette. */
  private fitDiagram(): void {
    const canvas = this.modeler!.get<Canvas>('canvas');
    // 'auto' centres the diagram (diagram-js accepts it; its typings only list a point).
    canvas.zoom('fit-viewport', 'auto' as never);
    if (this.mode !== 'full') return;
    canvas.zoom(Math.min(1, canvas.zoom() * 0.92));
    canvas.scroll({ dx: 40, dy: 0 });
  }

  private notice(text: string, kind: 'info' | 'error' = 'info'): void {
    const el = this.root?.querySelector<HTMLElement>('.mc-notice');
    if (!el) return;
    el.textContent = text;
    el.className = `mc-notice mc-notice-${kind}`;
    el.hidden = false;
  }

  private showDiagnostics(diagnostics: Diagnostic[]): void {
    draft.diagnostics = diagnostics;
    const modeler = this.modeler;
    const box = this.root?.querySelector<HTMLElement>('.mc-problems');
    if (!modeler || !box) return;
    if (this.mode === 'full') this.renderForm();
    if (!diagnostics.length) {
      clearServerDiagnostics(modeler);
      box.hidden = true;
      return;
    }
    const arranged = showServerDiagnostics(modeler, diagnostics);
    const l = lang();
    const rows = diagnostics
      .map((d) => {
        const where = d.elementId
          ? `<a href="#" data-element="${escapeHtml(d.elementId)}">${escapeHtml(d.elementId)}</a>`
          : d.path !== undefined
            ? `<code>${escapeHtml(d.path || '/')}</code>`
            : '';
        return `<li class="mc-diag-${d.severity}">${escapeHtml(diagnosticText(d, l))} ${where}</li>`;
      })
      .join('');
    box.innerHTML = `<h3>${t('problems.title')}</h3><p>${t('problems.summary', { errors: arranged.counts.error, warnings: arranged.counts.warning, infos: arranged.counts.info })}</p><ul>${rows}</ul>`;
    box.hidden = false;
    box.onclick = (event) => {
      const id = (event.target as HTMLElement).closest<HTMLElement>('[data-element]')?.dataset.element;
      if (!id) return;
      event.preventDefault();
      const element = modeler.get<ElementRegistry>('elementRegistry').get(id);
      if (element) modeler.get<Selection>('selection').select(element);
    };
  }

  private renderForm(): void {
    const form = this.root?.querySelector<HTMLElement>('.mc-form');
    if (!form) return;
    renderMetadataForm(form, {
      schema: procedureSchema as JsonSchema,
      labels: PROCEDURE_FORM_LABELS,
      value: draft.metadata,
      onChange: (value) => {
        draft.metadata = value;
      },
      serverErrors: errorsFromDiagnostics(draft.diagnostics),
    });
  }

  /** The steps of the diagram with their raw duration attributes. */
  private steps(): Array<StepDurationSource & { warningAt: string }> {
    return this.modeler!.get<ElementRegistry>('elementRegistry')
      .getAll()
      .map(
        (e) =>
          (
            e as unknown as {
              businessObject: { $type: string; id: string; name?: string; get(n: string): unknown };
            }
          ).businessObject,
      )
      .filter((bo) => bo && (bo.$type === 'bpmn:UserTask' || bo.$type === 'bpmn:CallActivity'))
      .map((bo) => ({
        id: bo.id,
        name: bo.name,
        type: bo.$type,
        duration: bo.get('motcua:duration') as string | undefined,
        durationUnit: bo.get('motcua:durationUnit') as string | undefined,
        warningAt: String(bo.get('motcua:warningAt') ?? ''),
      }));
  }

  /** Open the latest published version of a procedure (duration editors work on what is in force). */
  private async loadPublished(code: string, level?: string): Promise<void> {
    try {
      const procedure = await api.getProcedure(code, level);
      if (!procedure.version)
        throw new ApiError(
          404,
          'Thủ tục chưa có phiên bản công bố.',
          'The procedure has no published version.',
        );
      const version = await api.getVersion(code, procedure.version.version, procedure.level);
      if (version.modelKind !== 'bpmn') {
        this.notice(t('durations.stepList'), 'error');
        return;
      }
      draft.metadata = version.metadata;
      draft.diagnostics = [];
      await this.importXml(version.modelSource);
      const steps = this.steps();
      this.source = {
        code,
        level: procedure.level,
        durations: collectStepDurations(steps).durations,
        warnings: Object.fromEntries(steps.map((s) => [s.id, s.warningAt])),
      };
    } catch (err) {
      this.notice(
        err instanceof ApiError ? (lang() === 'vi' ? err.messageVi : err.messageEn) : String(err),
        'error',
      );
    }
  }

  /** Send the changed durations; the server compiles and publishes them as a new version. */
  private async saveDurations(): Promise<void> {
    const source = this.source;
    if (!source) return;
    const steps = this.steps();
    const read = collectStepDurations(steps);
    if (read.problems.length) {
      this.showDiagnostics(read.problems);
      this.notice(t('durations.invalid'), 'error');
      return;
    }
    // Warning thresholds: a fraction of the step's SLA, strictly between 0 and 1.
    const thresholds: Record<string, number> = {};
    for (const s of steps) {
      if (s.warningAt === (source.warnings[s.id] ?? '')) continue;
      const value = Number(s.warningAt.replace(',', '.'));
      if (!(value > 0 && value < 1)) {
        this.notice(t('durations.warningInvalid'), 'error');
        return;
      }
      thresholds[s.id] = value;
    }
    const changed = changedDurations(source.durations, read.durations);
    if (!Object.keys(changed).length && !Object.keys(thresholds).length)
      return this.notice(t('durations.nothing'));
    const note =
      this.root?.querySelector<HTMLInputElement>('[data-testid="change-note"]')?.value.trim() ?? '';
    if (!note) return this.notice(t('durations.noteRequired'), 'error');
    try {
      const r = await api.saveDurations(source.code, changed, note, source.level, thresholds);
      source.durations = read.durations;
      source.warnings = Object.fromEntries(steps.map((s) => [s.id, s.warningAt]));
      this.showDiagnostics([]);
      this.notice(t('durations.published', { version: r.version }));
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
      if (err.diagnostics.length) this.showDiagnostics(err.diagnostics);
      this.notice(lang() === 'vi' ? err.messageVi : err.messageEn, 'error');
    }
  }

  private bindToolbar(root: HTMLElement): void {
    root.addEventListener('click', (event) => {
      const target = event.target as HTMLElement;
      const tab = target.closest<HTMLElement>('[data-tab]')?.dataset.tab;
      if (tab) {
        root
          .querySelectorAll<HTMLElement>('[data-tab]')
          .forEach((b) => b.classList.toggle('active', b.dataset.tab === tab));
        root
          .querySelectorAll<HTMLElement>('[data-panel]')
          .forEach((p) => (p.hidden = p.dataset.panel !== tab));
        return;
      }
      switch (target.closest<HTMLElement>('[data-action]')?.dataset.action) {
        case 'new':
          draft.metadata = newProcedureMetadata();
          draft.diagnostics = [];
          draft.ref = undefined;
          this.showRef();
          void this.importXml(templateXml).then(() => this.renderForm());
          break;
        case 'download':
          void this.exportXml().then((xml) => download('process.bpmn', xml, 'application/xml'));
          break;
        case 'save-durations':
          void this.saveDurations();
          break;
        case 'save-draft':
          void this.busy(() => this.saveDraft());
          break;
        case 'validate':
          void this.busy(() => this.validateOnServer());
          break;
        case 'publish':
          void this.busy(() => this.publish());
          break;
        case 'download-metadata':
          download('procedure.json', JSON.stringify(draft.metadata, null, 2) + '\n', 'application/json');
          break;
      }
    });
    root.querySelector<HTMLInputElement>('[data-action="open"]')?.addEventListener('change', (event) => {
      const file = (event.target as HTMLInputElement).files?.[0];
      if (!file) return;
      void file.text().then(async (xml) => {
        draft.diagnostics = [];
        draft.ref = undefined;
        this.showRef();
        await this.importXml(xml);
        await this.serverCheck(xml);
      });
    });
  }

  private errorText(err: unknown): string {
    return err instanceof ApiError ? (lang() === 'vi' ? err.messageVi : err.messageEn) : String(err);
  }

  /** Runs one server action at a time, with the buttons disabled meanwhile; `data-busy` tells the tests. */
  private async busy(work: () => Promise<unknown>): Promise<void> {
    const root = this.root;
    if (!root || root.dataset.busy === 'true') return;
    root.dataset.busy = 'true';
    root.querySelectorAll<HTMLButtonElement>('.mc-toolbar button').forEach((b) => (b.disabled = true));
    try {
      await work();
    } catch (err) {
      if (err instanceof ApiError && err.diagnostics.length) this.showDiagnostics(err.diagnostics);
      this.notice(this.errorText(err), 'error');
    } finally {
      root.querySelectorAll<HTMLButtonElement>('.mc-toolbar button').forEach((b) => (b.disabled = false));
      root.dataset.busy = 'false';
    }
  }

  private showRef(): void {
    const el = this.root?.querySelector<HTMLElement>('[data-testid="draft-ref"]');
    if (!el) return;
    el.textContent = draft.ref
      ? t('publish.editing', { code: draft.ref.code, version: draft.ref.version })
      : t('publish.newDraft');
  }

  /** Open a procedure for a new version: its open draft when it has one, else a copy of what is in force. */
  private async loadForEditing(code: string, level?: string): Promise<void> {
    try {
      const drafts = await api
        .listDrafts(code, level)
        .catch(() => ({ items: [] as Array<{ version: number }> }));
      const open = drafts.items.sort((a, b) => b.version - a.version)[0];
      let version = open?.version;
      if (version === undefined) {
        const procedure = await api.getProcedure(code, level);
        version = procedure.version?.version ?? procedure.latestVersion ?? undefined;
      }
      if (version === undefined)
        throw new ApiError(404, 'Thủ tục chưa có phiên bản.', 'The procedure has no version.');
      const v = await api.getVersion(code, version, level);
      if (v.modelKind !== 'bpmn') {
        this.notice(t('durations.stepList'), 'error');
        return;
      }
      draft.metadata = v.metadata;
      draft.diagnostics = [];
      draft.ref =
        v.status === 'draft' ? { code: v.procedure.code, level: v.procedure.level, version } : undefined;
      await this.importXml(v.modelSource);
    } catch (err) {
      this.notice(this.errorText(err), 'error');
    }
  }

  private async draftInput(note?: string): Promise<DraftInput | undefined> {
    const metadata = draft.metadata as ProcedureMetadata;
    if (!metadata?.code || !metadata.agency || !metadata.level) {
      this.notice(t('publish.needCode'), 'error');
      return undefined;
    }
    const input: DraftInput = { metadata, modelKind: 'bpmn', modelSource: await this.exportXml() };
    if (note) input.changeNote = note;
    return input;
  }

  private note(): string {
    return this.root?.querySelector<HTMLInputElement>('[data-testid="publish-note"]')?.value.trim() ?? '';
  }

  /** Save into the open draft, or create one (a new procedure, or the next version of an existing one). */
  private async saveDraft(): Promise<
    { code: string; level: string; version: number; ok: boolean } | undefined
  > {
    const input = await this.draftInput(this.note() || undefined);
    if (!input) return undefined;
    const m = input.metadata;
    const ref = draft.ref;
    let saved: { version: number; ok: boolean; diagnostics: Diagnostic[] };
    if (ref && ref.code === m.code && ref.level === m.level) {
      try {
        saved = await api.updateDraft(ref.code, ref.version, input, ref.level);
      } catch (err) {
        // Published meanwhile (or deleted): keep the work as a new draft.
        if (!(err instanceof ApiError) || ![404, 409].includes(err.status)) throw err;
        saved = await api.createDraft(input);
      }
    } else saved = await api.createDraft(input);
    draft.ref = { code: m.code, level: m.level, version: saved.version };
    this.showRef();
    this.showDiagnostics(saved.diagnostics);
    const errors = saved.diagnostics.filter((d) => d.severity === 'error').length;
    this.notice(
      errors
        ? t('publish.savedWithErrors', { code: m.code, version: saved.version, errors })
        : t('publish.saved', { code: m.code, version: saved.version }),
      errors ? 'error' : 'info',
    );
    return { ...draft.ref, ok: saved.ok };
  }

  /** The server compiler's verdict on what is on screen, overlaid on the elements. */
  private async validateOnServer(): Promise<void> {
    const input = await this.draftInput();
    if (!input) return;
    const r = await api.validate(input);
    this.showDiagnostics(r.diagnostics);
    const errors = r.diagnostics.filter((d) => d.severity === 'error').length;
    this.notice(errors ? t('publish.invalid', { errors }) : t('publish.valid'), errors ? 'error' : 'info');
  }

  /** Save, then publish with the change note; the server compiles once more and refuses a draft with errors. */
  private async publish(): Promise<void> {
    const note = this.note();
    if (!note) {
      this.notice(t('publish.noteRequired'), 'error');
      return;
    }
    const saved = await this.saveDraft();
    if (!saved) return;
    if (!saved.ok) return; // saveDraft has shown the errors
    const r = await api.publish(saved.code, saved.version, note, saved.level);
    draft.ref = undefined;
    draft.openedFor = undefined;
    this.showRef();
    const box = this.root?.querySelector<HTMLElement>('.mc-notice');
    this.notice(t('publish.published', { code: r.code, version: r.version }));
    if (box) {
      const link = document.createElement('a');
      link.href = procedureHref(r.code, r.level);
      link.dataset.testid = 'published-link';
      link.textContent = ` ${t('publish.openProcedure')}`;
      box.append(link);
    }
  }

  /**
   * Ask the server compiler about a model (an imported file: what cannot run). Needs a signed-in publisher and
   * the procedure information; without them the live validation on the diagram is what the person sees.
   */
  private async serverCheck(xml: string): Promise<void> {
    try {
      const r = await api.validate({
        metadata: draft.metadata as ProcedureMetadata,
        modelKind: 'bpmn',
        modelSource: xml,
      });
      this.showDiagnostics(r.diagnostics);
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
      if (err.diagnostics.length) this.showDiagnostics(err.diagnostics);
      else if (![400, 401, 403, 404].includes(err.status))
        this.notice(lang() === 'vi' ? err.messageVi : err.messageEn, 'error');
    }
  }
}
