/**
 * procedure.json: schema validation (ajv) plus the checks a schema cannot express, and the IR's procedure part.
 */
import type { IrProcedure, ProcedureMetadata } from '../ir/index.js';
import { diag, pointer, type Diagnostic } from './diagnostics.js';
import { getValidators, schemaProblems } from './schemas.js';
import { normaliseDuration, normaliseText } from './normalise.js';

export const DEFAULT_PAPER_CUTOFF = '15:00';

function realDate(s: string): boolean {
  const [y, m, d] = s.split('-').map(Number) as [number, number, number];
  const dt = new Date(Date.UTC(y, m - 1, d));
  return dt.getUTCFullYear() === y && dt.getUTCMonth() === m - 1 && dt.getUTCDate() === d;
}

/** Returns the metadata when it is valid (no errors), with every problem as a diagnostic. */
export function checkMetadata(metadata: unknown): {
  metadata?: ProcedureMetadata;
  diagnostics: Diagnostic[];
} {
  const diagnostics: Diagnostic[] = [];
  for (const p of schemaProblems(getValidators().procedure, metadata)) {
    diagnostics.push(diag('MC101', { at: p.path || '/', detail: p.vi, detailEn: p.en }, { path: p.path }));
  }
  if (diagnostics.length) return { diagnostics };
  const m = metadata as ProcedureMetadata;
  const componentIds = new Set<string>();
  m.components.forEach((c, i) => {
    if (componentIds.has(c.id))
      diagnostics.push(diag('MC102', { id: c.id }, { path: pointer('components', i, 'id') }));
    componentIds.add(c.id);
  });
  const channels = new Set<string>();
  m.channels.forEach((c, i) => {
    if (channels.has(c.channel))
      diagnostics.push(diag('MC103', { channel: c.channel }, { path: pointer('channels', i, 'channel') }));
    channels.add(c.channel);
  });
  for (const field of ['validFrom', 'validTo'] as const) {
    const v = m[field];
    if (v !== undefined && !realDate(v))
      diagnostics.push(diag('MC105', { value: v }, { path: pointer(field) }));
  }
  if (m.validFrom && m.validTo && m.validTo < m.validFrom) {
    diagnostics.push(
      diag('MC104', { validFrom: m.validFrom, validTo: m.validTo }, { path: pointer('validTo') }),
    );
  }
  return diagnostics.length ? { diagnostics } : { metadata: m, diagnostics };
}

/** The part of procedure.json the interpreter needs, with defaults filled in. */
export function irProcedure(m: ProcedureMetadata): IrProcedure {
  const participants: string[] = [];
  for (const p of m.participants ?? []) if (!participants.includes(p)) participants.push(p);
  return {
    code: m.code,
    names: normaliseText(m.names),
    level: m.level,
    sector: m.sector.trim(),
    agency: m.agency,
    channels: m.channels.map((c) => ({ channel: c.channel, duration: normaliseDuration(c.duration) })),
    cutoff: { paper: m.cutoff?.paper ?? DEFAULT_PAPER_CUTOFF, online: m.cutoff?.online ?? 'next-session' },
    participants,
  };
}
