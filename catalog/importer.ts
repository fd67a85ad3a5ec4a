/**
 * The importer: raw records (national portal, Ministry of Defence tables, internal land processes) → catalog
 * entries (procedure.json + model) and a report. Pure and deterministic: same records → same entries, in the
 * same order. Every value that could not be read is listed per record and field, and lands in the entry's
 * provenance.defaults with the default it got.
 */
import type {
  AdministrativeLevel,
  ChannelSpec,
  Duration,
  ProcedureMetadata,
  StepListModel,
} from '../ir/index.js';
import { AGENCY_TREE, agencyByCode } from './agency-tree.js';
import { resolveAgency, type AgencyResolution } from './agencies.js';
import {
  buildChannels,
  parseChannels,
  parseModChannels,
  type ChannelRow,
  type Defaulted,
} from './channels.js';
import { parseComponents, parseModComponents, type ComponentParse } from './components.js';
import { approxHours, formatDuration } from './duration.js';
import { buildLandEntries, type LandSource } from './land.js';
import { PROVINCE_LEVELS, parseLevels } from './levels.js';
import { graphToBpmn, planToGraph, type ProcessGraph } from './bpmn.js';
import { buildPlan, planToSteps, type Plan } from './templates.js';
import { isNoInfo, oneLine, slugify, truncate } from './text.js';

export type SourceKind = 'national-tthc' | 'mod-tthc' | 'internal-procedures';

export interface SourceFile {
  kind: SourceKind;
  /** File name, for messages. */
  name: string;
  records: unknown[];
  /** internal-procedures only: which of its three files this is. */
  variant?: LandSource['variant'];
}

export type CatalogModel = { kind: 'steps'; steps: StepListModel } | { kind: 'bpmn'; xml: string };

export interface CatalogEntry {
  /** Folder relative to the catalog root: <sector-slug>/<code>-<level>. */
  dir: string;
  metadata: ProcedureMetadata;
  model: CatalogModel;
  /** Which template or real process produced the model. */
  template: string;
}

export interface Issue {
  source: string;
  field: string;
  message: string;
}

export interface FieldStat {
  parsed: number;
  total: number;
}

export interface ImportReport {
  records: {
    read: number;
    bySource: Record<string, number>;
    imported: number;
    /** Records with no province/district/commune level (ministry-only, other bodies). */
    skipped: number;
    skippedLevels: Record<string, number>;
    invalid: number;
  };
  entries: {
    total: number;
    byLevel: Record<string, number>;
    bySource: Record<string, number>;
    /** Coordination procedures generated for inter-agency calls (not national procedures). */
    coordination: number;
    byModel: Record<string, number>;
    byTemplate: Record<string, number>;
  };
  /** Per-field parse rates over the records read (durations and fees: per channel row; agency: per entry). */
  fields: Record<string, FieldStat>;
  defaults: { total: number; entriesWithDefaults: number; byField: Record<string, number> };
  /** Every field that could not be read, per record. */
  issues: Issue[];
  warnings: Issue[];
}

export interface ImportResult {
  entries: CatalogEntry[];
  report: ImportReport;
}

/** Progress callback: records done so far, of total. */
export type Progress = (done: number, total: number) => void;

const FIELDS = [
  'code',
  'name',
  'level',
  'sector',
  'channels',
  'duration',
  'fees',
  'components',
  'result',
  'agency',
] as const;

function stat(report: ImportReport, field: string, ok: boolean, n = 1): void {
  const s = (report.fields[field] ??= { parsed: 0, total: 0 });
  s.total += n;
  if (ok) s.parsed += n;
}

function bump(m: Record<string, number>, k: string, n = 1): void {
  m[k] = (m[k] ?? 0) + n;
}

/** Fields of one raw record, whatever its source. */
interface RawProcedure {
  source: string;
  code: string;
  name: string;
  levelsText: string;
  sector: string;
  executing: string;
  authority: string;
  coordinating: string;
  result: string;
  stepsText: string;
  folder: string;
  rows: ChannelRow[];
  components: ComponentParse;
}

function str(v: unknown): string {
  return typeof v === 'string' ? v : '';
}

