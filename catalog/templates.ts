/**
 * Sector templates: the internal process (quy trình nội bộ) of an imported procedure, shaped like the real ones in
 * internal-procedures/: receive at the centre (or the one-stop unit) → specialist appraisal → head of division →
 * head of department (→ chair of the People's Committee) → return, with a refusal branch after the appraisal and
 * calls to coordinating agencies. Per-step durations add up exactly to the procedure's shortest legal limit.
 */
import type { Duration, LocalizedText, Step, StepListModel } from '../ir/index.js';
import type { AdministrativeLevel } from '../ir/index.js';
import type { AgencyResolution } from './agencies.js';
import { approxHours } from './duration.js';
import { norm } from './text.js';

/** A call to a coordinating agency (liên thông): a call activity running a coordination procedure. */
export interface ConsultCall {
  id: string;
  name: LocalizedText;
  agency: string;
  procedure: string;
  duration: Duration;
}

export type PlanItem =
  | { kind: 'task'; step: Step }
  /** Exclusive decision on the previous task's outcome: "refuse" runs `notice` and ends 'refused'. */
  | { kind: 'refuse'; id: string; notice: Step }
  /** Calls to coordinating agencies, in parallel when there are several. */
  | { kind: 'consult'; id: string; calls: ConsultCall[] };

export interface Plan {
  template: string;
  items: PlanItem[];
}

// ---------------------------------------------------------------------------------------------------------------
// Duration allocation
// ---------------------------------------------------------------------------------------------------------------

export interface Share {
  id: string;
  /** Preferred length in days (hours are converted at 8 per day) when the limit is long enough. */
  days: number;
  /** Relative weight when the limit is too short for the preferred lengths. */
  weight: number;
}

const round6 = (n: number): number => Math.round(n * 1e6) / 1e6;

/**
 * Splits `total` over the shares; the share with id `rest` takes whatever is left. Lengths are multiples of a
 * dyadic quantum (0.25, 0.125, ...) so they add up exactly, and the rest share absorbs any remainder: the sum is
 * `total` to 1e-6. Every share gets at least one quantum.
 */
export function allocate(total: Duration, shares: Share[], rest: string): Map<string, number> {
  const T = total.amount;
  const n = shares.length;
  let q = 0.25;
  while (q * n > T && q > 1 / 4096) q /= 2;
  const perDay = total.unit === 'working-hour' ? 8 : 1;
  const out = new Map<string, number>();
  const fixed = shares.filter((s) => s.id !== rest);
  const preferred = fixed.reduce((a, s) => a + s.days * perDay, 0);
  if (preferred <= 0.6 * T) {
    for (const s of fixed) out.set(s.id, Math.max(q, Math.floor((s.days * perDay) / q) * q));
  } else {
    const W = shares.reduce((a, s) => a + s.weight, 0);
    const quanta = Math.floor(T / q + 1e-9);
    for (const s of fixed) out.set(s.id, Math.max(1, Math.floor((quanta * s.weight) / W)) * q);
  }
  // The rest share keeps at least one quantum: take it back from the longest other share.
  let used = [...out.values()].reduce((a, b) => a + b, 0);
  while (T - used < q - 1e-9) {
    const [id, v] = [...out.entries()].reduce((a, b) => (b[1] > a[1] ? b : a));
    if (v <= q) break;
    out.set(id, v - q);
    used -= q;
  }
  out.set(rest, round6(T - used));
  return out;
}

// ---------------------------------------------------------------------------------------------------------------
// Step names by sector: the appraisal step says what the specialist actually does.
// ---------------------------------------------------------------------------------------------------------------

