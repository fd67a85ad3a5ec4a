/** Asks Temporal whether a dossier workflow's workflow task keeps failing, and why (the last failure message). */
import type { Client } from '@temporalio/client';

export interface WorkflowTaskFailure {
  attempt: number;
  message: string;
  since: Date | null;
}

export async function describeWorkflowTaskFailure(
  client: Client,
  workflowId: string,
): Promise<WorkflowTaskFailure | undefined> {
  const handle = client.workflow.getHandle(workflowId);
  const desc = await handle.describe();
  const pending = desc.raw.pendingWorkflowTask;
  const attempt = Number(pending?.attempt ?? 0);
  if (!pending || attempt < 2) return undefined;
  let message = 'không rõ / unknown';
  let since: Date | null = null;
  const history = await handle.fetchHistory();
  for (const e of history.events ?? []) {
    const f = e.workflowTaskFailedEventAttributes;
    if (!f) continue;
    message = f.failure?.message ?? String(f.cause ?? message);
    if (!since && e.eventTime?.seconds != null) since = new Date(Number(e.eventTime.seconds) * 1000);
  }
  return { attempt, message, since };
}