function fromNational(r: Record<string, unknown>): RawProcedure {
  const code = oneLine(str(r.ma_thu_tuc));
  return {
    source: `national-tthc:${code}`,
    code,
    name: oneLine(str(r.ten_thu_tuc)),
    levelsText: str(r.cap_thuc_hien),
    sector: oneLine(str(r.linh_vuc)),
    executing: str(r.co_quan_thuc_hien),
    authority: str(r.co_quan_co_tham_quyen),
    coordinating: str(r.co_quan_phoi_hop),
    result: str(r.ket_qua_xu_ly),
    stepsText: str(r.trinh_tu_thuc_hien),
    folder: str(r.ministry_folder),
    rows: parseChannels(str(r.cach_thuc_thuc_hien)),
    components: parseComponents(str(r.thanh_phan_ho_so)),
  };
}

function fromMod(r: Record<string, unknown>): RawProcedure {
  const meta = (r.metadata ?? {}) as Record<string, unknown>;
  const content = (r.content ?? {}) as Record<string, unknown>;
  const tables = (r.tables ?? {}) as Record<string, unknown>;
  const code = oneLine(str(meta['mã_thủ_tục']) || str(r.thu_tuc_id));
  return {
    source: `mod-tthc:${code}`,
    code,
    name: oneLine(str(meta['tên_thủ_tục'])),
    levelsText: str(meta['cấp_thực_hiện']),
    sector: oneLine(str(meta['lĩnh_vực'])),
    executing: str(content['cơ_quan_thực_hiện']),
    authority: str(content['cơ_quan_có_thẩm_quyền']),
    coordinating: str(content['cơ_quan_phối_hợp']),
    result: str(content['kết_quả_thực_hiện']),
    stepsText: str(content['trình_tự_thực_hiện']),
    folder: 'bo-quoc-phong',
    rows: parseModChannels(tables.hinh_thuc_nop as Parameters<typeof parseModChannels>[0]),
    components: parseModComponents(tables.thanh_phan_ho_so as Parameters<typeof parseModComponents>[0]),
  };
}

const CODE_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
export const DEFAULT_SECTOR = 'Khác';
export const DEFAULT_RESULT = 'Kết quả giải quyết thủ tục hành chính';

/** The shortest legal limit over the channels: the internal process must fit in every one. */
export function shortestLimit(channels: ChannelSpec[]): Duration {
  return channels.map((c) => c.duration).reduce((a, b) => (approxHours(b) < approxHours(a) ? b : a));
}

/** Coordination procedures (liên thông): an opinion from a coordinating agency within a fixed time. */
const CONSULT_SIZES = [5, 3, 2, 1, 0.5];

export function coordinationCode(agency: string, days: number): string {
  return `LT-${agency}-${days}d`;
}

class Importer {
  readonly entries: CatalogEntry[] = [];
  /** BPMN models are rendered after the import (bpmn-moddle's toXML is async). */
  readonly graphs = new Map<CatalogEntry, ProcessGraph>();
  readonly keys = new Set<string>();
  readonly consults = new Map<string, { agency: string; days: number }>();
  readonly report: ImportReport = {
    records: { read: 0, bySource: {}, imported: 0, skipped: 0, skippedLevels: {}, invalid: 0 },
    entries: { total: 0, byLevel: {}, bySource: {}, coordination: 0, byModel: {}, byTemplate: {} },
    fields: {},
    defaults: { total: 0, entriesWithDefaults: 0, byField: {} },
    issues: [],
    warnings: [],
  };

  constructor() {
    for (const f of FIELDS) this.report.fields[f] = { parsed: 0, total: 0 };
  }

  issue(source: string, field: string, message: string): void {
    this.report.issues.push({ source, field, message });
  }

  warn(source: string, field: string, message: string): void {
    this.report.warnings.push({ source, field, message });
  }

  /** Picks a coordination procedure that fits in the time the caller allots (working days). */
  consultProcedure = (
    agency: string,
    allotted: Duration,
  ): { code: string; duration: Duration } | undefined => {
    const days = approxHours(allotted) / 8;
    const size = CONSULT_SIZES.find((s) => s <= days + 1e-9);
    if (size === undefined) return undefined;
    const code = coordinationCode(agency, size);
    this.consults.set(code, { agency, days: size });
    return { code, duration: allotted };
  };

