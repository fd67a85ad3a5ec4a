/**
 * Database operations of the service API, one per file, each taking `{ knex, ... }` (a knex instance or a
 * transaction). Row types mirror the columns.
 */
export type * from './types.js';
export { inTransaction } from './transaction.js';
export { upsertAgencies, type AgencyInput } from './upsert-agencies.js';
export { publishProcedures, type PublishEntry } from './publish-procedures.js';
export { nextDossierCode, nextDossierCodes, dossierDay } from './next-dossier-code.js';
export {
  insertDossier,
  insertDossiers,
  insertDocuments,
  type DossierInsert,
  type InsertedDossier,
  type NewDossier,
  type NewDocument,
} from './insert-dossier.js';
export { deleteUnstartedDossier } from './delete-dossier.js';
export { existingWorkflowIds } from './existing-workflow-ids.js';
export { getDossierByCode, getDossierById } from './get-dossier.js';
export { findIdempotencyKey } from './find-idempotency-key.js';
export { getAgency, listAgencies } from './get-agency.js';
export { listProcedures, type ProcedureListFilter, type ProcedureListItem } from './list-procedures.js';
export {
  getProceduresByCode,
  getProcedureById,
  getLatestPublishedVersion,
  getProcedureVersion,
  getProcedureVersionById,
  listProcedureVersions,
} from './get-procedure.js';
export { listTasks, getTask, type TaskFilter, type TaskListItem } from './tasks.js';
export { listDossierEvents, listDossierTasks, listDocuments, getDocument } from './dossier-details.js';
export {
  getUserByUsername,
  getUserById,
  listUsers,
  createUser,
  setUserRoles,
  updateUser,
  type UserWithRoles,
  type NewUser,
} from './users.js';
export { writeAudit, listAudit, type AuditEntry } from './audit.js';
export { listDossiers, type DossierFilter } from './list-dossiers.js';
export { seedAdmin, hashPassword, verifyPassword } from './seed-admin.js';
export {
  insertFeePayment,
  getFeePayment,
  listFeePayments,
  insertRating,
  getRating,
  deleteDocuments,
} from './fees-ratings.js';
export {
  createDraftVersion,
  updateDraftVersion,
  deleteDraftVersion,
  publishDraftVersion,
  setProcedureStatus,
} from './procedure-drafts.js';
export {
  dossierStatistics,
  staffStatistics,
  emptyDossierStats,
  sumDossierStats,
  type StatsGroup,
  type StatsFilter,
  type DossierStatsRow,
  type StaffStatsRow,
} from './statistics.js';
export {
  DEFAULT_SUPERVISION_SETTINGS,
  getSupervisionSettings,
  setSupervisionSettings,
  listOpenIncidents,
  listIdleCandidates,
  recordFindings,
  listFindings,
  lastScanAt,
  markScanned,
  listDeadlineDossiers,
  saveReportSnapshot,
  listReportSnapshots,
  listRunningWorkflows,
  getProbeCursor,
  setProbeCursor,
  type RunningWorkflow,
  type SupervisionSettings,
  type OpenIncidentItem,
  type IdleCandidate,
  type Finding,
  type FindingRow,
  type DeadlineItem,
  type ReportSnapshotRow,
} from './supervision.js';
export {
  listDossierIncidents,
  listDossierPauses,
  listDossierEscalations,
  listDossierAudit,
  stepTiming,
  type StepTiming,
  type IncidentRow as DossierIncidentRow,
  type PauseRow as DossierPauseRow,
  type EscalationRow as DossierEscalationRow,
} from './inspection.js';
export { beatWorker, removeWorkerHeartbeat, liveWorkers, type WorkerHeartbeat } from './worker-heartbeats.js';
export {
  hitRateLimit,
  peekRateLimit,
  resetRateLimit,
  sweepRateLimits,
  type RateWindow,
} from './rate-limits.js';
export { notify, listen, type Listener } from './notifications.js';
export {
  claimTaskRow,
  reassignTaskRow,
  type AssignmentResult,
  type AssignmentRefusal,
} from './task-assignments.js';
