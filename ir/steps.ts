/**
 * The JSON step-list form of a procedure model (steps.json), for simple linear procedures. It compiles to the same
 * IR as BPMN: start → steps in order → end event with outcome 'returned'.
 */
import type { Duration, EndOutcome, LocalizedText } from './index.js';

export interface Step {
  id: string;
  name: LocalizedText;
  role: string;
  /** Agency code; absent = the procedure's agency. */
  agency?: string;
  duration: Duration;
  warningAt?: number;
  escalationRole?: string;
  /** Allowed outcomes (default ["done"]). */
  outcomes?: string[];
  form?: string;
}

/** Branches run in parallel and join before the next item. */
export interface ParallelGroup {
  parallel: { id: string; name?: LocalizedText; branches: Step[][] };
}

/**
 * One exclusive decision over the previous step's outcome or data (FEEL). A branch runs its steps, then either
 * ends the dossier with `end` or rejoins and continues with the next item. At most one decision per model.
 */
export interface Decision {
  decision: {
    id: string;
    name?: LocalizedText;
    branches: Array<{ id?: string; when: string; steps?: Step[]; end?: EndOutcome }>;
    otherwise?: { steps?: Step[]; end?: EndOutcome };
  };
}

export type StepItem = Step | ParallelGroup | Decision;

export interface StepListModel {
  steps: StepItem[];
}
