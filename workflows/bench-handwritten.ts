/**
 * For bench/interpreter only: the same 6-step procedure written by hand as a Temporal workflow, doing the same
 * work as the interpreter per step — one projection activity per transition (same local activity, same batches),
 * the same updates with validators (the bench sends completions only: claims are task rows, as through the API),
 * one SLA timer per open step, the same search attributes (the status, when it changes) —
 * without any interpretation. Not exported from index.ts: the bench bundles bench-entry.ts.
 */
import * as wf from '@temporalio/workflow';
import type {
  CalendarRequest,
  InterpreterActivities,
  ProjectedEvent,
  TaskRow,
  TransitionInput,
} from './activity-contract.js';
import { NATIONAL_STATUS, type DossierStatus, type Duration } from '../ir/index.js';
import {
  claimTaskUpdate,
  completeTaskUpdate,
  type DossierWorkflowInput,
  type DossierWorkflowResult,
  type UpdateResult,
} from './definitions.js';

const { transition } = wf.proxyLocalActivities<InterpreterActivities>({
  startToCloseTimeout: '30s',
  retry: { initialInterval: '500ms', backoffCoefficient: 2, maximumInterval: '30s' },
});

const STEPS: Array<{ id: string; role: string; duration: Duration }> = [
  { id: 's1', role: 'receptionist', duration: { amount: 0.5, unit: 'working-day' } },
  { id: 's2', role: 'specialist', duration: { amount: 3, unit: 'working-day' } },
  { id: 's3', role: 'division-head', duration: { amount: 1, unit: 'working-day' } },
  { id: 's4', role: 'specialist', duration: { amount: 2, unit: 'working-day' } },
  { id: 's5', role: 'department-head', duration: { amount: 1, unit: 'working-day' } },
  { id: 's6', role: 'receptionist', duration: { amount: 0.5, unit: 'working-day' } },
];

const iso = (ms: number): string => new Date(ms).toISOString();

