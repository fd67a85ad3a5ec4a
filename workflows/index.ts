/**
 * Workflow entry point (the worker's workflowsPath is dist/workflows/index.js): the interpreter workflow and the
 * definitions callers use to talk to it. Only `@temporalio/workflow` and pure modules are imported below.
 */
export { dossierWorkflow } from './dossier-workflow.js';
export * from './definitions.js';
export type * from './activity-contract.js';
export {
  supervisionStuckScanWorkflow,
  supervisionReportWorkflow,
  type StuckScanInput,
  type StuckScanResult,
  type ReportSnapshotInput,
  type ReportSnapshotResult,
  type SupervisionActivities,
} from './supervision-scan.js';
