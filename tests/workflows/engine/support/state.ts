/**
 * The engine's modules under test: a state for a test IR, and the workflow loop's round trip (advance, project
 * with the real calendar code on a scaled calendar: 1 working day = 1000 ms, every day a working day).
 */
import { createScaledCalendar, type Calendar } from '../../../../calendar/index.js';
import { computeCalendar } from '../../../../activities/index.js';
import type { CompiledProcedure } from '../../../../ir/index.js';
import type { PluginDescriptor, TransitionInput } from '../../../../workflows/activity-contract.js';
import type { DossierWorkflowInput } from '../../../../workflows/definitions.js';
import { applyBatchResult, takeBatch, takeEffects } from '../../../../workflows/engine/outbox.js';
import { advance } from '../../../../workflows/engine/routing.js';
import { launchDescribed } from '../../../../workflows/engine/services.js';
import { createState, type Effect, type EngineState } from '../../../../workflows/engine/state.js';

export const T0 = Date.parse('2026-11-23T01:00:00Z');
export const DAY = 1000;
const calendar = createScaledCalendar({ msPerWorkingDay: DAY });

export const WEBHOOK: PluginDescriptor = {
  type: 'webhook',
  timeoutMs: 5000,
  retry: { maximumAttempts: 3, initialIntervalMs: 100, backoffCoefficient: 2, maximumIntervalMs: 1000 },
};

export function inputFor(
  compiled: CompiledProcedure,
  extra: Partial<DossierWorkflowInput> = {},
): DossierWorkflowInput {
  return {
    dossierId: 'd',
    dossierCode: 'C',
    procedureVersionId: 1,
    compiled,
    channel: 'counter',
    receivedAt: new Date(T0).toISOString(),
    agencyCode: 'A',
    data: {},
    applicantType: 'person',
    ...extra,
  };
}

export function stateFor(
  compiled: CompiledProcedure,
  extra: Partial<DossierWorkflowInput> = {},
  patched: (id: string) => boolean = () => true,
): EngineState {
  return createState(inputFor(compiled, extra), 'dossier-C', patched);
}

export interface Round {
  batches: TransitionInput[];
  effects: Effect[];
  /** Event types of the round, in order. */
  types: string[];
}

/** What the workflow loop does between waits: advance, project (calendar and registry answer), repeat. */
export async function settle(
  s: EngineState,
  now: number,
  plugins: Record<string, PluginDescriptor | null> = { webhook: WEBHOOK },
  calendarFor: (agency: string) => Promise<Calendar> = async () => calendar,
): Promise<Round> {
  const round: Round = { batches: [], effects: [], types: [] };
  for (;;) {
    advance(s, now);
    const batch = takeBatch(s);
    if (batch) {
      round.batches.push(batch);
      round.types.push(...batch.events.map((e) => e.type));
      const cal = await computeCalendar(batch.calendar, calendarFor);
      const described = Object.fromEntries(batch.describePlugins.map((t) => [t, plugins[t] ?? null]));
      launchDescribed(
        s,
        now,
        applyBatchResult(s, batch, { calendar: cal, plugins: described, applied: true }),
      );
    }
    round.effects.push(...takeEffects(s));
    const more =
      s.tokens.ready.length > 0 ||
      s.outbox.pendingEvents.length > 0 ||
      s.outbox.calendarRequests.length > 0 ||
      s.services.describeRequests.size > 0;
    if (!more) return round;
  }
}

/** The type of the Rejection `fn` throws (fails the test when it throws none). */
export function rejectionOf(fn: () => void): string {
  try {
    fn();
  } catch (err) {
    const type = (err as { type?: string }).type;
    if ((err as Error).name === 'Rejection' && type) return type;
    throw err;
  }
  throw new Error('expected a rejection');
}
