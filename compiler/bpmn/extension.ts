/**
 * Readers for the motcua BPMN extension. Each returns the value the IR needs plus the problems found, so the
 * bpmnlint rule (which reports) and the IR builder (which uses the values) read attributes the same way.
 */
import type { Duration, DurationUnit, EndOutcome, LocalizedText, TimerSpec } from '../../ir/index.js';
import { END_OUTCOMES } from '../../ir/index.js';
import { diag, type Diagnostic } from '../diagnostics.js';
import { normaliseFeel } from '../feel.js';
import {
  DEFAULT_OUTCOMES,
  DEFAULT_WARNING_AT,
  DURATION_UNITS,
  normaliseAmount,
  normaliseString,
  parseNumber,
} from '../normalise.js';

/* eslint-disable @typescript-eslint/no-explicit-any -- moddle elements are dynamic objects */
type El = any;

export const DEFAULT_UNIT: DurationUnit = 'working-day';
const OUTCOME_RE = /^[A-Za-z][A-Za-z0-9_-]{0,63}$/;
const VARIABLE_RE = /^[A-Za-z_][A-Za-z0-9_]*$/;

export interface Read<T> {
  value: T;
  problems: Diagnostic[];
}

function str(v: unknown): string | undefined {
  if (typeof v !== 'string') return undefined;
  const t = v.trim();
  return t === '' ? undefined : t;
}

/** Name for messages: the element's name, else its id. */
export function label(el: El): string {
  return str(el?.name) ? normaliseString(el.name) : String(el?.id ?? '?');
}

export function readName(el: El): LocalizedText {
  const vi = str(el.name);
  const out: LocalizedText = { vi: vi ? normaliseString(vi) : String(el.id) };
  const en = str(el.nameEn);
  if (en) out.en = normaliseString(en);
  return out;
}

/** motcua:duration + motcua:durationUnit. `required` = missing is an error. */
export function readDuration(el: El, required: boolean): Read<Duration | undefined> {
  const problems: Diagnostic[] = [];
  const at = { elementId: el.id as string };
  const raw = str(el.duration);
  const unitRaw = str(el.durationUnit);
  if (raw === undefined) {
    if (required) problems.push(diag('MC501', { name: label(el) }, at));
    return { value: undefined, problems };
  }
  const amount = parseNumber(raw);
  if (amount === undefined || amount <= 0) problems.push(diag('MC502', { value: raw, name: label(el) }, at));
  const unit = (unitRaw ?? DEFAULT_UNIT) as DurationUnit;
  if (!DURATION_UNITS.includes(unit))
    problems.push(diag('MC503', { value: unitRaw ?? '', name: label(el) }, at));
  if (problems.length) return { value: undefined, problems };
  return { value: { amount: normaliseAmount(amount as number), unit }, problems };
}

export interface UserTaskExt {
  role?: string;
  agency?: string;
  duration?: Duration;
  warningAt: number;
  escalationRole?: string;
  outcomes: string[];
  form?: string;
}

export function readOutcomes(el: El): Read<string[]> {
  const raw = str(el.outcomes);
  if (raw === undefined) return { value: [...DEFAULT_OUTCOMES], problems: [] };
  const parts = raw
    .split(/[,;]/)
    .map((p) => p.trim())
    .filter((p) => p !== '');
  const bad = parts.filter((p) => !OUTCOME_RE.test(p));
  const dup = parts.filter((p, i) => parts.indexOf(p) !== i);
  const problems: Diagnostic[] = [];
  const at = { elementId: el.id as string };
  if (parts.length === 0)
    problems.push(diag('MC303', { value: raw, detail: 'danh sách rỗng', detailEn: 'empty list' }, at));
  if (bad.length) {
    problems.push(
      diag(
        'MC303',
        {
          value: raw,
          detail: `tên không hợp lệ: ${bad.join(', ')}`,
          detailEn: `invalid names: ${bad.join(', ')}`,
        },
        at,
      ),
    );
  }
  if (dup.length)
    problems.push(
      diag(
        'MC303',
        { value: raw, detail: `trùng: ${dup.join(', ')}`, detailEn: `duplicates: ${dup.join(', ')}` },
        at,
      ),
    );
  return { value: problems.length ? [...DEFAULT_OUTCOMES] : parts, problems };
}

