/**
 * Patch ids (documented in workflows/README.md). Each gates a command-level change so recorded histories of
 * dossiers that ran before it keep replaying on the old branch: the engine asks `s.patched(id)`, the workflow
 * answers with `wf.patched(id)`.
 */
export const PATCHES = {
  /** A child dossier that starts while its parent is paused is paused at once (signal on call-started). */
  pauseChildOnStart: 'pause-child-on-start',
  /** A receipt number signalled again (the API re-signals a retried receipt) is not counted twice. */
  paymentReceiptOnce: 'payment-receipt-once',
} as const;
