/**
 * The dossier service API (express): intake, inboxes and task actions, procedures, accounts, public lookup,
 * statistics. `createApp` builds the app; the lead's server mounts it (and serves the console beside it).
 */
export { createApp, createContext, type AppOptions, type HealthReport, type ComponentName } from './app.js';
export { seedAdmin, hashPassword, STAFF_ROLES, type Principal } from './auth.js';
export { ApiError, type ProblemDocument, type FieldProblem } from './errors.js';
export { DEFAULT_UPLOAD_LIMITS, type UploadLimits } from './multipart.js';
export { bilingualText } from './views.js';
export { runApiProcess, WORKER_ALIVE_SECONDS, type ApiProcess } from './process.js';
export { startSearchAttributes } from './workflow-client.js';
