/** Shared fixtures for the console's unit tests: the modeler template compiled by the real compiler. */
import fs from 'node:fs';
import path from 'node:path';
import { repoRoot } from '../../config/index.js';
import { compileProcedure, defaultRegistry } from '../../compiler/index.js';
import type { ProcedureIr, ProcedureMetadata } from '../../ir/index.js';
import { newProcedureMetadata } from '../../modeler/src/lib/index.js';

export const templatePath = path.join(
  repoRoot,
  'modeler',
  'templates',
  'receive-appraise-approve-return.bpmn',
);
export const templateXml = (): string => fs.readFileSync(templatePath, 'utf8');

/** The new-procedure metadata with the fields a person fills in. */
export function sampleMetadata(): ProcedureMetadata {
  return {
    ...newProcedureMetadata(),
    code: 'T.000001',
    names: { vi: 'Cấp giấy phép thử nghiệm', en: 'Trial permit' },
    sector: 'Đất đai',
    agency: 'STNMT',
    result: { vi: 'Giấy phép' },
  };
}

/** The compiler's moddle descriptor read from its file (moddle rewrites the object it is given, so never share one). */
export function freshDescriptor(): Record<string, unknown> {
  return JSON.parse(
    fs.readFileSync(path.join(repoRoot, 'compiler', 'moddle', 'motcua.json'), 'utf8'),
  ) as Record<string, unknown>;
}

export async function compileXml(
  xml: string,
  metadata: ProcedureMetadata = sampleMetadata(),
): Promise<ProcedureIr> {
  const r = await compileProcedure({ metadata, model: { kind: 'bpmn', xml }, registry: defaultRegistry() });
  if (!r.ok || !r.compiled) throw new Error(`compile failed: ${JSON.stringify(r.diagnostics)}`);
  return r.compiled.ir;
}