const APPRAISAL_NAMES: Array<[RegExp, LocalizedText]> = [
  [
    /đất đai|đo đạc/,
    { vi: 'Thẩm định hồ sơ, kiểm tra thực địa', en: 'Appraise the dossier and inspect the site' },
  ],
  [
    /xây dựng|nhà ở|kiến trúc|quy hoạch|hạ tầng|đô thị/,
    { vi: 'Thẩm định hồ sơ, kiểm tra hiện trạng công trình', en: 'Appraise the dossier and check the works' },
  ],
  [
    /hộ tịch|chứng thực|quốc tịch|nuôi con nuôi/,
    { vi: 'Kiểm tra, xác minh và dự thảo kết quả', en: 'Check, verify and draft the result' },
  ],
  [
    /doanh nghiệp|hợp tác xã|tổ hợp tác|hộ kinh doanh/,
    {
      vi: 'Xem xét tính hợp lệ, cập nhật hệ thống đăng ký',
      en: 'Check validity and update the business register',
    },
  ],
  [/đầu tư|đấu thầu|oda/, { vi: 'Thẩm định hồ sơ dự án, lấy ý kiến', en: 'Appraise the project dossier' }],
  [
    /môi trường|tài nguyên|khoáng sản|địa chất|biển/,
    { vi: 'Thẩm định hồ sơ, báo cáo đánh giá', en: 'Appraise the dossier and assessment report' },
  ],
  [
    /thuế|hải quan|kho bạc/,
    { vi: 'Kiểm tra hồ sơ, đối chiếu dữ liệu', en: 'Check the dossier against the records' },
  ],
  [
    /người có công|chính sách|bảo trợ|giảm nghèo|bhxh|bảo hiểm/,
    { vi: 'Xét duyệt hồ sơ chế độ, chính sách', en: 'Review the entitlement dossier' },
  ],
  [
    /cư trú|căn cước|xuất nhập cảnh|phương tiện|vũ khí|con dấu/,
    { vi: 'Kiểm tra, xác minh thông tin', en: 'Check and verify the information' },
  ],
];

function appraisalName(sector: string): LocalizedText {
  const s = norm(sector);
  for (const [re, name] of APPRAISAL_NAMES) if (re.test(s)) return name;
  return { vi: 'Thẩm định hồ sơ', en: 'Appraise the dossier' };
}

const HEAD_NAMES: Record<string, LocalizedText> = {
  'UBND-X': { vi: 'Chủ tịch UBND cấp xã ký duyệt', en: 'Commune chair signs' },
  'UBND-H': { vi: 'Chủ tịch UBND cấp huyện ký duyệt', en: 'District chair signs' },
  'UBND-T': { vi: 'Chủ tịch UBND tỉnh ký duyệt', en: 'Provincial chair signs' },
};

// ---------------------------------------------------------------------------------------------------------------
// Templates
// ---------------------------------------------------------------------------------------------------------------

export interface TemplateInput {
  level: AdministrativeLevel;
  sector: string;
  resolution: AgencyResolution;
  /** The shortest legal limit over the procedure's channels: every path must fit in it. */
  limit: Duration;
  /** Coordination procedure codes by agency, for consult calls (absent: no calls). */
  consultProcedure?: (agency: string, duration: Duration) => { code: string; duration: Duration } | undefined;
}

function step(
  id: string,
  name: LocalizedText,
  role: string,
  agency: string,
  amount: number,
  unit: Duration['unit'],
  extra: Partial<Step> = {},
): Step {
  return { id, name, role, agency, duration: { amount, unit }, ...extra };
}

/** Short procedures (at most one working day): receive → process → sign → return, no separate division review. */
function isQuick(limit: Duration): boolean {
  return approxHours(limit) <= 8 + 1e-9;
}

