/**
 * The procedure compiler: procedure.json + a BPMN model (or a JSON step list) → validated, canonical, hashed IR.
 * Never throws on bad input: every problem is a Diagnostic with a stable code (docs/models.md).
 */
import type { CompilerRegistry } from './checks.js';
import { compileParts, NO_METADATA, type CompileResult, type ModelSource } from './compile.js';
import type { Limits } from './limits.js';

export type { CompilerRegistry, DraftIr } from './checks.js';
export type { CompileResult, ModelSource } from './compile.js';
export type { Diagnostic, DiagnosticCode, Severity } from './diagnostics.js';
export { CODES, hasErrors, sortDiagnostics } from './diagnostics.js';
export type { Limits } from './limits.js';
export { defaultLimits } from './limits.js';
export { canonicalJson, hashIr } from './canonical.js';
export {
  compileFolder,
  compilePath,
  findProcedureFolders,
  loadProcedureFolder,
  PROCEDURE_FILE,
} from './folder.js';
export {
  defaultRegistry,
  loadRegistry,
  readAgencyCodes,
  DEFAULT_AGENCY_TREE_FILE,
  DEFAULT_AGENCIES,
  DEFAULT_PLUGINS,
  SAMPLE_PROCEDURES,
  type PluginSpec,
  type RegistryExtra,
} from './registry.js';
export { motcuaModdleDescriptor, MOTCUA_URI } from './bpmn/moddle.js';
export { motcuaRules } from './lint/rules.js';
export { BUILTIN_RULES } from './lint/linter.js';
export { schemaDir } from './schemas.js';
export { MAX_PROBLEM_SITES } from './bpmn/scan.js';
import { scan } from './bpmn/scan.js';
import type { Diagnostic } from './diagnostics.js';

/**
 * How many places in the XML bpmn-moddle would stop at (unknown or misplaced elements, stray text, duplicate ids,
 * malformed attributes), counted in one linear pass; more than MAX_PROBLEM_SITES and the compiler refuses the file
 * (MC021). Exposed for tools and tests.
 */
export function countXmlProblemSites(xml: string): number {
  return preScanXml(xml).problems;
}

/**
 * The pre-scan's verdict without limits: the problem sites it counted, and the diagnostic that refuses the file
 * outright (wrong root element, not XML...) — a refused file never reaches bpmn-moddle.
 */
export function preScanXml(xml: string): { problems: number; refusal?: Diagnostic } {
  const r = scan(xml, { maxBytes: Infinity, maxElements: Infinity, maxNodes: Infinity }, Infinity);
  return r.diagnostics[0] ? { problems: r.problems, refusal: r.diagnostics[0] } : { problems: r.problems };
}

/** Compile one procedure version. `ok` is false iff there is at least one error; `hash`/`compiled` only when ok. */
export async function compileProcedure(input: {
  metadata: unknown;
  model: ModelSource;
  /** Absent: reference checks (roles, agencies, plugins, called procedures) are skipped. */
  registry?: CompilerRegistry;
  limits?: Partial<Limits>;
}): Promise<CompileResult> {
  return (await compileParts(input)).result;
}

/**
 * Check a model without procedure.json (e.g. a draft in the modeler): the same diagnostics except the
 * legal-duration checks; never a hash, since the IR needs the metadata.
 */
export async function compileModel(input: {
  model: ModelSource;
  registry?: CompilerRegistry;
  limits?: Partial<Limits>;
}): Promise<CompileResult> {
  const r = (await compileParts({ ...input, metadata: NO_METADATA })).result;
  return { ...r, diagnostics: r.diagnostics.filter((d) => d.code !== 'MC017') };
}
