/**
 * The dossier's status (national status code via NATIONAL_STATUS) and the phases every procedure goes through
 * without modelling them: accepted → in progress → processed (result back at the desk).
 */
import { touchDossier } from './outbox.js';
import type { DossierStatus } from '../../ir/index.js';
import type { EngineState, Pause } from './state.js';

export function setStatus(s: EngineState, status: DossierStatus): void {
  if (s.dossier.status !== status) {
    s.dossier.status = status;
    touchDossier(s);
  }
}

/** The pause in progress (at most one at a time), if any. */
export function openPause(s: EngineState): Pause | undefined {
  const last = s.pauses.list[s.pauses.list.length - 1];
  return last !== undefined && last.end === undefined ? last : undefined;
}

export function isPaused(s: EngineState): boolean {
  return openPause(s) !== undefined;
}

/** A step opened by `role`: a reception step after processing means "processed", any other "in progress". */
export function updatePhaseOnOpen(s: EngineState, role: string): void {
  if (isPaused(s)) return;
  if (role === 'receptionist') {
    if (s.dossier.status === 'in-progress' && s.dossier.processedOnce) setStatus(s, 'processed');
  } else if (s.dossier.status === 'accepted' || s.dossier.status === 'processed') {
    setStatus(s, 'in-progress');
    s.dossier.processedOnce = true;
  }
}
