/**
 * Patch ids (documented in workflows/README.md). Each gates a command-level change so recorded histories of
 * dossiers that ran before it keep replaying on the old branch: the engine asks `s.patched(id)`, the workflow
 * answers with `wf.patched(id)` (and asks itself for the ones of its own, like search attributes).
 */
export const PATCHES = {
  /** A child dossier that starts while its parent is paused is paused at once (signal on call-started). */
  pauseChildOnStart: 'pause-child-on-start',
  /** A receipt number signalled again (the API re-signals a retried receipt) is not counted twice. */
  paymentReceiptOnce: 'payment-receipt-once',
  /**
   * Search attributes are upserted when the dossier's status, overdue or incident flag changes, no longer at every
   * step (McCurrentSteps and McStepDueAt stay as the dossier started; supervision reads steps from PostgreSQL), and
   * a flag still false is not written: one history event less per step.
   */
  fewerSearchAttributes: 'fewer-search-attributes',
  /**
   * A resumed pause moves each deadline on its owner agency's calendar: one shift request per agency. Before, one
   * request on the lead agency's calendar; a replayed history must ask the same calendar requests, or the keys of
   * every later request (and the answers recorded for them) would no longer match.
   */
  shiftPerAgency: 'shift-per-agency',
} as const;