export function readUserTask(el: El): Read<UserTaskExt> {
  const problems: Diagnostic[] = [];
  const at = { elementId: el.id as string };
  const role = str(el.role);
  if (!role) problems.push(diag('MC302', { name: label(el) }, at));
  const duration = readDuration(el, true);
  problems.push(...duration.problems);
  let warningAt = DEFAULT_WARNING_AT;
  const wRaw = str(el.warningAt);
  if (wRaw !== undefined) {
    const w = parseNumber(wRaw);
    if (w === undefined || w <= 0 || w >= 1)
      problems.push(diag('MC504', { value: wRaw, name: label(el) }, at));
    else warningAt = normaliseAmount(w);
  }
  const outcomes = readOutcomes(el);
  problems.push(...outcomes.problems);
  const value: UserTaskExt = { warningAt, outcomes: outcomes.value };
  if (role) value.role = role;
  const agency = str(el.agency);
  if (agency) value.agency = agency;
  if (duration.value) value.duration = duration.value;
  const esc = str(el.escalationRole);
  if (esc) value.escalationRole = esc;
  const form = str(el.form);
  if (form) value.form = form;
  return { value, problems };
}

export interface ServiceTaskExt {
  plugin?: string;
  input: Record<string, string>;
  resultVariable?: string;
}

export function readServiceTask(el: El): Read<ServiceTaskExt> {
  const problems: Diagnostic[] = [];
  const at = { elementId: el.id as string };
  const plugin = str(el.plugin);
  if (!plugin) problems.push(diag('MC304', { name: label(el) }, at));
  const input: Record<string, string> = {};
  const mappings = ((el.extensionElements?.values ?? []) as El[]).filter(
    (v) => v?.$type === 'motcua:InputMapping',
  );
  for (const m of mappings) {
    for (const i of (m.inputs ?? []) as El[]) {
      const target = str(i.target);
      const source = typeof i.source === 'string' ? normaliseFeel(i.source) : '';
      if (!target || source === '') {
        problems.push(
          diag(
            'MC310',
            {
              detail: `thiếu target hoặc source (target="${target ?? ''}")`,
              detailEn: `missing target or source (target="${target ?? ''}")`,
            },
            at,
          ),
        );
      } else if (target in input) {
        problems.push(
          diag(
            'MC310',
            { detail: `target "${target}" lặp lại`, detailEn: `target "${target}" repeated` },
            at,
          ),
        );
      } else input[target] = source;
    }
  }
  const value: ServiceTaskExt = { input };
  if (plugin) value.plugin = plugin;
  const rv = str(el.resultVariable);
  if (rv !== undefined) {
    if (VARIABLE_RE.test(rv)) value.resultVariable = rv;
    else {
      problems.push(
        diag(
          'MC316',
          {
            value: rv,
            attribute: 'motcua:resultVariable',
            detail: 'phải là tên biến (chữ, số, _)',
            detailEn: 'must be a variable name (letters, digits, _)',
          },
          at,
        ),
      );
    }
  }
  return { value, problems };
}

export interface CallActivityExt {
  procedure?: string;
  agency?: string;
  duration?: Duration;
}

export function readCallActivity(el: El): Read<CallActivityExt> {
  const problems: Diagnostic[] = [];
  // The standard calledElement is accepted when motcua:procedure is absent (tools such as Camunda fill it).
  const procedure = str(el.procedure) ?? str(el.calledElement);
  if (!procedure) problems.push(diag('MC305', { name: label(el) }, { elementId: el.id }));
  const duration = readDuration(el, false);
  problems.push(...duration.problems);
  const value: CallActivityExt = {};
  if (procedure) value.procedure = procedure;
  const agency = str(el.agency);
  if (agency) value.agency = agency;
  if (duration.value) value.duration = duration.value;
  return { value, problems };
}

export function readEndOutcome(el: El): Read<EndOutcome> {
  const raw = str(el.outcome);
  if (raw === undefined)
    return { value: 'returned', problems: [diag('MC306', { name: label(el) }, { elementId: el.id })] };
  if (!(END_OUTCOMES as readonly string[]).includes(raw)) {
    return { value: 'returned', problems: [diag('MC307', { value: raw }, { elementId: el.id })] };
  }
  return { value: raw as EndOutcome, problems: [] };
}

