/** Bounds on what the compiler accepts, so hostile or runaway input is rejected in bounded time and memory. */
export interface Limits {
  /** Largest model file, in bytes (default 5 MB; env MOTCUA_MAX_MODEL_BYTES). */
  maxBytes: number;
  /** Most XML elements in a BPMN file, diagram elements included (default 20,000; env MOTCUA_MAX_MODEL_ELEMENTS). */
  maxElements: number;
  /** Most flow elements (nodes and flows) in the process that runs (default 5,000). */
  maxNodes: number;
}

function envInt(name: string, fallback: number): number {
  const raw = process.env[name];
  const n = raw === undefined || raw === '' ? NaN : Number(raw);
  return Number.isInteger(n) && n > 0 ? n : fallback;
}

export function defaultLimits(): Limits {
  return {
    maxBytes: envInt('MOTCUA_MAX_MODEL_BYTES', 5 * 1024 * 1024),
    maxElements: envInt('MOTCUA_MAX_MODEL_ELEMENTS', 20_000),
    maxNodes: envInt('MOTCUA_MAX_MODEL_NODES', 5_000),
  };
}

export function resolveLimits(partial?: Partial<Limits>): Limits {
  return { ...defaultLimits(), ...(partial ?? {}) };
}
