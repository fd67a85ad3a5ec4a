/** The compile pipeline shared by every entry point: metadata + model → diagnostics, IR and hash. */
import type { ProcedureIr, ProcedureMetadata } from '../ir/index.js';
import { buildFromBpmn } from './bpmn/front.js';
import { hashIr } from './canonical.js';
import { checkIr, type CompilerRegistry, type DraftIr } from './checks.js';
import { diag, hasErrors, sortDiagnostics, type Diagnostic } from './diagnostics.js';
import { resolveLimits, type Limits } from './limits.js';
import { checkMetadata, irProcedure } from './metadata.js';
import { getValidators, schemaProblems } from './schemas.js';
import { buildFromSteps } from './steps.js';
import type { CompiledProcedure } from '../ir/index.js';

export type ModelSource = { kind: 'bpmn'; xml: string } | { kind: 'steps'; steps: unknown };

export interface CompileResult {
  ok: boolean;
  hash?: string;
  compiled?: CompiledProcedure;
  diagnostics: Diagnostic[];
}

export interface CompileInput {
  metadata: unknown;
  model: ModelSource;
  registry?: CompilerRegistry;
  limits?: Partial<Limits>;
}

/** Diagnostics split by the file they belong to, so folder compiles can name procedure.json or the model. */
export interface CompileParts {
  result: CompileResult;
  metadataDiagnostics: Diagnostic[];
  modelDiagnostics: Diagnostic[];
}

export const NO_METADATA = Symbol('no metadata');

const key = (d: Diagnostic): string => `${d.code}|${d.elementId ?? ''}|${d.message}`;

export async function compileParts(
  input: CompileInput | (Omit<CompileInput, 'metadata'> & { metadata: typeof NO_METADATA }),
): Promise<CompileParts> {
  const metadataDiagnostics: Diagnostic[] = [];
  const modelDiagnostics: Diagnostic[] = [];
  try {
    let metadata: ProcedureMetadata | undefined;
    if (input.metadata !== NO_METADATA) {
      const m = checkMetadata(input.metadata);
      metadataDiagnostics.push(...m.diagnostics);
      metadata = m.metadata;
    } else modelDiagnostics.push(diag('MC017'));

    let draft: DraftIr | undefined;
    let paths: Map<string, string> | undefined;
    if (input.model.kind === 'steps') {
      const r = buildFromSteps(input.model.steps);
      modelDiagnostics.push(...r.diagnostics);
      if ('nodes' in r) {
        draft = { startNode: r.startNode, nodes: r.nodes, flows: r.flows };
        paths = r.paths;
      }
    } else if (input.model.kind === 'bpmn' && typeof input.model.xml === 'string') {
      const r = await buildFromBpmn(input.model.xml, resolveLimits(input.limits));
      modelDiagnostics.push(...r.diagnostics);
      if (r.build) draft = { startNode: r.build.startNode, nodes: r.build.nodes, flows: r.build.flows };
    } else {
      modelDiagnostics.push(diag('MC013', { file: String((input.model as { kind?: unknown }).kind) }));
    }

    if (draft) {
      if (metadata) draft.procedure = irProcedure(metadata);
      const checks = checkIr(draft, input.registry, metadata);
      const known = new Set(modelDiagnostics.map(key));
      for (const d of checks.model) {
        if (known.has(key(d))) continue;
        const p = d.elementId !== undefined ? paths?.get(d.elementId) : undefined;
        if (p !== undefined && d.path === undefined) d.path = p;
        modelDiagnostics.push(d);
      }
      metadataDiagnostics.push(...checks.metadata);
    }

    const all = [...metadataDiagnostics, ...modelDiagnostics];
    const result: CompileResult = { ok: !hasErrors(all), diagnostics: sortDiagnostics(all) };
    if (result.ok && draft && draft.procedure) {
      const ir: ProcedureIr = {
        irVersion: 1,
        procedure: draft.procedure,
        startNode: draft.startNode,
        nodes: draft.nodes,
        flows: draft.flows,
      };
      // The IR schema is the contract with the interpreter: an IR that fails it is a compiler bug, never shipped.
      const problems = schemaProblems(getValidators().ir, ir, 3);
      if (problems.length) {
        const d = diag('MC900', { detail: `IR ${problems.map((p) => `${p.path}: ${p.en}`).join('; ')}` });
        modelDiagnostics.push(d);
        return {
          result: { ok: false, diagnostics: sortDiagnostics([...all, d]) },
          metadataDiagnostics,
          modelDiagnostics,
        };
      }
      const hash = hashIr(ir);
      result.hash = hash;
      result.compiled = { hash, ir };
    }
    return { result, metadataDiagnostics, modelDiagnostics };
  } catch (e) {
    // Never throw at the caller: an unexpected exception is a compiler bug reported as a diagnostic.
    const d = diag('MC900', { detail: e instanceof Error ? e.message : String(e) });
    modelDiagnostics.push(d);
    return {
      result: { ok: false, diagnostics: sortDiagnostics([...metadataDiagnostics, ...modelDiagnostics]) },
      metadataDiagnostics,
      modelDiagnostics,
    };
  }
}
