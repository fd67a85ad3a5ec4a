/**
 * The real internal processes (quy trình nội bộ) of land procedures in internal-procedures/: stages (GĐn), steps
 * with their unit and time, cases (sub-groups) and normal vs difficult-area times. Each procedure becomes a BPMN
 * model built from its real steps: stages in sequence (a stage starts again at reception after the applicant acts),
 * an exclusive gateway per stage that has cases. Difficult areas have their own legal limit, so a procedure with
 * per-step difficult-area times gets a second catalog entry (code suffix -VKK) with those times.
 * What the source does not give (zero or non-numeric times, steps adding up to more than the legal limit,
 * channels, fees, component counts) is filled in and listed in provenance.defaults.
 */
import type { AdministrativeLevel, ComponentSpec, LocalizedText, ProcedureMetadata } from '../ir/index.js';
import type { AgencyResolution } from './agencies.js';
import { endNode, GraphBuilder, type GraphNode, type ProcessGraph } from './bpmn.js';
import type { Defaulted } from './channels.js';
import { parseAmount } from './duration.js';
import { buildPlan, planToSteps } from './templates.js';
import { norm, oneLine, truncate } from './text.js';
import type { StepListModel } from '../ir/index.js';

export interface LandSource {
  variant: 'province' | 'commune' | 'staged';
  name: string;
  records: unknown[];
  /** Records of land-internal-procedures-staged.json: richer versions (cases, difficult-area times) of some. */
  staged?: unknown[];
}

export interface LandEntry {
  dir: string;
  metadata: ProcedureMetadata;
  template: string;
  model: { kind: 'graph'; graph: ProcessGraph } | { kind: 'steps'; steps: StepListModel };
}

export interface LandResult {
  entries: LandEntry[];
  imported: number;
  issues: Array<{ source: string; field: string; message: string }>;
}

interface RawStep {
  label: string;
  stage: number;
  task: string;
  unit: string;
  time: string;
}

interface Assignee {
  role: string;
  agency: string;
  /** Why, when the unit is not an agency (the applicant's own action). */
  note?: string;
}

const DEFAULT_RESULT = 'Kết quả giải quyết thủ tục hành chính';

/** Who does a step, from the unit the real process names. */
export function assigneeOf(unit: string, level: AdministrativeLevel): Assignee {
  const u = norm(unit);
  const commune = level === 'commune';
  const reception = commune ? 'MC-X' : 'TTHCC';
  if (/^(trung tâm|bộ phận|điểm tiếp nhận)|trung tâm (phục vụ|pvhcc|hcc)|cán bộ tiếp nhận/.test(u))
    return { role: 'receptionist', agency: reception };
  if (/^chủ tịch (ubnd|ủy ban nhân dân|uỷ ban nhân dân) (cấp )?tỉnh|^(ubnd|ủy ban nhân dân) tỉnh/.test(u))
    return { role: 'department-head', agency: 'UBND-T' };
  if (/^(chủ tịch|lãnh đạo) (ubnd|ủy ban nhân dân|uỷ ban nhân dân) (cấp )?xã/.test(u))
    return { role: 'department-head', agency: 'UBND-X' };
  if (/^lãnh đạo sở/.test(u)) return { role: 'department-head', agency: 'STNMT' };
  if (/^lãnh đạo (văn phòng đăng ký|vp ?đkđđ|vpđkđđ)/.test(u))
    return { role: 'department-head', agency: 'VPDKDD' };
  if (/^lãnh đạo chi nhánh/.test(u)) return { role: 'department-head', agency: 'CN-VPDKDD' };
  if (/^lãnh đạo phòng (đăng ký|đk)/.test(u)) return { role: 'division-head', agency: 'VPDKDD' };
  if (/^lãnh đạo (phòng|cq chuyên môn|cơ quan chuyên môn)/.test(u))
    return { role: 'division-head', agency: commune ? 'UBND-X' : 'STNMT' };
  if (/chi nhánh/.test(u)) return { role: 'specialist', agency: 'CN-VPDKDD' };
  if (/văn phòng đăng ký|vp ?đkđđ|văn phòng đkđđ/.test(u)) return { role: 'specialist', agency: 'VPDKDD' };
  if (/^phòng/.test(u)) return { role: 'specialist', agency: commune ? 'UBND-X' : 'STNMT' };
  if (/cấp xã/.test(u)) return { role: 'specialist', agency: 'UBND-X' };
  if (/cơ quan thuế/.test(u)) return { role: 'specialist', agency: 'THUE' };
  if (/bưu chính/.test(u)) return { role: 'receptionist', agency: reception };
  if (/tổ chức kinh tế|người sử dụng đất|công dân/.test(u)) {
    return {
      role: 'receptionist',
      agency: reception,
      note: `step carried out by the applicant ("${unit}"); modelled as the one-stop unit receiving its outcome / bước do người nộp thực hiện`,
    };
  }
  return {
    role: 'specialist',
    agency: commune ? 'UBND-X' : 'STNMT',
    note: `unit "${unit}" not in the agency tree; specialist of the land agency assumed`,
  };
}

