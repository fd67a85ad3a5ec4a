/**
 * The interpreter (engine) — public surface. The workflow and the tests use DossierEngine; the modules behind it
 * are its own (README.md of this folder maps them).
 */
export { DossierEngine, type EngineOptions } from './dossier-engine.js';
export { DEFAULT_ESCALATION_ROLE } from './escalations.js';
export { PATCHES } from './patches.js';
export { Rejection } from './rejection.js';
export type { ChildStarted, Effect, EngineState } from './state.js';
