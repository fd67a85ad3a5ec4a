/**
 * A seeded random sample of the catalog for the catalog-run test: the seed comes from MOTCUA_SAMPLE_SEED or is
 * drawn at random (and printed), so each run tries other procedures and a failing run can be repeated exactly.
 */
import type { ProcedureIr } from '../../../ir/index.js';

/** mulberry32: a small, well-mixed 32-bit generator (good enough to pick a sample). */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function sampleSeed(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env.MOTCUA_SAMPLE_SEED;
  if (raw !== undefined && raw !== '') {
    const n = Number(raw);
    if (!Number.isInteger(n))
      throw new Error(`MOTCUA_SAMPLE_SEED=${raw} phải là số nguyên / must be an integer`);
    return n >>> 0;
  }
  return Math.floor(Math.random() * 2 ** 32);
}

/** `count` distinct items drawn from `items` (partial Fisher–Yates). */
export function pick<T>(items: readonly T[], count: number, random: () => number): T[] {
  const copy = [...items];
  const n = Math.min(count, copy.length);
  for (let i = 0; i < n; i++) {
    const j = i + Math.floor(random() * (copy.length - i));
    [copy[i], copy[j]] = [copy[j]!, copy[i]!];
  }
  return copy.slice(0, n);
}

export interface SampleCandidate {
  key: string;
  modelKind: 'bpmn' | 'steps';
  hasCall: boolean;
}

export function hasCallActivity(ir: ProcedureIr): boolean {
  return ir.nodes.some((n) => n.kind === 'callActivity');
}

/**
 * The sample: one procedure with a call activity, `bpmn` other BPMN ones and the rest steps.json ones (fewer when
 * the catalog has fewer), in a random order.
 */
export function drawSample<T extends SampleCandidate>(
  candidates: readonly T[],
  opts: { size: number; bpmn: number },
  random: () => number,
): T[] {
  const sorted = [...candidates].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  const calling = pick(
    sorted.filter((c) => c.hasCall),
    1,
    random,
  );
  const bpmn = pick(
    sorted.filter((c) => c.modelKind === 'bpmn' && !calling.includes(c)),
    opts.bpmn,
    random,
  );
  const steps = pick(
    sorted.filter((c) => c.modelKind === 'steps' && !calling.includes(c)),
    opts.size - calling.length - bpmn.length,
    random,
  );
  return pick([...calling, ...bpmn, ...steps], opts.size, random);
}