  add(entry: CatalogEntry, kind: string): void {
    const key = `${entry.metadata.code}|${entry.metadata.level}`;
    if (this.keys.has(key)) {
      this.warn(
        entry.metadata.provenance?.source ?? kind,
        'code',
        `duplicate code ${entry.metadata.code} at level ${entry.metadata.level}; first kept`,
      );
      return;
    }
    this.keys.add(key);
    this.entries.push(entry);
    // Every default of the entry is an issue of its record at that level.
    const src = `${entry.metadata.provenance?.source ?? kind}@${entry.metadata.level}`;
    for (const d of entry.metadata.provenance?.defaults ?? []) this.issue(src, d.field, d.reason);
    const e = this.report.entries;
    e.total++;
    bump(e.byLevel, entry.metadata.level);
    bump(e.bySource, kind);
    bump(e.byModel, entry.model.kind);
    bump(e.byTemplate, entry.template);
    const defaults = entry.metadata.provenance?.defaults ?? [];
    if (defaults.length) this.report.defaults.entriesWithDefaults++;
    for (const d of defaults) {
      this.report.defaults.total++;
      bump(
        this.report.defaults.byField,
        d.field.replace(/^channels\.\w+\./, 'channels.*.').replace(/^components\.[^.]+\./, 'components.*.'),
      );
    }
  }

  procedure(raw: RawProcedure, kind: SourceKind): void {
    const r = this.report;
    const src = raw.source;
    const codeOk = CODE_PATTERN.test(raw.code);
    stat(r, 'code', codeOk);
    stat(r, 'name', raw.name !== '');
    const { levels, unknown } = parseLevels(raw.levelsText);
    stat(r, 'level', levels.length > 0 && unknown.length === 0);
    stat(r, 'sector', raw.sector !== '' && !isNoInfo(raw.sector));
    const ch = buildChannels(raw.rows, raw.stepsText);
    stat(r, 'channels', raw.rows.length > 0);
    stat(r, 'duration', false, raw.rows.length - ch.stats.durationsParsed);
    stat(r, 'duration', true, ch.stats.durationsParsed);
    stat(r, 'fees', false, raw.rows.length - ch.stats.feesParsed);
    stat(r, 'fees', true, ch.stats.feesParsed);
    stat(r, 'components', raw.components.parsed);
    stat(r, 'result', !isNoInfo(raw.result));

    if (!codeOk || raw.name === '') {
      r.records.invalid++;
      this.issue(
        src,
        codeOk ? 'name' : 'code',
        codeOk ? 'no name; record skipped' : `code "${raw.code}" is not a procedure code; record skipped`,
      );
      return;
    }
    for (const u of unknown) this.issue(src, 'level', `unknown level "${u}" ignored`);
    for (const w of ch.warnings) this.warn(src, 'channels', w);

    const mine = levels.filter((l) => PROVINCE_LEVELS.includes(l));
    if (mine.length === 0) {
      r.records.skipped++;
      bump(r.records.skippedLevels, levels.join('+') || 'none');
      // Not in the catalog, but what could not be read is still reported.
      for (const d of [...ch.defaults, ...raw.components.defaults]) this.issue(src, d.field, d.reason);
      if (!raw.components.parsed) this.issue(src, 'components', raw.components.issues.join('; '));
      return;
    }
    r.records.imported++;
    for (const level of mine) this.entry(raw, kind, level, ch.channels, ch.defaults);
  }

