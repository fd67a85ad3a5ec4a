/**
 * The shared contract of motcua: procedure metadata (procedure.json), the compiled intermediate representation
 * (IR) that the interpreter workflow runs, and the small vocabularies both sides use.
 *
 * This module is pure (types and constants only) so that workflow code may import it.
 * The compiler (compiler/) produces ProcedureIr; the interpreter (workflows/) consumes it; the API and the
 * importer read and write ProcedureMetadata.
 */

export type DurationUnit = 'working-day' | 'working-hour' | 'calendar-day';

/** A legal or step duration, e.g. { amount: 0.5, unit: 'working-day' }. Amounts are positive, fractions allowed. */
export interface Duration {
  amount: number;
  unit: DurationUnit;
}

/** User-facing text: Vietnamese always, English when known. */
export interface LocalizedText {
  vi: string;
  en?: string;
}

export type Channel = 'counter' | 'online' | 'postal';
export const CHANNELS: readonly Channel[] = ['counter', 'online', 'postal'];

/** How a dossier ends. Every end event of a model carries one. */
export type EndOutcome = 'returned' | 'refused' | 'withdrawn' | 'stopped';
export const END_OUTCOMES: readonly EndOutcome[] = ['returned', 'refused', 'withdrawn', 'stopped'];

/**
 * Roles of DESIGN.md §3. Task roles (who works a user task) are the first five; the rest are console roles.
 * A deployment may add its own task roles through the registry passed to the compiler.
 */
export const TASK_ROLES = [
  'receptionist', // bộ phận một cửa / tiếp nhận (incl. contracted postal staff)
  'specialist', // chuyên viên
  'division-head', // lãnh đạo phòng
  'department-head', // lãnh đạo sở / UBND
  'supervisor', // giám sát / lãnh đạo trung tâm
] as const;
export const CONSOLE_ROLES = ['publisher', 'duration-editor', 'admin', 'applicant'] as const;
export type TaskRole = (typeof TASK_ROLES)[number];
export type Role = TaskRole | (typeof CONSOLE_ROLES)[number];

export type AdministrativeLevel = 'province' | 'district' | 'commune' | 'ministry' | 'other';

// ---------------------------------------------------------------------------------------------------------------
// procedure.json
// ---------------------------------------------------------------------------------------------------------------

export interface Fee {
  /** What the fee is for (lệ phí cấp giấy, phí thẩm định...). */
  name?: LocalizedText;
  amount: number;
  currency: 'VND';
  /** Unit the amount is charged per, e.g. 'page', 'copy', 'dossier'. */
  per?: string;
  note?: string;
}

export interface ChannelSpec {
  channel: Channel;
  /** Legal time limit (thời hạn giải quyết) when filed through this channel. */
  duration: Duration;
  fees: Fee[];
  note?: string;
}

export type ComponentKind = 'original' | 'copy' | 'certified-copy' | 'original-or-copy' | 'electronic';

/** A dossier component (thành phần hồ sơ). */
export interface ComponentSpec {
  id: string;
  name: LocalizedText;
  required: boolean;
  kind: ComponentKind;
  count: number;
  /** Form/template id (mẫu đơn, tờ khai), when there is one. */
  template?: string;
}

export interface ProcedureMetadata {
  /** National code, e.g. "1.001193", "2.000635". Unique with level within a catalog. */
  code: string;
  names: LocalizedText;
  level: AdministrativeLevel;
  /** Sector (lĩnh vực), e.g. "Đất đai". */
  sector: string;
  /** Code of the responsible agency in the agency tree. */
  agency: string;
  channels: ChannelSpec[];
  components: ComponentSpec[];
  result: LocalizedText;
  /** Cut-off rules; defaults: paper after 15:00 counts from the next working day, online from the next session. */
  cutoff?: { paper?: string; online?: 'next-session' | 'immediate' };
  /** Agencies that take part (liên thông). */
  participants?: string[];
  validFrom?: string;
  validTo?: string;
  /** The model file beside procedure.json: a .bpmn file or a JSON step list. */
  model: string;
  /** Where an imported record came from and what could not be parsed (never silently invented). */
  provenance?: { source: string; defaults?: Array<{ field: string; reason: string }> };
}

// ---------------------------------------------------------------------------------------------------------------
// The IR
// ---------------------------------------------------------------------------------------------------------------

export type TimerSpec =
  | { duration: Duration }
  /** A fraction of the attached task's SLA, e.g. 0.75 for a warning at 75%. */
  | { slaFraction: number };

interface NodeBase {
  id: string;
  name: LocalizedText;
  /** Flow ids, in model order. */
  incoming: string[];
  outgoing: string[];
}

