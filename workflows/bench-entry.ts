/** Workflow bundle entry of bench/interpreter: the interpreter and its hand-written counterpart side by side. */
export { dossierWorkflow } from './dossier-workflow.js';
export { handwrittenSixStep } from './bench-handwritten.js';