/** ISO 8601 durations in whole days or weeks (P3D, P2W) are read as calendar days; nothing else is guessed. */
function isoDays(s: string): number | undefined {
  const m = /^P(?:(\d+(?:[.,]\d+)?)W)?(?:(\d+(?:[.,]\d+)?)D)?$/.exec(s.trim().toUpperCase());
  if (!m || (!m[1] && !m[2])) return undefined;
  const w = m[1] ? Number(m[1].replace(',', '.')) : 0;
  const d = m[2] ? Number(m[2].replace(',', '.')) : 0;
  const total = w * 7 + d;
  return total > 0 ? total : undefined;
}

/**
 * The time of a timer event: motcua:slaFraction (boundary events only), motcua:duration, or an ISO 8601
 * timeDuration in days/weeks. Undefined when there is none (with the problem).
 */
export function readTimer(el: El, boundary: boolean): Read<TimerSpec | undefined> {
  const problems: Diagnostic[] = [];
  const at = { elementId: el.id as string };
  const name = label(el);
  const fractionRaw = str(el.slaFraction);
  const hasDuration = str(el.duration) !== undefined;
  if (fractionRaw !== undefined) {
    if (!boundary) {
      problems.push(
        diag(
          'MC311',
          {
            name,
            detail: 'motcua:slaFraction chỉ dùng cho sự kiện biên',
            detailEn: 'motcua:slaFraction is only for boundary events',
          },
          at,
        ),
      );
      return { value: undefined, problems };
    }
    if (hasDuration) {
      problems.push(
        diag(
          'MC311',
          {
            name,
            detail: 'chỉ đặt một trong motcua:slaFraction và motcua:duration',
            detailEn: 'set only one of motcua:slaFraction and motcua:duration',
          },
          at,
        ),
      );
      return { value: undefined, problems };
    }
    const f = parseNumber(fractionRaw);
    if (f === undefined || f <= 0 || f > 10) {
      problems.push(diag('MC313', { value: fractionRaw }, at));
      return { value: undefined, problems };
    }
    return { value: { slaFraction: normaliseAmount(f) }, problems };
  }
  if (hasDuration) {
    const d = readDuration(el, true);
    return { value: d.value ? { duration: d.value } : undefined, problems: d.problems };
  }
  const def = ((el.eventDefinitions ?? []) as El[]).find((d) => d?.$type === 'bpmn:TimerEventDefinition');
  if (def?.timeDate || def?.timeCycle) {
    problems.push(
      diag(
        'MC311',
        {
          name,
          detail: 'không hỗ trợ hẹn ngày cố định (timeDate) hay chu kỳ (timeCycle)',
          detailEn: 'fixed dates (timeDate) and cycles (timeCycle) are not supported',
        },
        at,
      ),
    );
    return { value: undefined, problems };
  }
  const iso = str(def?.timeDuration?.body);
  if (iso !== undefined) {
    const days = isoDays(iso);
    if (days === undefined) {
      problems.push(
        diag(
          'MC311',
          {
            name,
            detail: `thời hạn ISO "${iso}" chỉ được hiểu khi tính theo ngày/tuần (P3D, P2W)`,
            detailEn: `ISO duration "${iso}" is only understood in days/weeks (P3D, P2W)`,
          },
          at,
        ),
      );
      return { value: undefined, problems };
    }
    problems.push(diag('MC315', { value: iso, name, amount: days }, at));
    return { value: { duration: { amount: normaliseAmount(days), unit: 'calendar-day' } }, problems };
  }
  problems.push(diag('MC312', { name }, at));
  return { value: undefined, problems };
}

/** A flow's condition (FEEL, normalised) when it has a non-empty one. */
export function conditionOf(flow: El): string | undefined {
  const body = flow?.conditionExpression?.body;
  if (typeof body !== 'string') return undefined;
  const c = normaliseFeel(body);
  return c === '' ? undefined : c;
}

const FEEL_LANGUAGES = new Set([
  'feel',
  'http://www.omg.org/spec/feel/20140401',
  'https://www.omg.org/spec/dmn/20191111/feel',
]);
/** The declared expression language when it is not FEEL (absent = FEEL). */
export function foreignLanguage(flow: El): string | undefined {
  const lang = str(flow?.conditionExpression?.language);
  if (lang === undefined) return undefined;
  return FEEL_LANGUAGES.has(lang.toLowerCase()) ? undefined : lang;
}