const TASK_EN: Array<[RegExp, string]> = [
  [/^tiếp nhận/, 'Receive and check the dossier'],
  [/^trả kết quả/, 'Return the result'],
  [/^thẩm định/, 'Appraise the dossier'],
  [/^trình/, 'Submit for approval'],
  [/^phê duyệt|^ký|^ban hành/, 'Approve and sign'],
  [/^cung cấp thông tin|^đề nghị cung cấp/, 'Provide / request land information'],
  [/^chuyển/, 'Forward the dossier'],
  [/^thông báo|^gửi thông báo/, 'Send the notice'],
  [/^kiểm tra|^xác minh|^thẩm tra/, 'Check and verify'],
  [/^công bố/, 'Publish'],
  [/^cập nhật|^chỉnh lý/, 'Update the cadastral records'],
];

function taskName(task: string, stage: number, stages: number): LocalizedText {
  const t = truncate(oneLine(task), 200);
  const en = TASK_EN.find(([re]) => re.test(norm(t)))?.[1];
  const prefix = stages > 1 && stage > 0 ? `GĐ${stage} · ` : '';
  return { vi: `${prefix}${t}`, ...(en ? { en: `${prefix ? `Stage ${stage} · ` : ''}${en}` } : {}) };
}

/** "GĐ1 - Bước 2" → stage 1; "Bước 5" → stage 0 (no stages). */
function stageOf(label: string): number {
  const m = /GĐ\s*(\d+)/i.exec(label);
  return m ? Number(m[1]) : 0;
}

