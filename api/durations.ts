/**
 * Changing step durations inside a model's source (steps.json or BPMN XML) without touching anything else, so a
 * duration editor's change is a small, reviewable diff that the compiler then checks like any other version.
 */
import type { Duration } from '../ir/index.js';

/** Returns the new source and the step ids it did not find. */
export function setStepDurations(
  kind: 'bpmn' | 'steps',
  source: string,
  durations: Record<string, Duration>,
  /** Step id → new warning threshold (fraction of the step's SLA, 0 < x < 1). */
  warnings: Record<string, number> = {},
): { source: string; missing: string[] } {
  const wanted = new Map<string, { duration?: Duration; warningAt?: number }>();
  for (const [id, d] of Object.entries(durations)) wanted.set(id, { duration: d });
  for (const [id, w] of Object.entries(warnings)) wanted.set(id, { ...wanted.get(id), warningAt: w });
  const found = new Set<string>();
  if (kind === 'steps') {
    const model = JSON.parse(source) as { steps?: unknown[] };
    const visit = (items: unknown[] | undefined) => {
      for (const item of items ?? []) {
        if (!item || typeof item !== 'object') continue;
        const o = item as Record<string, unknown>;
        const change = typeof o.id === 'string' && 'role' in o ? wanted.get(o.id) : undefined;
        if (change) {
          if (change.duration) o.duration = { ...change.duration };
          if (change.warningAt !== undefined) o.warningAt = change.warningAt;
          found.add(o.id as string);
        }
        const parallel = o.parallel as { branches?: unknown[][] } | undefined;
        for (const b of parallel?.branches ?? []) visit(b);
        const decision = o.decision as
          { branches?: Array<{ steps?: unknown[] }>; otherwise?: { steps?: unknown[] } } | undefined;
        for (const b of decision?.branches ?? []) visit(b.steps);
        visit(decision?.otherwise?.steps);
      }
    };
    visit(model.steps);
    return {
      source: JSON.stringify(model, null, 2) + '\n',
      missing: [...wanted.keys()].filter((k) => !found.has(k)),
    };
  }
  let xml = source;
  for (const [id, change] of wanted) {
    const esc = id.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    const tag = new RegExp(`<([A-Za-z][\\w.-]*:)?userTask\\b[^>]*?\\bid="${esc}"[^>]*>`);
    const m = tag.exec(xml);
    if (!m) continue;
    found.add(id);
    let start = m[0];
    const set = (attr: string, value: string) => {
      const re = new RegExp(`(\\s[\\w.-]+:${attr}|\\s${attr})="[^"]*"`);
      if (re.test(start)) start = start.replace(re, (_all, name: string) => `${name}="${value}"`);
      else
        start = start.replace(/\s*(\/?)>$/, (_all, slash: string) => ` motcua:${attr}="${value}"${slash}>`);
    };
    if (change.duration) {
      set('duration', String(change.duration.amount));
      set('durationUnit', change.duration.unit);
    }
    if (change.warningAt !== undefined) set('warningAt', String(change.warningAt));
    xml = xml.slice(0, m.index) + start + xml.slice(m.index + m[0].length);
  }
  return { source: xml, missing: [...wanted.keys()].filter((k) => !found.has(k)) };
}