export async function handwrittenSixStep(input: DossierWorkflowInput): Promise<DossierWorkflowResult> {
  const workflowId = wf.workflowInfo().workflowId;
  const agency = input.agencyCode;
  let seq = 0;
  let projected = 0;
  let status: DossierStatus = 'accepted';
  let index = 0;
  let assignee: string | null = null;
  let openedAt = Date.now();
  let warnAt: number | undefined;
  let dueAt: number | undefined;
  let appointmentAt: number | undefined = undefined;
  let result: DossierWorkflowResult | undefined;
  let timer: wf.CancellationScope | undefined;
  // Updates that arrive with the start wait for the first projection (one local activity at a time).
  let started = false;

  const event = (
    type: string,
    payload: Record<string, unknown>,
    nodeId?: string,
    actor?: string,
  ): ProjectedEvent => {
    const e: ProjectedEvent = { seq: ++seq, type, at: iso(Date.now()), payload };
    if (nodeId) e.nodeId = nodeId;
    if (actor) e.actor = actor;
    return e;
  };
  const step = () => STEPS[index]!;
  const taskId = () => `${step().id}#1`;
  const row = (s: TaskRow['status'], outcome: string | null = null): TaskRow => ({
    taskId: taskId(),
    nodeId: step().id,
    nameVi: `Bước ${step().id}`,
    nameEn: `Step ${step().id}`,
    role: step().role,
    agency,
    assignee,
    status: s,
    outcome,
    openedAt: iso(openedAt),
    warnAt: warnAt === undefined ? null : iso(warnAt),
    dueAt: dueAt === undefined ? null : iso(dueAt),
    completedAt: s === 'completed' ? iso(Date.now()) : null,
    overdue: false,
    outcomes: ['done'],
  });
  const batch = (
    events: ProjectedEvent[],
    tasks: TaskRow[],
    calendar: CalendarRequest[],
  ): TransitionInput => ({
    workflowId,
    dossierId: input.dossierId,
    dossierCode: input.dossierCode,
    events,
    tasks,
    dossier: { status, nationalStatus: NATIONAL_STATUS[status], currentStep: result ? null : step().id },
    pauses: [],
    escalations: [],
    incidents: [],
    calendar,
    describePlugins: [],
  });
  const open = (events: ProjectedEvent[], tasks: TaskRow[], calendar: CalendarRequest[]): string => {
    openedAt = Date.now();
    warnAt = undefined;
    dueAt = undefined;
    assignee = null;
    const key = `open-${index}`;
    calendar.push({
      key,
      op: 'add',
      agency,
      start: iso(openedAt),
      duration: step().duration,
      fractions: [0.75, 1],
    });
    const e = event('task-opened', { taskId: taskId(), role: step().role, agency }, step().id);
    e.deadlineKey = key;
    events.push(e);
    tasks.push({ ...row('open'), deadlineKey: key });
    return key;
  };
  const armTimer = (): void => {
    timer?.cancel();
    if (warnAt === undefined) return;
    const scope = new wf.CancellationScope();
    timer = scope;
    scope
      .run(() => wf.sleep(Math.max(1, warnAt! - Date.now())))
      .then(
        async () => {
          const e = event('task-warning', { taskId: taskId() }, step().id, 'system');
          await transition(batch([e], [], []));
          projected = seq;
        },
        () => undefined,
      );
  };
  // Like the interpreter (patch fewer-search-attributes): the status when it changes, nothing per step.
  let upsertedStatus: DossierStatus = 'accepted';
  const upsert = (): void => {
    if (status === upsertedStatus) return;
    upsertedStatus = status;
    wf.upsertSearchAttributes([{ key: { name: 'McStatus', type: 'KEYWORD' }, value: status }] as Extract<
      Parameters<typeof wf.upsertSearchAttributes>[0],
      unknown[]
    >);
  };
  const summary = (): UpdateResult => ({
    status,
    nationalStatus: NATIONAL_STATUS[status],
    openTasks: result
      ? []
      : [
          {
            taskId: taskId(),
            nodeId: step().id,
            name: { vi: `Bước ${step().id}` },
            role: step().role,
            agency,
            assignee,
            openedAt: iso(openedAt),
            warnAt: warnAt === undefined ? null : iso(warnAt),
            dueAt: dueAt === undefined ? null : iso(dueAt),
            overdue: false,
            outcomes: ['done'],
            escalatedTo: null,
          },
        ],
    seq: projected,
  });
  const apply = (r: Awaited<ReturnType<typeof transition>>, key: string | undefined): void => {
    const instants = key ? r.calendar[key]?.instants : undefined;
    if (instants) {
      warnAt = Date.parse(instants[0]!);
      dueAt = Date.parse(instants[1]!);
    }
    projected = seq;
  };
  const checkTask = (id: string, userId: string): void => {
    if (result || id !== taskId()) {
      throw wf.ApplicationFailure.create({
        type: 'task-not-open',
        message: `task ${id} is not open`,
        nonRetryable: true,
      });
    }
    if (assignee && assignee !== userId) {
      throw wf.ApplicationFailure.create({
        type: 'not-assignee',
        message: `task ${id} is assigned to ${assignee}`,
        nonRetryable: true,
      });
    }
  };

  wf.setHandler(
    claimTaskUpdate,
    async ({ taskId: id, userId }) => {
      await wf.condition(() => started);
      assignee = userId;
      const r = await transition(
        batch([event('task-claimed', { taskId: id }, step().id, userId)], [row('claimed')], []),
      );
      apply(r, undefined);
      return summary();
    },
    { validator: ({ taskId: id, userId }) => checkTask(id, userId) },
  );
  wf.setHandler(
    completeTaskUpdate,
    async ({ taskId: id, userId, outcome, data }) => {
      await wf.condition(() => started);
      assignee = userId;
      const events = [event('task-completed', { taskId: id, outcome, data: data ?? {} }, step().id, userId)];
      const tasks = [row('completed', outcome)];
      const calendar: CalendarRequest[] = [];
      let key: string | undefined;
      if (index < STEPS.length - 1) {
        index++;
        status = step().role === 'receptionist' ? 'processed' : 'in-progress';
        key = open(events, tasks, calendar);
      } else {
        events.push(event('end-reached', { outcome: 'returned' }, 'done'));
        status = 'returned';
        result = { outcome: 'returned', finishedAt: iso(Date.now()) };
        events.push(event('result', { outcome: 'returned' }));
        calendar.push({
          key: 'classify',
          op: 'classify',
          agency,
          finishedAt: result.finishedAt,
          appointmentAt: iso(appointmentAt!),
        });
      }
      const b = batch(events, tasks, calendar);
      if (result)
        b.dossier = {
          ...b.dossier!,
          finishedAt: result.finishedAt,
          outcome: 'returned',
          classificationKey: 'classify',
        };
      const r = await transition(b);
      apply(r, key);
      if (result) {
        const c = r.calendar.classify?.classification;
        if (c) result.classification = c;
        timer?.cancel();
      } else armTimer();
      upsert();
      return summary();
    },
    {
      validator: ({ taskId: id, userId, outcome }) => {
        checkTask(id, userId);
        if (outcome !== 'done') {
          throw wf.ApplicationFailure.create({
            type: 'unknown-outcome',
            message: `outcome ${outcome}`,
            nonRetryable: true,
          });
        }
      },
    },
  );

  const events = [
    event('received', {
      procedureCode: input.compiled.ir.procedure.code,
      channel: input.channel,
      receivedAt: input.receivedAt,
    }),
  ];
  const tasks: TaskRow[] = [];
  // The appointment comes with the input, as intake gives it; only its reminder is asked of the calendar (as the
  // interpreter does).
  appointmentAt = input.appointmentAt ? Date.parse(input.appointmentAt) : undefined;
  const calendar: CalendarRequest[] = appointmentAt
    ? [{ key: 'reminder', op: 'reminder', agency, appointmentAt: iso(appointmentAt) }]
    : [];
  const key = open(events, tasks, calendar);
  const b = batch(events, tasks, calendar);
  if (appointmentAt) b.dossier = { ...b.dossier!, dueAt: iso(appointmentAt) };
  const r = await transition(b);
  apply(r, key);
  started = true;
  armTimer();
  // The search attributes were given at start (startSearchAttributes), as intake gives them.
  await wf.condition(() => result !== undefined && wf.allHandlersFinished());
  return result!;
}
