/**
 * The plugin host: runs one plugin attempt inside a Temporal activity. Input and output are checked against the
 * plugin's schemas (a mismatch fails at once: retrying cannot fix it); the plugin's timeout aborts its signal;
 * a PluginError with retryable=false skips the remaining attempts. Temporal retries the rest with the plugin's
 * retry policy; the workflow turns the final failure into an incident on the dossier.
 */
import { Context } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import { PluginError, type PluginRegistry } from '../plugins/index.js';
import type { RunPluginInput } from '../workflows/index.js';

export async function runPluginAttempt(registry: PluginRegistry, req: RunPluginInput): Promise<unknown> {
  const entry = registry.get(req.type);
  if (!entry) {
    throw ApplicationFailure.nonRetryable(
      `trình cắm "${req.type}" chưa được đăng ký / plugin "${req.type}" is not registered`,
      'plugin-unknown',
    );
  }
  const inputProblems = entry.checkInput(req.input);
  if (inputProblems.length > 0) {
    throw ApplicationFailure.nonRetryable(
      `đầu vào không hợp lệ / invalid input: ${inputProblems.join('; ')}`,
      'plugin-invalid-input',
    );
  }
  let attempt = 1;
  let activitySignal: AbortSignal | undefined;
  try {
    const ctx = Context.current();
    attempt = ctx.info.attempt;
    activitySignal = ctx.cancellationSignal;
  } catch {
    // Called outside an activity (unit tests): first attempt, no cancellation.
  }
  const timeout = AbortSignal.timeout(entry.timeoutMs);
  const signal = activitySignal ? AbortSignal.any([timeout, activitySignal]) : timeout;
  let output: unknown;
  try {
    output = await entry.plugin.run(req.input, {
      dossierId: req.dossierId,
      dossierCode: req.dossierCode,
      workflowId: req.workflowId,
      nodeId: req.nodeId,
      attempt,
      idempotencyKey: req.idempotencyKey,
      signal,
    });
  } catch (err) {
    const message = (err as Error)?.message ?? String(err);
    if (err instanceof PluginError && !err.retryable)
      throw ApplicationFailure.nonRetryable(message, 'plugin-failed');
    throw ApplicationFailure.retryable(message, 'plugin-failed');
  }
  const outputProblems = entry.checkOutput(output);
  if (outputProblems.length > 0) {
    throw ApplicationFailure.nonRetryable(
      `kết quả không hợp lệ / invalid output: ${outputProblems.join('; ')}`,
      'plugin-invalid-output',
    );
  }
  return output ?? null;
}
