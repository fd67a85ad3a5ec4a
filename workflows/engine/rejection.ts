/**
 * Rejected human operations. A validator throws a Rejection before anything changes; the workflow turns it into
 * the ApplicationFailure the caller sees (its `type` is the contract: definitions.ts lists them).
 */
import type { RejectionType } from '../definitions.js';
import type { EngineState } from './state.js';

export class Rejection extends Error {
  constructor(
    readonly type: RejectionType,
    vi: string,
    en: string,
  ) {
    super(`${vi} / ${en}`);
    this.name = 'Rejection';
  }
}

/** An actor, reason or other required text argument. */
export function assertActor(value: unknown, field: string): void {
  if (typeof value !== 'string' || value.trim() === '') {
    throw new Rejection('invalid-argument', `thiếu ${field}`, `${field} is required`);
  }
}

export function assertRunning(s: EngineState): void {
  if (s.dossier.finished) {
    throw new Rejection('dossier-finished', 'hồ sơ đã kết thúc', 'the dossier has finished');
  }
}