  entry(
    raw: RawProcedure,
    kind: SourceKind,
    level: AdministrativeLevel,
    channels: ChannelSpec[],
    channelDefaults: Defaulted[],
  ): void {
    const defaults: Defaulted[] = [...channelDefaults, ...raw.components.defaults];
    const sector = raw.sector && !isNoInfo(raw.sector) ? raw.sector : DEFAULT_SECTOR;
    if (sector === DEFAULT_SECTOR && raw.sector !== DEFAULT_SECTOR)
      defaults.push({
        field: 'sector',
        reason: `no sector in the source; "${DEFAULT_SECTOR}" / không có lĩnh vực`,
      });
    if (!raw.components.parsed) {
      defaults.push({
        field: 'components',
        reason: `${raw.components.issues.join('; ') || 'not readable'}; ${raw.components.components.length} component(s) kept / thành phần hồ sơ chưa đọc hết`,
      });
    }
    const resolution = resolveAgency(
      {
        executing: raw.executing,
        authority: raw.authority,
        coordinating: raw.coordinating,
        sector,
        folder: raw.folder,
      },
      level,
    );
    stat(this.report, 'agency', !resolution.defaulted);
    if (resolution.defaulted) defaults.push({ field: 'agency', reason: resolution.defaulted });
    for (const o of resolution.outside)
      this.warn(
        raw.source,
        'co_quan_phoi_hop',
        `coordinating agency outside the province tree: "${truncate(o, 80)}"`,
      );
    const resultText = isNoInfo(raw.result) ? DEFAULT_RESULT : truncate(oneLine(raw.result), 300);
    if (isNoInfo(raw.result))
      defaults.push({
        field: 'result',
        reason: `no result in the source; "${DEFAULT_RESULT}" / không có kết quả`,
      });

    const limit = shortestLimit(channels);
    const plan = buildPlan({ level, sector, resolution, limit, consultProcedure: this.consultProcedure });
    const consult = plan.items.find((i) => i.kind === 'consult');
    if (resolution.coordinating.length && !consult) {
      this.warn(
        raw.source,
        'co_quan_phoi_hop',
        `limit ${formatDuration(limit)} too short for a coordination call; not modelled`,
      );
    }
    const participants = consult && consult.kind === 'consult' ? consult.calls.map((c) => c.agency) : [];
    const metadata = this.metadata(
      raw.code,
      raw.name,
      level,
      sector,
      resolution,
      channels,
      raw.components,
      resultText,
      participants,
      defaults,
      raw.source,
    );
    this.addPlan(`${slugify(sector)}/${raw.code}-${level}`, metadata, plan, kind);
  }

  /** Step lists where they suffice; BPMN (call activities) where the plan calls other agencies. */
  addPlan(dir: string, metadata: ProcedureMetadata, plan: Plan, kind: string): void {
    if (plan.items.some((i) => i.kind === 'consult')) {
      metadata.model = 'process.bpmn';
      const entry: CatalogEntry = {
        dir,
        metadata,
        model: { kind: 'bpmn', xml: '' },
        template: plan.template,
      };
      this.graphs.set(entry, planToGraph(plan, metadata.code, metadata.names));
      this.add(entry, kind);
    } else {
      metadata.model = 'steps.json';
      this.add(
        { dir, metadata, model: { kind: 'steps', steps: planToSteps(plan) }, template: plan.template },
        kind,
      );
    }
  }

  addGraph(
    dir: string,
    metadata: ProcedureMetadata,
    graph: ProcessGraph,
    template: string,
    kind: string,
  ): void {
    metadata.model = 'process.bpmn';
    const entry: CatalogEntry = { dir, metadata, model: { kind: 'bpmn', xml: '' }, template };
    this.graphs.set(entry, graph);
    this.add(entry, kind);
  }

  async render(): Promise<void> {
    for (const [entry, graph] of this.graphs) entry.model = { kind: 'bpmn', xml: await graphToBpmn(graph) };
  }

  metadata(
    code: string,
    name: string,
    level: AdministrativeLevel,
    sector: string,
    resolution: AgencyResolution,
    channels: ChannelSpec[],
    components: ComponentParse,
    result: string,
    participants: string[],
    defaults: Defaulted[],
    source: string,
  ): ProcedureMetadata {
    const m: ProcedureMetadata = {
      code,
      names: { vi: truncate(name, 600) },
      level,
      sector: truncate(sector, 300),
      agency: resolution.agency,
      channels,
      components: components.components,
      result: { vi: result },
      model: 'steps.json',
      provenance: { source, ...(defaults.length ? { defaults } : {}) },
    };
    if (participants.length) m.participants = participants;
    return m;
  }

