/** Row types of the tables the store reads and writes; fields mirror the columns (snake_case). */
import type { Knex } from 'knex';

/** A knex instance or a transaction: every store operation accepts either. */
export type Db = Knex | Knex.Transaction;

export interface AgencyRow {
  code: string;
  parent_code: string | null;
  level: string;
  name_vi: string;
  name_en: string | null;
  unit_code: string;
  created_at: Date;
  updated_at: Date;
}

export interface ProcedureRow {
  id: number;
  code: string;
  level: string;
  name_vi: string;
  name_en: string | null;
  sector: string;
  agency_code: string;
  status: 'draft' | 'published' | 'retired';
  latest_version: number;
  created_at: Date;
  updated_at: Date;
}

export interface ProcedureVersionRow {
  id: number;
  procedure_id: number;
  version: number;
  status: 'draft' | 'published' | 'retired';
  metadata: unknown;
  model_kind: 'bpmn' | 'steps';
  model_source: string;
  ir_hash: string | null;
  ir: unknown;
  change_note: string | null;
  created_by: string | null;
  published_at: Date | null;
  published_by: string | null;
  created_at: Date;
  updated_at: Date;
}

export interface DossierRow {
  id: string;
  code: string;
  procedure_version_id: number;
  procedure_code: string;
  agency_code: string;
  channel: string;
  applicant: unknown;
  data: unknown;
  status: string;
  national_status: number;
  workflow_id: string;
  received_at: Date;
  due_at: Date | null;
  finished_at: Date | null;
  outcome: string | null;
  classification: string | null;
  current_step: string | null;
  idempotency_key: string | null;
  created_at: Date;
  updated_at: Date;
}

export interface DossierEventRow {
  id: number;
  dossier_id: string;
  workflow_id: string;
  seq: number;
  type: string;
  node_id: string | null;
  actor: string | null;
  payload: unknown;
  at: Date;
}

export interface TaskRow {
  id: number;
  dossier_id: string;
  workflow_id: string;
  task_id: string;
  node_id: string;
  name_vi: string;
  name_en: string | null;
  role: string;
  agency_code: string;
  assignee: string | null;
  status: 'open' | 'claimed' | 'completed' | 'cancelled';
  outcome: string | null;
  opened_at: Date;
  warn_at: Date | null;
  due_at: Date | null;
  completed_at: Date | null;
  overdue: boolean;
  /** The step's allowed outcomes (null on rows projected before they were kept). */
  outcomes: string[] | null;
}

export interface DocumentRow {
  id: string;
  dossier_id: string | null;
  component_id: string | null;
  object_key: string;
  filename: string;
  content_type: string;
  size: number;
  sha256: string;
  uploaded_by: string | null;
  uploaded_at: Date;
}

export interface IdempotencyKeyRow {
  key: string;
  request_hash: string;
  dossier_id: string;
  created_at: Date;
}

export interface UserRow {
  id: number;
  username: string;
  password_hash: string;
  full_name: string;
  email: string | null;
  phone: string | null;
  active: boolean;
  token_version: number;
  created_at: Date;
  updated_at: Date;
}

export interface UserRoleRow {
  user_id: number;
  role: string;
  agency_code: string;
}

export interface AuditLogRow {
  id: number;
  at: Date;
  actor: string;
  action: string;
  target_type: string;
  target_id: string;
  old_value: unknown;
  new_value: unknown;
  reason: string | null;
  request_id: string | null;
}

export interface FeePaymentRow {
  id: number;
  dossier_id: string;
  receipt_no: string;
  amount: number;
  currency: string;
  note: string | null;
  recorded_by: string;
  paid_at: Date;
}

export interface RatingRow {
  dossier_id: string;
  score: number;
  comment: string | null;
  rated_at: Date;
}
