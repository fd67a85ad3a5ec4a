/**
 * Calls into the interpreter workflow (start, updates, signals, the state query) with Temporal's failures mapped
 * to typed API errors: a rejected update is a 404 / 409 / 422 problem, an unreachable server a 503.
 */
import {
  ApplicationFailure,
  WorkflowExecutionAlreadyStartedError,
  WorkflowNotFoundError,
  WorkflowUpdateFailedError,
  type Client,
} from '@temporalio/client';
import { defineSearchAttributeKey, SearchAttributeType, type SearchAttributePair } from '@temporalio/common';
import { DOSSIER_WORKFLOW_TYPE, type LocalizedText } from '../ir/index.js';
import { ApiError, ConflictError, ServiceUnavailableError } from './errors.js';

/** ApplicationFailure types the interpreter's validators use (workflows/definitions.ts REJECTIONS). */
const REJECTION_STATUS: Record<string, number> = {
  'task-not-found': 404,
  'incident-not-found': 404,
  'not-assignee': 403,
  'unknown-outcome': 422,
  'invalid-form-data': 422,
  'invalid-argument': 422,
  'invalid-return-target': 422,
  'task-not-open': 409,
  'dossier-finished': 409,
  'dossier-paused': 409,
  'already-paused': 409,
  'already-apologized': 409,
  'apology-too-late': 409,
  'payment-already-requested': 409,
};

function splitMessage(message: string): LocalizedText {
  const i = message.indexOf(' / ');
  return i > 0 ? { vi: message.slice(0, i), en: message.slice(i + 3) } : { vi: message, en: message };
}

/** Maps a Temporal client failure to an ApiError (or returns undefined when it is not one of ours). */
export function temporalError(err: unknown): ApiError | undefined {
  if (err instanceof ApiError) return err;
  if (err instanceof WorkflowUpdateFailedError) {
    const cause = err.cause;
    if (cause instanceof ApplicationFailure) {
      const type = cause.type ?? 'rejected';
      const status = REJECTION_STATUS[type] ?? 409;
      const details = cause.details?.[0];
      return new ApiError(
        status,
        type,
        splitMessage(cause.message),
        undefined,
        details && typeof details === 'object' ? { details } : undefined,
      );
    }
    return new ConflictError('update-rejected', splitMessage(cause?.message ?? err.message));
  }
  if (err instanceof WorkflowNotFoundError) {
    return new ConflictError('workflow-not-running', {
      vi: 'Hồ sơ không còn đang xử lý (quy trình đã kết thúc)',
      en: 'The dossier is no longer being processed (its workflow has ended)',
    });
  }
  if (err instanceof WorkflowExecutionAlreadyStartedError) {
    return new ConflictError('workflow-exists', {
      vi: 'Quy trình của hồ sơ đã được khởi động',
      en: 'The dossier workflow is already started',
    });
  }
  const e = err as { name?: string; code?: number; message?: string };
  // gRPC UNAVAILABLE (14) / DEADLINE_EXCEEDED (4), connection failures.
  if (
    e.name === 'ServiceError' ||
    e.name === 'TransportError' ||
    e.name === 'ConnectionError' ||
    e.code === 14 ||
    e.code === 4
  ) {
    if (/already completed|workflow execution already completed/i.test(e.message ?? '')) {
      return temporalError(new WorkflowNotFoundError(e.message ?? '', '', undefined));
    }
    return new ServiceUnavailableError('temporal');
  }
  return undefined;
}

async function mapped<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    throw temporalError(err) ?? err;
  }
}

const SA = {
  code: defineSearchAttributeKey('McDossierCode', SearchAttributeType.KEYWORD),
  procedure: defineSearchAttributeKey('McProcedureCode', SearchAttributeType.KEYWORD),
  agency: defineSearchAttributeKey('McAgency', SearchAttributeType.KEYWORD),
  level: defineSearchAttributeKey('McLevel', SearchAttributeType.KEYWORD),
  sector: defineSearchAttributeKey('McSector', SearchAttributeType.KEYWORD),
  status: defineSearchAttributeKey('McStatus', SearchAttributeType.KEYWORD),
  dueAt: defineSearchAttributeKey('McDueAt', SearchAttributeType.DATETIME),
};

export interface StartInfo {
  workflowId: string;
  taskQueue: string;
  dossierCode: string;
  procedureCode: string;
  agencyCode: string;
  level: string;
  sector: string;
  dueAt: Date | null;
}

/** The search attributes a dossier workflow starts with (the workflow upserts them only when they change). */
export function startSearchAttributes(
  info: Pick<StartInfo, 'dossierCode' | 'procedureCode' | 'agencyCode' | 'level' | 'sector' | 'dueAt'>,
): SearchAttributePair[] {
  const searchAttributes: SearchAttributePair[] = [
    { key: SA.code, value: info.dossierCode },
    { key: SA.procedure, value: info.procedureCode },
    { key: SA.agency, value: info.agencyCode },
    { key: SA.level, value: info.level },
    { key: SA.sector, value: info.sector.slice(0, 200) },
    { key: SA.status, value: 'accepted' },
  ];
  if (info.dueAt) searchAttributes.push({ key: SA.dueAt, value: info.dueAt });
  return searchAttributes;
}

export function createWorkflowGateway(client: Client) {
  return {
    async start(info: StartInfo, input: unknown): Promise<string> {
      const searchAttributes = startSearchAttributes(info);
      return mapped(async () => {
        const handle = await client.workflow.start(DOSSIER_WORKFLOW_TYPE, {
          taskQueue: info.taskQueue,
          workflowId: info.workflowId,
          args: [input],
          typedSearchAttributes: searchAttributes,
        });
        return handle.firstExecutionRunId;
      });
    },
    update<T = unknown>(workflowId: string, name: string, arg: unknown): Promise<T> {
      return mapped(() =>
        client.workflow.getHandle(workflowId).executeUpdate<T, [unknown]>(name, { args: [arg] }),
      );
    },
    signal(workflowId: string, name: string, arg: unknown): Promise<void> {
      return mapped(() => client.workflow.getHandle(workflowId).signal<[unknown]>(name, arg));
    },
    query<T = unknown>(workflowId: string, name = 'dossierState'): Promise<T> {
      return mapped(() => client.workflow.getHandle(workflowId).query<T>(name));
    },
    async terminate(workflowId: string, reason: string): Promise<void> {
      await client.workflow
        .getHandle(workflowId)
        .terminate(reason)
        .catch(() => undefined);
    },
  };
}
export type WorkflowGateway = ReturnType<typeof createWorkflowGateway>;