/** Limit text: "15 ngày (25 ngày đối với vùng khó khăn).", "Không quá 08 ngày làm việc (vùng sâu, xa không quá 18 ngày)." */
export function parseLandLimit(text: string): {
  normal?: number;
  difficult?: number;
  working: boolean;
  sameDay: boolean;
} {
  const t = norm(text);
  const sameDay = /^trong ngày/.test(t);
  const first = /(\d+(?:[.,]\d+)?)\s*ngày/.exec(t);
  const diff =
    /\(\s*(?:không quá\s*)?(\d+(?:[.,]\d+)?)\s*ngày\s*(?:làm việc\s*)?(?:đối với|cho)\s*vùng/.exec(t) ??
    /vùng (?:sâu|khó khăn)[^()]*?không quá\s*(\d+(?:[.,]\d+)?)/.exec(t);
  return {
    ...(sameDay ? { normal: 1 } : first ? { normal: parseAmount(first[1] ?? '') } : {}),
    ...(diff ? { difficult: parseAmount(diff[1] ?? '') } : {}),
    working: /làm việc/.test(t) || sameDay,
    sameDay,
  };
}

const Q = 0.25;
const round6 = (n: number): number => Math.round(n * 1e6) / 1e6;

interface TimedStep extends RawStep {
  amount: number;
  assignee: Assignee;
  /** Stage and case: a zero-time step borrows from a step on its own path. */
  group: string;
}

/**
 * Real step times → positive amounts whose (longest-path) sum fits the limit. Zero times get a quarter day taken
 * from the longest step of the same stage; non-numeric ones share what is left under the limit; then, if the
 * steps still add up to more than the limit, every step is scaled down. All reported.
 */
function resolveTimes(
  steps: TimedStep[],
  limit: number,
  longest: (s: TimedStep[]) => number,
  defaults: Defaulted[],
  where: string,
): void {
  const unknown = steps.filter((s) => Number.isNaN(s.amount));
  const known = steps.filter((s) => !Number.isNaN(s.amount));
  if (unknown.length) {
    const left = round6(limit - longest(known));
    const each = Math.max(Q, Math.floor(left / unknown.length / Q) * Q);
    for (const s of unknown) {
      s.amount = each;
      defaults.push({
        field: `${where}[${s.label}].time`,
        reason: `"${s.time}" is not a duration; ${each} ngày làm việc assumed (time left under the legal limit) / không phải thời hạn`,
      });
    }
  }
  for (const s of steps.filter((x) => x.amount === 0)) {
    const pool = steps.filter((x) => x.group === s.group && x !== s && x.amount > Q);
    const donor = pool.reduce<TimedStep | undefined>(
      (a, b) => (!a || b.amount > a.amount ? b : a),
      undefined,
    );
    s.amount = Q;
    if (donor) donor.amount = round6(donor.amount - Q);
    defaults.push({
      field: `${where}[${s.label}].time`,
      reason: `source gives "${s.time}"; step deadlines must be positive: ${Q} ngày làm việc${donor ? ` taken from "${donor.label}"` : ''} / thời hạn 0 ngày`,
    });
  }
  const total = longest(steps);
  if (total > limit + 1e-9) {
    const factor = limit / total;
    for (const s of steps) s.amount = Math.max(Q / 2, Math.floor((s.amount * factor) / (Q / 2)) * (Q / 2));
    // Floors leave slack; a max(…) may overshoot: trim the longest steps until the path fits.
    let guard = 1000;
    while (longest(steps) > limit + 1e-9 && guard-- > 0) {
      const big = steps.reduce((a, b) => (b.amount > a.amount ? b : a));
      if (big.amount <= Q / 2) break;
      big.amount = round6(big.amount - Q / 2);
    }
    defaults.push({
      field: `${where}.time`,
      reason: `the real step times add up to ${round6(total)} ngày, more than the legal limit ${limit} ngày làm việc; scaled down ×${round6(factor)} to fit / tổng thời gian các bước vượt thời hạn`,
    });
  }
}

function components(docs: unknown): { list: ComponentSpec[]; defaults: Defaulted[] } {
  const names = Array.isArray(docs) ? docs.map((d) => oneLine(String(d))).filter(Boolean) : [];
  const list = names.map<ComponentSpec>((n, i) => ({
    id: `tp-${String(i + 1).padStart(2, '0')}`,
    name: { vi: truncate(n, 300) },
    required: !/nếu có/i.test(n),
    kind: 'original-or-copy',
    count: 1,
  }));
  return {
    list,
    defaults: list.length
      ? [
          {
            field: 'components',
            reason:
              'the internal process lists document names only; kind original-or-copy and count 1 assumed / chỉ có tên giấy tờ',
          },
        ]
      : [{ field: 'components', reason: 'no documents listed / không có thành phần hồ sơ' }],
  };
}

function str(v: unknown): string {
  return typeof v === 'string' ? v : '';
}

interface StagedStep {
  stepNumber?: string;
  task?: string;
  department?: string;
  durationNormal?: string;
  durationDifficult?: string;
}
interface StagedGroup {
  procedureCode?: string;
  title?: string;
  durationNormal?: string;
  durationDifficult?: string;
  steps?: StagedStep[];
}
interface StagedStage extends StagedGroup {
  name?: string;
  note?: string;
  subGroups?: StagedGroup[];
}

/** Sequential chain of tasks in a graph; returns the last node id. */
function chain(
  g: GraphBuilder,
  from: string,
  steps: TimedStep[],
  ids: (s: TimedStep, i: number) => string,
  stages: number,
  firstFlow: Partial<{ condition: string; isDefault: boolean; name: LocalizedText }> = {},
  byNode?: Map<string, TimedStep>,
): string {
  let tail = from;
  steps.forEach((s, i) => {
    const id = ids(s, i);
    g.node(taskNode(id, s, stages));
    byNode?.set(id, s);
    g.flow(tail, id, i === 0 ? firstFlow : {});
    tail = id;
  });
  return tail;
}

function taskNode(id: string, s: TimedStep, stages: number): GraphNode {
  return {
    id,
    kind: 'userTask',
    name: taskName(s.task, s.stage, stages),
    role: s.assignee.role,
    agency: s.assignee.agency,
    duration: { amount: s.amount, unit: 'working-day' },
    ...(s.assignee.role === 'specialist' ? { escalationRole: 'division-head' } : {}),
  };
}

/** Longest path (sum of step times) from the start of a DAG built with GraphBuilder; times read live. */
function graphLongest(g: GraphBuilder, time: Map<string, TimedStep>): number {
  const inc = new Map<string, string[]>();
  for (const f of g.flows) inc.set(f.target, [...(inc.get(f.target) ?? []), f.source]);
  const memo = new Map<string, number>();
  const visit = (id: string): number => {
    const known = memo.get(id);
    if (known !== undefined) return known;
    memo.set(id, 0);
    const here = time.get(id)?.amount ?? 0;
    const best = Math.max(0, ...(inc.get(id) ?? []).map(visit));
    const v = round6(best + (Number.isNaN(here) ? 0 : here));
    memo.set(id, v);
    return v;
  };
  return Math.max(0, ...g.nodes.map((n) => visit(n.id)));
}

export function buildLandEntries(src: LandSource): LandResult {
  const entries: LandEntry[] = [];
  const issues: LandResult['issues'] = [];
  let imported = 0;

  for (const rec of src.records as Array<Record<string, unknown>>) {
    const id = oneLine(str(rec.id));
    const source = `internal-procedures:${id}`;
    if (!/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/.test(id)) {
      issues.push({ source, field: 'id', message: `id "${id}" is not usable as a code; record skipped` });
      continue;
    }
    if (src.variant === 'staged') continue; // handled with its province twin below
    imported++;
    const level: AdministrativeLevel =
      /xã/i.test(str(rec.authority)) || src.variant === 'commune' ? 'commune' : 'province';
    const title = oneLine(str(rec.title));
    const limitText = str(rec.duration);
    const lim = parseLandLimit(limitText);
    const defaults: Defaulted[] = [];
    if (lim.normal === undefined) {
      issues.push({ source, field: 'duration', message: `no limit in "${limitText}"` });
    }
    const comps = components(rec.documents);
    defaults.push(...comps.defaults);
    const notes: string[] = [];
    if (lim.difficult !== undefined)
      notes.push(
        `vùng khó khăn / vùng sâu, vùng xa: ${lim.difficult} ngày / difficult areas: ${lim.difficult} days`,
      );
    const raw: RawStep[] = (
      Array.isArray(rec.internalSteps) ? (rec.internalSteps as Array<Record<string, unknown>>) : []
    ).map((s) => ({
      label: oneLine(str(s.step)),
      stage: stageOf(str(s.step)),
      task: str(s.task),
      unit: str(s.unit),
      time: oneLine(str(s.time)),
    }));
    const stepSum = raw.reduce((a, s) => a + (parseAmount(/^[\d.,]+/.exec(s.time)?.[0] ?? '') ?? 0), 0);
    const limit = lim.normal ?? (stepSum > 0 ? stepSum : 10);
    if (lim.normal === undefined) {
      defaults.push({
        field: 'channels.counter.duration',
        reason: `no limit in "${limitText}"; ${stepSum > 0 ? 'the sum of the real step times' : 'default 10 working days'} used`,
      });
    } else if (!lim.working) {
      defaults.push({
        field: 'channels.counter.duration.unit',
        reason: `"${limitText}" says "ngày" without "làm việc"; internal-process times are working days, working days assumed / mặc định ngày làm việc`,
      });
    }
    defaults.push({
      field: 'channels',
      reason: 'the internal process names no channels; counter (trực tiếp) assumed / mặc định nộp trực tiếp',
    });
    defaults.push({
      field: 'channels.counter.fees',
      reason: 'the internal process gives no fees; none recorded / không có thông tin phí',
    });
    defaults.push({
      field: 'result',
      reason: `no result in the internal process; "${DEFAULT_RESULT}" / không có kết quả`,
    });

    const base = (
      code: string,
      limitDays: number,
      names: LocalizedText,
      channelNote: string[],
      extra: Defaulted[],
      sourceId: string,
    ): ProcedureMetadata => ({
      code,
      names,
      level,
      sector: 'Đất đai',
      agency:
        level === 'commune'
          ? 'UBND-X'
          : raw.some((s) => /văn phòng đăng ký|vp ?đkđđ/i.test(s.unit)) &&
              !raw.some((s) => /^(phòng|lãnh đạo sở|lãnh đạo phòng quy hoạch)/i.test(norm(s.unit)))
            ? 'VPDKDD'
            : 'STNMT',
      channels: [
        {
          channel: 'counter',
          duration: { amount: limitDays, unit: 'working-day' },
          fees: [],
          ...(channelNote.length ? { note: channelNote.join('; ') } : {}),
        },
      ],
      components: comps.list,
      result: { vi: DEFAULT_RESULT },
      model: 'process.bpmn',
      provenance: { source: sourceId, defaults: [...defaults, ...extra] },
    });

    // A richer staged version of the same procedure (internal-tinh-N ↔ TTHC-TINH-0N)?
    const staged = stagedTwin(id, (src.staged ?? []) as Array<Record<string, unknown>>) as
      (Record<string, unknown> & { stages?: StagedStage[] }) | undefined;
    const twin = staged ? str(staged.id) : '';
    if (staged && Array.isArray(staged.stages)) {
      for (const variant of ['normal', 'difficult'] as const) {
        const limDays =
          parseAmount(
            /[\d.,]+/.exec(
              str(variant === 'normal' ? staged.durationNormal : staged.durationDifficult),
            )?.[0] ?? '',
          ) ?? limit;
        const extra: Defaulted[] = [];
        const graph = stagedGraph(id, title, staged.stages, variant, level, limDays, extra);
        const code = variant === 'normal' ? id : `${id}-VKK`;
        const names: LocalizedText =
          variant === 'normal'
            ? { vi: title }
            : { vi: `${title} (vùng khó khăn)`, en: 'Difficult-area variant (longer legal limit)' };
        const m = base(
          code,
          limDays,
          names,
          variant === 'normal' ? notes : [`vùng khó khăn / difficult areas`],
          extra,
          `internal-procedures:${id}+${twin}`,
        );
        entries.push({
          dir: `dat-dai/${code}-${level}`,
          metadata: m,
          template: `land-staged-${variant}`,
          model: { kind: 'graph', graph },
        });
      }
      continue;
    }

    if (raw.length === 0) {
      // No internal steps published: the commune sector template, within the legal limit.
      const resolution: AgencyResolution = {
        agency: 'UBND-X',
        reception: 'MC-X',
        signer: 'UBND-X',
        chairSigns: true,
        coordinating: [],
        outside: [],
      };
      if (level === 'province')
        Object.assign(resolution, {
          agency: 'STNMT',
          reception: 'TTHCC',
          signer: 'STNMT',
          chairSigns: false,
        });
      const plan = buildPlan({
        level,
        sector: 'Đất đai',
        resolution,
        limit: { amount: limit, unit: 'working-day' },
      });
      const m = base(
        id,
        limit,
        { vi: title },
        notes,
        [
          {
            field: 'internalSteps',
            reason: `none published; sector template (${plan.template}) used / không có quy trình nội bộ`,
          },
        ],
        source,
      );
      m.agency = resolution.agency;
      m.model = 'steps.json';
      entries.push({
        dir: `dat-dai/${id}-${level}`,
        metadata: m,
        template: `land-template:${plan.template}`,
        model: { kind: 'steps', steps: planToSteps(plan) },
      });
      continue;
    }

    const stages = new Set(raw.map((s) => s.stage)).size;
    const timed: TimedStep[] = raw.map((s) => {
      const a = /^([\d.,]+)\s*ngày/i.exec(s.time);
      const assignee = assigneeOf(s.unit, level);
      return {
        ...s,
        amount: a ? (parseAmount(a[1] ?? '') ?? Number.NaN) : Number.NaN,
        assignee,
        group: String(s.stage),
      };
    });
    const extra: Defaulted[] = [];
    for (const s of timed)
      if (s.assignee.note) extra.push({ field: `internalSteps[${s.label}].unit`, reason: s.assignee.note });
    resolveTimes(
      timed,
      limit,
      (xs) => round6(xs.reduce((a, s) => a + (Number.isNaN(s.amount) ? 0 : s.amount), 0)),
      extra,
      'internalSteps',
    );
    const g = new GraphBuilder(id, { vi: title });
    g.node({ id: 'start', kind: 'startEvent', name: { vi: 'Bắt đầu', en: 'Start' } });
    const tail = chain(
      g,
      'start',
      timed,
      (s, i) => `${s.stage ? `gd${s.stage}_` : ''}s${String(i + 1).padStart(2, '0')}`,
      stages,
    );
    g.node(endNode('end', 'returned'));
    g.flow(tail, 'end');
    const m = base(id, limit, { vi: title }, notes, extra, source);
    entries.push({
      dir: `dat-dai/${id}-${level}`,
      metadata: m,
      template: stages > 1 ? 'land-stages' : 'land-steps',
      model: { kind: 'graph', graph: g.graph() },
    });
  }
  return { entries, imported, issues };
}

function stagedTwin(id: string, staged: Array<Record<string, unknown>>): Record<string, unknown> | undefined {
  const m = /^TTHC-TINH-0*(\d+)$/.exec(id);
  return m ? staged.find((r) => r.id === `internal-tinh-${m[1]}`) : undefined;
}

/** Stages in sequence; a stage with sub-groups splits per case (first = default); a case ending in "Trả kết quả" ends. */
function stagedGraph(
  id: string,
  title: string,
  stages: StagedStage[],
  variant: 'normal' | 'difficult',
  level: AdministrativeLevel,
  limit: number,
  defaults: Defaulted[],
): ProcessGraph {
  const stageCount = stages.length;
  const toTimed = (s: StagedStep, stage: number, label: string, group: string): TimedStep => {
    const raw = oneLine(variant === 'normal' ? s.durationNormal : s.durationDifficult);
    const amount = parseAmount(raw) ?? Number.NaN;
    return {
      label,
      stage,
      task: s.task ?? '',
      unit: s.department ?? '',
      time: raw,
      amount,
      assignee: assigneeOf(s.department ?? '', level),
      group,
    };
  };
  // stage → cases → steps
  const groups: TimedStep[][][] = stages.map((st, si) => {
    const cases: StagedGroup[] = st.subGroups && st.subGroups.length ? st.subGroups : [st];
    return cases.map((c, ci) =>
      (c.steps ?? []).map((s, k) =>
        toTimed(
          s,
          si + 1,
          `GĐ${si + 1}${cases.length > 1 ? `.${ci + 1}` : ''} - ${s.stepNumber ?? `Bước ${k + 1}`} #${k + 1}`,
          `${si + 1}.${ci + 1}`,
        ),
      ),
    );
  });
  const g = new GraphBuilder(variant === 'normal' ? id : `${id}-VKK`, { vi: title });
  g.node({ id: 'start', kind: 'startEvent', name: { vi: 'Bắt đầu', en: 'Start' } });
  g.node(endNode('end', 'returned'));
  const byNode = new Map<string, TimedStep>();
  let tails: string[] = ['start'];
  const finished: string[] = [];
  stages.forEach((st, si) => {
    const cases: StagedGroup[] = st.subGroups && st.subGroups.length ? st.subGroups : [st];
    const stepsOf = groups[si]!;
    let entry: string;
    if (tails.length > 1) {
      entry = `gd${si + 1}_merge`;
      g.node({
        id: entry,
        kind: 'exclusiveGateway',
        name: { vi: `Vào giai đoạn ${si + 1}`, en: `Enter stage ${si + 1}` },
      });
      for (const t of tails) g.flow(t, entry);
    } else entry = tails[0]!;
    const next: string[] = [];
    if (cases.length === 1) {
      const last = chain(
        g,
        entry,
        stepsOf[0]!,
        (_s, i) => `gd${si + 1}_s${String(i + 1).padStart(2, '0')}`,
        stageCount,
        {},
        byNode,
      );
      next.push(last);
    } else {
      const split = `gd${si + 1}_case`;
      g.node({
        id: split,
        kind: 'exclusiveGateway',
        name: { vi: `Trường hợp (giai đoạn ${si + 1})?`, en: `Which case (stage ${si + 1})?` },
      });
      g.flow(entry, split);
      cases.forEach((c, ci) => {
        const code = oneLine(c.procedureCode) || `${si + 1}.${ci + 1}`;
        const flowName: LocalizedText = { vi: truncate(`${code}: ${oneLine(c.title)}`, 120) };
        const first =
          ci === 0
            ? { isDefault: true, name: flowName }
            : { condition: `case_gd${si + 1} = "${code.replace(/"/g, '')}"`, name: flowName };
        const last = chain(
          g,
          split,
          stepsOf[ci]!,
          (_s, i) => `gd${si + 1}_c${ci + 1}_s${String(i + 1).padStart(2, '0')}`,
          stageCount,
          first,
          byNode,
        );
        const returns = /^trả kết quả/i.test(norm(c.steps?.[c.steps.length - 1]?.task ?? ''));
        if (returns && si < stages.length - 1) finished.push(last);
        else next.push(last);
      });
    }
    tails = next;
  });
  tails = [...finished, ...tails];
  if (tails.length > 1) {
    g.node({ id: 'end_merge', kind: 'exclusiveGateway', name: { vi: 'Hợp nhánh', en: 'Merge' } });
    for (const t of tails) g.flow(t, 'end_merge');
    g.flow('end_merge', 'end');
  } else g.flow(tails[0]!, 'end');
  // End last, for a tidy model order.
  const endIdx = g.nodes.findIndex((n) => n.id === 'end');
  g.nodes.push(...g.nodes.splice(endIdx, 1));
  // Times are fixed on the real graph (cases end at different stages), then written into the tasks.
  resolveTimes(groups.flat(2), limit, () => graphLongest(g, byNode), defaults, `stages(${variant})`);
  for (const n of g.nodes) {
    const t = byNode.get(n.id);
    if (t && n.duration) n.duration = { amount: t.amount, unit: 'working-day' };
  }
  return g.graph();
}
