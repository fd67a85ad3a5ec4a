/** Compiling drafts in the API: the compiler with a registry of the agencies and procedures in the database. */
import type { Knex } from 'knex';
import { compileProcedure, defaultRegistry, type CompileResult, type Diagnostic } from '../compiler/index.js';
import { installedPlugins } from '../plugins/index.js';

export interface DiagnosticView {
  severity: string;
  code: string;
  message: { vi: string; en: string };
  elementId?: string;
  path?: string;
  fix?: { vi: string; en?: string };
}

export function diagnosticView(d: Diagnostic): DiagnosticView {
  return {
    severity: d.severity,
    code: d.code,
    message: { vi: d.message, en: d.messageEn },
    ...(d.elementId ? { elementId: d.elementId } : {}),
    ...(d.path ? { path: d.path } : {}),
    ...(d.fix ? { fix: d.fix } : {}),
  };
}

export function createCompileService(knex: Knex) {
  let cached: { at: number; registry: ReturnType<typeof defaultRegistry> } | undefined;
  const registry = async () => {
    if (cached && Date.now() - cached.at < 30_000) return cached.registry;
    const [agencies, procedures] = await Promise.all([
      knex('agencies').pluck('code') as Promise<string[]>,
      knex('procedures').distinct('code').pluck('code') as Promise<string[]>,
    ]);
    const r = defaultRegistry({
      agencies,
      procedures,
      plugins: installedPlugins.map(
        (p) =>
          [p.type, { inputSchema: p.inputSchema, outputSchema: p.outputSchema }] as [
            string,
            { inputSchema: object; outputSchema?: object },
          ],
      ),
    });
    cached = { at: Date.now(), registry: r };
    return r;
  };
  return {
    async compile(
      metadata: unknown,
      modelKind: 'bpmn' | 'steps',
      modelSource: string,
    ): Promise<CompileResult> {
      let model: { kind: 'bpmn'; xml: string } | { kind: 'steps'; steps: unknown };
      if (modelKind === 'bpmn') model = { kind: 'bpmn', xml: modelSource };
      else {
        try {
          model = { kind: 'steps', steps: JSON.parse(modelSource) };
        } catch (err) {
          return {
            ok: false,
            diagnostics: [
              {
                severity: 'error',
                code: 'JSON',
                message: `steps.json không phải JSON hợp lệ: ${(err as Error).message}`,
                messageEn: `steps.json is not valid JSON: ${(err as Error).message}`,
              } as Diagnostic,
            ],
          };
        }
      }
      return compileProcedure({ metadata, model, registry: await registry() });
    },
    invalidate() {
      cached = undefined;
    },
  };
}
export type CompileService = ReturnType<typeof createCompileService>;