export function buildPlan(input: TemplateInput): Plan {
  const { level, resolution: r, limit, sector } = input;
  const unit = limit.unit;
  const quick = isQuick(limit);
  const commune = level === 'commune' || level === 'district';
  const chair = r.chairSigns && r.signer !== r.agency;
  const vertical = r.reception === r.agency;

  // The steps, before durations.
  const ids: Share[] = [
    { id: 'receive', days: 0.5, weight: 1 },
    { id: 'appraise', days: 0, weight: 4 },
  ];
  const consults = (r.coordinating ?? []).filter(() => !!input.consultProcedure);
  if (consults.length) ids.push({ id: 'consult', days: 3, weight: 2 });
  if (!quick && !commune) ids.push({ id: 'review', days: 0.5, weight: 1 });
  ids.push({ id: 'approve', days: 1, weight: 1 });
  if (chair) ids.push({ id: 'sign', days: 2, weight: 1 });
  ids.push({ id: 'return', days: 0.25, weight: 0.5 });
  const d = allocate(limit, ids, 'appraise');
  const at = (id: string): number => d.get(id) ?? 0;

  const items: PlanItem[] = [];
  items.push({
    kind: 'task',
    step: step(
      'receive',
      { vi: 'Tiếp nhận và kiểm tra hồ sơ', en: 'Receive and check the dossier' },
      'receptionist',
      r.reception,
      at('receive'),
      unit,
      {
        escalationRole: 'supervisor',
      },
    ),
  });
  items.push({
    kind: 'task',
    step: step('appraise', appraisalName(sector), 'specialist', r.agency, at('appraise'), unit, {
      escalationRole: commune ? 'department-head' : 'division-head',
      ...(quick ? {} : { outcomes: ['approve', 'refuse'] }),
    }),
  });
  if (!quick) {
    // The refusal notice takes the return step's time: the refused path is never longer than the main one.
    items.push({
      kind: 'refuse',
      id: 'appraisal_outcome',
      notice: step(
        'refuse_notice',
        { vi: 'Thông báo từ chối giải quyết, trả hồ sơ', en: 'Notify the refusal and return the dossier' },
        'receptionist',
        r.reception,
        at('return'),
        unit,
      ),
    });
  }
  if (consults.length && input.consultProcedure) {
    const calls: ConsultCall[] = [];
    for (const agency of consults) {
      const p = input.consultProcedure(agency, { amount: at('consult'), unit });
      if (!p) continue;
      calls.push({
        id: `consult_${agency.replace(/[^A-Za-z0-9]/g, '_')}`,
        name: { vi: `Lấy ý kiến phối hợp (${agency})`, en: `Consult ${agency}` },
        agency,
        procedure: p.code,
        duration: p.duration,
      });
    }
    if (calls.length) items.push({ kind: 'consult', id: 'consult', calls });
  }
  if (!quick && !commune) {
    items.push({
      kind: 'task',
      step: step(
        'review',
        { vi: 'Lãnh đạo phòng xem xét, trình ký', en: 'Head of division reviews and submits' },
        'division-head',
        r.agency,
        at('review'),
        unit,
        {
          escalationRole: 'department-head',
        },
      ),
    });
  }
  const approveName: LocalizedText = chair
    ? {
        vi: 'Lãnh đạo cơ quan xem xét, trình UBND',
        en: 'Head of agency reviews and submits to the committee',
      }
    : (HEAD_NAMES[r.agency] ?? {
        vi: 'Lãnh đạo cơ quan phê duyệt, ký kết quả',
        en: 'Head of agency approves and signs',
      });
  const approveRole = quick && !commune && !chair && !vertical ? 'division-head' : 'department-head';
  items.push({
    kind: 'task',
    step: step('approve', approveName, approveRole, r.agency, at('approve'), unit),
  });
  if (chair) {
    items.push({
      kind: 'task',
      step: step(
        'sign',
        HEAD_NAMES[r.signer] ?? { vi: 'Lãnh đạo UBND ký duyệt', en: 'Committee chair signs' },
        'department-head',
        r.signer,
        at('sign'),
        unit,
      ),
    });
  }
  items.push({
    kind: 'task',
    step: step(
      'return',
      { vi: 'Trả kết quả', en: 'Return the result' },
      'receptionist',
      r.reception,
      at('return'),
      unit,
      {
        escalationRole: 'supervisor',
      },
    ),
  });
  const template = [
    commune ? 'commune' : vertical ? 'vertical' : 'department',
    quick ? 'quick' : '',
    chair ? 'chair' : '',
    consults.length ? 'consult' : '',
  ]
    .filter(Boolean)
    .join('+');
  return { template, items };
}

/** Plan → steps.json. Consult calls become parallel steps at the coordinating agencies (BPMN uses call activities). */
export function planToSteps(plan: Plan): StepListModel {
  const steps: StepListModel['steps'] = [];
  for (const item of plan.items) {
    if (item.kind === 'task') steps.push(item.step);
    else if (item.kind === 'refuse') {
      steps.push({
        decision: {
          id: item.id,
          name: { vi: 'Kết quả thẩm định', en: 'Appraisal outcome' },
          branches: [{ id: 'refused', when: 'outcome = "refuse"', steps: [item.notice], end: 'refused' }],
          otherwise: {},
        },
      });
    } else {
      const branches = item.calls.map((c) => [
        { id: c.id, name: c.name, role: 'specialist', agency: c.agency, duration: c.duration } satisfies Step,
      ]);
      if (branches.length === 1) steps.push(branches[0]![0]!);
      else
        steps.push({
          parallel: {
            id: item.id,
            name: { vi: 'Lấy ý kiến phối hợp', en: 'Consult coordinating agencies' },
            branches,
          },
        });
    }
  }
  return { steps };
}

/** Total planned time on the longest path of a plan (same unit as its steps), for tests and reports. */
export function planTotal(plan: Plan): number {
  let t = 0;
  for (const item of plan.items) {
    if (item.kind === 'task') t += item.step.duration.amount;
    else if (item.kind === 'consult') t += Math.max(...item.calls.map((c) => c.duration.amount));
  }
  return round6(t);
}