export interface StartEventNode extends NodeBase {
  kind: 'startEvent';
}
export interface EndEventNode extends NodeBase {
  kind: 'endEvent';
  outcome: EndOutcome;
}
export interface UserTaskNode extends NodeBase {
  kind: 'userTask';
  role: string;
  /** Agency code; absent = the procedure's agency. */
  agency?: string;
  duration: Duration;
  /** Fraction of the SLA at which a non-interrupting warning fires (default 0.75). */
  warningAt: number;
  /** Role escalated to when the SLA is reached. */
  escalationRole?: string;
  /** Allowed outcomes; at least one. Routing conditions may test them (`outcome = "approve"`). */
  outcomes: string[];
  /** Reference to a form JSON Schema for the completion data. */
  form?: string;
  /** Ids of boundary events attached to this task, in model order. */
  boundaryEvents: string[];
}
export interface ServiceTaskNode extends NodeBase {
  kind: 'serviceTask';
  plugin: string;
  /** Plugin input field → FEEL expression over the dossier variables. */
  input: Record<string, string>;
  /** Variable name that receives the plugin output (absent: output merged into nothing). */
  resultVariable?: string;
  boundaryEvents: string[];
}
export interface GatewayNode extends NodeBase {
  kind: 'exclusiveGateway' | 'parallelGateway' | 'inclusiveGateway';
  /** Default flow id of an exclusive/inclusive split. */
  defaultFlow?: string;
}
export interface TimerEventNode extends NodeBase {
  kind: 'timerEvent';
  timer: { duration: Duration };
}
export interface BoundaryTimerEventNode extends NodeBase {
  kind: 'boundaryTimerEvent';
  attachedTo: string;
  timer: TimerSpec;
  interrupting: boolean;
}
export interface CallActivityNode extends NodeBase {
  kind: 'callActivity';
  /** National code of the called procedure (its latest published version at call time is pinned then). */
  procedure: string;
  /** Agency that carries out the called procedure (inter-agency / vertical liên thông). */
  agency?: string;
  /** SLA of the call as a whole, when the model gives one. */
  duration?: Duration;
  boundaryEvents: string[];
}

export type IrNode =
  | StartEventNode
  | EndEventNode
  | UserTaskNode
  | ServiceTaskNode
  | GatewayNode
  | TimerEventNode
  | BoundaryTimerEventNode
  | CallActivityNode;
export type IrNodeKind = IrNode['kind'];

export interface IrFlow {
  id: string;
  source: string;
  target: string;
  name?: LocalizedText;
  /** FEEL unary/boolean expression, validated at compile time. Absent = unconditional. */
  condition?: string;
}

/** The part of procedure.json the interpreter needs at run time. */
export interface IrProcedure {
  code: string;
  names: LocalizedText;
  level: AdministrativeLevel;
  sector: string;
  agency: string;
  channels: Array<{ channel: Channel; duration: Duration }>;
  cutoff: { paper: string; online: 'next-session' | 'immediate' };
  participants: string[];
}

/**
 * The compiled, immutable form of one procedure version. Canonical: nodes and flows in model order, keys sorted
 * when hashed, durations normalised. A running dossier keeps the IR it started with.
 *
 * FEEL variables visible to flow conditions and plugin input mappings:
 *   outcome     the outcome of the most recently completed user task (string)
 *   data        the dossier's form data merged from intake and completed tasks (context)
 *   tasks       per node id: { outcome, data } of its latest completion
 *   dossier     { channel, applicantType, procedure }
 *   ...         plus each key of `data` at top level, for short conditions (`fee > 0`)
 */
export interface ProcedureIr {
  irVersion: 1;
  procedure: IrProcedure;
  startNode: string;
  nodes: IrNode[];
  flows: IrFlow[];
}

export interface CompiledProcedure {
  /** sha256 hex of the canonical JSON of `ir`. */
  hash: string;
  ir: ProcedureIr;
}

// ---------------------------------------------------------------------------------------------------------------
// Dossier statuses (national portal codes, DESIGN.md §1)
// ---------------------------------------------------------------------------------------------------------------

export const NATIONAL_STATUS = {
  'new-registration': 1,
  accepted: 2,
  'not-accepted': 3,
  'in-progress': 4,
  'supplement-requested': 5,
  'financial-obligation': 6,
  withdrawn: 7,
  stopped: 8,
  processed: 9,
  returned: 10,
} as const;
export type DossierStatus = keyof typeof NATIONAL_STATUS;

export type Classification = 'early' | 'on-time' | 'late';
export type * from './steps.js';

// ---------------------------------------------------------------------------------------------------------------
// Temporal search attributes (registered by the launcher, upserted by the interpreter). Within the SQL visibility
// quota of the dev server / cluster: at most 10 Keyword, 3 each of Bool/Int/Datetime/Double/Text/KeywordList.
// ---------------------------------------------------------------------------------------------------------------
export const SEARCH_ATTRIBUTES = {
  McDossierCode: 'Keyword',
  McProcedureCode: 'Keyword',
  McAgency: 'Keyword',
  McLevel: 'Keyword',
  McSector: 'Keyword',
  McStatus: 'Keyword',
  McCurrentSteps: 'KeywordList',
  McDueAt: 'Datetime',
  McStepDueAt: 'Datetime',
  McOverdue: 'Bool',
  McIncident: 'Bool',
} as const;
export type SearchAttributeName = keyof typeof SEARCH_ATTRIBUTES;

/** Temporal identifiers shared by the API, the worker and the tests. */
export const DOSSIER_WORKFLOW_TYPE = 'dossierWorkflow';
export const dossierWorkflowId = (dossierCode: string): string => `dossier-${dossierCode}`;
