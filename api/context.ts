/** What every router needs, built once by createApp. */
import type { Request } from 'express';
import type { Knex } from 'knex';
import type { Logger } from 'pino';
import type { Config } from '../config/index.js';
import { writeAudit, type AuditEntry, type Db } from '../store/index.js';
import type { AppointmentService } from './appointment.js';
import type { AuthService } from './auth.js';
import type { Changes } from './changes.js';
import type { CompileService } from './compile.js';
import type { DossierWriter } from './dossier-writer.js';
import type { UploadLimits } from './multipart.js';
import type { ObjectStore } from './object-store.js';
import type { PublishedCache } from './published.js';
import type { RateLimiter } from './rate-limit.js';
import type { WorkflowGateway } from './workflow-client.js';

export interface ApiContext {
  config: Config;
  knex: Knex;
  logger: Logger;
  workflows: WorkflowGateway;
  objects: ObjectStore;
  appointments: AppointmentService;
  published: PublishedCache;
  /** Dossier rows of concurrent filings, written in batches. */
  dossierWriter: DossierWriter;
  compiler: CompileService;
  auth: AuthService;
  /** Announces changes that make cached copies stale, in this process and every other API process. */
  changes: Changes;
  uploadLimits: UploadLimits;
  taskQueue: string;
  limiters: {
    signIn: RateLimiter;
    signInAddress: RateLimiter;
    publicLookup: RateLimiter;
    publicLookupCode: RateLimiter;
    publicIntake: RateLimiter;
  };
}

export function requestId(req: Request): string | undefined {
  return (req as { id?: string | number }).id?.toString();
}

/** Appends one audit entry for a state-changing call, attributed to the caller and the request. */
export async function audit(
  knex: Db,
  req: Request,
  entry: Omit<AuditEntry, 'actor' | 'requestId'> & { actor?: string },
): Promise<void> {
  await writeAudit({
    knex,
    entries: [
      {
        ...entry,
        actor: entry.actor ?? req.principal?.username ?? 'anonymous',
        requestId: requestId(req) ?? null,
      },
    ],
  });
}