  /** The coordination procedures the calls refer to. */
  coordination(): void {
    for (const [code, { agency, days }] of [...this.consults.entries()].sort(([a], [b]) =>
      a.localeCompare(b),
    )) {
      const node = agencyByCode(agency);
      if (!node) continue;
      const level = node.level;
      const resolution: AgencyResolution = {
        agency,
        reception: agency,
        signer: agency,
        chairSigns: false,
        coordinating: [],
        outside: [],
      };
      const duration: Duration = { amount: days, unit: 'working-day' };
      const plan = coordinationPlan(agency, duration);
      const metadata: ProcedureMetadata = {
        code,
        names: {
          vi: `Cho ý kiến phối hợp giải quyết thủ tục hành chính (liên thông) — ${node.nameVi}, ${days} ngày làm việc`,
          en: `Coordination opinion (inter-agency) — ${node.nameEn}, ${days} working day(s)`,
        },
        level,
        sector: 'Liên thông',
        agency: resolution.agency,
        channels: [{ channel: 'online', duration, fees: [] }],
        components: [
          {
            id: 'tp-01',
            name: { vi: 'Văn bản đề nghị cho ý kiến', en: 'Request for an opinion' },
            required: true,
            kind: 'electronic',
            count: 1,
          },
        ],
        result: { vi: 'Văn bản cho ý kiến', en: 'Written opinion' },
        model: 'steps.json',
        provenance: { source: 'generated:coordination' },
      };
      this.addPlan(`lien-thong/${code}-${level}`, metadata, plan, 'coordination');
      this.report.entries.coordination++;
    }
  }
}

function coordinationPlan(agency: string, duration: Duration): Plan {
  const T = duration.amount;
  const q = T >= 2 ? 0.5 : 0.125;
  return {
    template: 'coordination',
    items: [
      {
        kind: 'task',
        step: {
          id: 'opinion',
          name: { vi: 'Chuyên viên nghiên cứu, dự thảo ý kiến', en: 'Specialist drafts the opinion' },
          role: 'specialist',
          agency,
          duration: { amount: T - 2 * q, unit: 'working-day' },
          escalationRole: 'division-head',
        },
      },
      {
        kind: 'task',
        step: {
          id: 'review',
          name: { vi: 'Lãnh đạo phòng xem xét', en: 'Head of division reviews' },
          role: 'division-head',
          agency,
          duration: { amount: q, unit: 'working-day' },
        },
      },
      {
        kind: 'task',
        step: {
          id: 'sign',
          name: { vi: 'Lãnh đạo cơ quan ký văn bản cho ý kiến', en: 'Head of agency signs the opinion' },
          role: 'department-head',
          agency,
          duration: { amount: q, unit: 'working-day' },
        },
      },
    ],
  };
}

/**
 * Imports the given sources. Entries come out in source order, then generated coordination procedures.
 * BPMN models are rendered asynchronously (bpmn-moddle's toXML), hence the promise.
 */
export async function importRecords(sources: SourceFile[], progress?: Progress): Promise<ImportResult> {
  const imp = new Importer();
  const total = sources.reduce((a, s) => a + s.records.length, 0);
  let done = 0;
  // The staged internal processes enrich their province twins: collect them first.
  const staged = sources
    .filter((s) => s.kind === 'internal-procedures' && s.variant === 'staged')
    .flatMap((s) => s.records);
  for (const s of sources) {
    imp.report.records.read += s.records.length;
    bump(imp.report.records.bySource, s.kind, s.records.length);
    if (s.kind === 'internal-procedures') {
      // Staged records are imported through their province twins (they add cases and difficult-area times).
      if (s.variant !== 'staged') {
        const land = buildLandEntries({
          variant: s.variant ?? 'province',
          records: s.records,
          name: s.name,
          staged,
        });
        imp.report.records.imported += land.imported;
        for (const i of land.issues) imp.issue(i.source, i.field, i.message);
        for (const e of land.entries) {
          if (e.model.kind === 'graph') imp.addGraph(e.dir, e.metadata, e.model.graph, e.template, s.kind);
          else imp.add({ dir: e.dir, metadata: e.metadata, model: e.model, template: e.template }, s.kind);
        }
      }
      done += s.records.length;
      progress?.(done, total);
      continue;
    }
    for (const rec of s.records) {
      const raw =
        s.kind === 'national-tthc'
          ? fromNational(rec as Record<string, unknown>)
          : fromMod(rec as Record<string, unknown>);
      imp.procedure(raw, s.kind);
      done++;
      if (done % 50 === 0 || done === total) progress?.(done, total);
    }
  }
  imp.coordination();
  await imp.render();
  return { entries: imp.entries, report: imp.report };
}

export { AGENCY_TREE };
