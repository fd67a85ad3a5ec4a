/**
 * /api/tasks: inboxes and the human-task actions. Claim and reassign are the task row's (PostgreSQL); complete,
 * return and escalate go to the dossier's workflow, after the row says the caller may act.
 */
import express, { type Request } from 'express';
import { TASK_ROLES } from '../../ir/index.js';
import {
  claimTaskRow,
  getDossierByCode,
  getTask,
  getUserByUsername,
  listTasks,
  reassignTaskRow,
  type AssignmentResult,
  type TaskRow,
} from '../../store/index.js';
import { requireRole, requireUser, scopesOf, type Principal } from '../auth.js';
import type { ApiContext } from '../context.js';
import { audit } from '../context.js';
import { ApiError, NotFoundError, ValidationError } from '../errors.js';
import { LEADER_ROLES, SUPERVISOR_ROLES } from '../roles.js';
import {
  taskClaimSchema,
  taskCompleteSchema,
  taskEscalateSchema,
  taskListQuery,
  taskReassignSchema,
  taskReturnSchema,
} from '../schemas.js';
import { listParam, validateBody, validateQuery } from '../validation.js';
import { taskView } from '../views.js';

type TaskParams = { workflowId: string; taskId: string };

export function createTasksRouter(ctx: ApiContext): express.Router {
  const router = express.Router();

  /** Scopes of the inbox: each task role the caller holds in its agencies; supervisors see every role. */
  const inboxScopes = async (p: Principal) => {
    const scopes: Array<{ role?: string; agencies?: string[] }> = [];
    const roles = new Set(p.roles.map((r) => r.role));
    for (const role of roles) {
      const agencies = await ctx.auth.agencies.expand(scopesOf(p, [role]));
      if (SUPERVISOR_ROLES.includes(role as 'supervisor')) scopes.push({ agencies });
      else if ((TASK_ROLES as readonly string[]).includes(role)) scopes.push({ role, agencies });
    }
    return scopes;
  };

  router.get('/', async (req, res) => {
    const principal = requireUser(req);
    const q = validateQuery<{
      status?: string;
      role?: string;
      agency?: string;
      assignee?: string;
      dossier?: string;
      overdue?: boolean;
      dueBefore?: string;
      limit: number;
      offset: number;
    }>(taskListQuery, req.query);
    const status = (listParam(q.status) ?? ['open', 'claimed']) as Array<TaskRow['status']>;
    let dossierId: string | undefined;
    if (q.dossier) {
      const d = await getDossierByCode({ knex: ctx.knex, code: q.dossier });
      dossierId = d?.id ?? '00000000-0000-0000-0000-000000000000';
    }
    const page = await listTasks({
      knex: ctx.knex,
      filter: {
        status,
        scopes: await inboxScopes(principal),
        roles: listParam(q.role),
        agencies: listParam(q.agency),
        assignee: q.assignee === 'me' ? principal.username : q.assignee,
        dossierId,
        overdue: q.overdue,
        dueBefore: q.dueBefore ? new Date(q.dueBefore) : undefined,
        limit: q.limit,
        offset: q.offset,
      },
    });
    res.json({ items: page.items.map(taskView), total: page.total, limit: q.limit, offset: q.offset });
  });

  const loadTask = async (req: Request<TaskParams>) => {
    const { workflowId, taskId } = req.params;
    const task = await getTask({ knex: ctx.knex, workflowId, taskId });
    if (!task)
      throw new NotFoundError({ vi: 'công việc', en: 'task' }, `${workflowId}/${taskId}`, 'task-not-found');
    return task;
  };

  /** The caller works this task: holds its role for its agency. */
  const worker = async (req: Request, task: TaskRow) =>
    requireRole(req, ctx.auth, [task.role], task.agency_code);

  /**
   * A task may be given only to someone who could then work it (the same rule as `worker` above): an existing,
   * active account holding the task's role for a scope covering the task's agency. Otherwise 422 on `assignee`,
   * and nothing is sent to the workflow — a mistyped username would leave the step with nobody able to act.
   */
  const checkAssignee = async (username: string, task: TaskRow) => {
    const refuse = (vi: string, en: string) =>
      new ValidationError(
        [{ field: 'assignee', message: { vi, en } }],
        undefined,
        undefined,
        'invalid-assignee',
      );
    const user = await getUserByUsername({ knex: ctx.knex, username });
    if (!user)
      throw refuse(
        `Không có tài khoản "${username}" — kiểm tra lại tên đăng nhập`,
        `There is no account "${username}" — check the username`,
      );
    if (!user.active)
      throw refuse(
        `Tài khoản "${username}" đã bị khóa, không nhận được việc`,
        `Account "${username}" is deactivated and cannot be given work`,
      );
    for (const r of user.roles) {
      if (r.role === task.role && (await ctx.auth.agencies.covers(r.agency_code, task.agency_code))) return;
    }
    throw refuse(
      `"${username}" không giữ vai trò ${task.role} tại cơ quan ${task.agency_code}, nên không xử lý được bước này`,
      `"${username}" does not hold the role ${task.role} in agency ${task.agency_code}, so cannot work this step`,
    );
  };

  const act = async (
    req: Request<TaskParams>,
    action: string,
    update: string,
    arg: Record<string, unknown>,
    task: TaskRow,
    reason?: string,
  ) => {
    const result = await ctx.workflows.update(task.workflow_id, update, arg);
    await audit(ctx.knex, req as unknown as Request, {
      action,
      targetType: 'task',
      targetId: `${task.workflow_id}/${task.task_id}`,
      oldValue: { status: task.status, assignee: task.assignee },
      newValue: arg,
      reason: reason ?? null,
    });
    return { workflowId: task.workflow_id, taskId: task.task_id, result };
  };

  /** What a refused claim or reassignment answers: the same types the workflow's validators used. */
  const refused = (r: Exclude<AssignmentResult, { ok: true }>, taskId: string): ApiError => {
    if (r.reason === 'task-not-found')
      return new NotFoundError({ vi: 'công việc', en: 'task' }, taskId, 'task-not-found');
    if (r.reason === 'task-not-open')
      return new ApiError(409, 'task-not-open', {
        vi: `Công việc ${taskId} không còn mở (${r.task?.status})`,
        en: `Task ${taskId} is not open (${r.task?.status})`,
      });
    return new ApiError(403, 'not-assignee', {
      vi: `Công việc ${taskId} đã được ${r.task?.assignee} nhận`,
      en: `Task ${taskId} is already claimed by ${r.task?.assignee}`,
    });
  };

  /** Completing or returning a claimed task is for its assignee (the row in PostgreSQL says who). */
  const assigneeOnly = (task: TaskRow, username: string) => {
    if (task.assignee && task.assignee !== username) {
      throw new ApiError(403, 'not-assignee', {
        vi: `Công việc ${task.task_id} do ${task.assignee} xử lý`,
        en: `Task ${task.task_id} is assigned to ${task.assignee}, not ${username}`,
      });
    }
  };

  // Claiming is a guarded update of the task row: no workflow call, no history event (store/task-assignments.ts).
  router.post('/:workflowId/:taskId/claim', async (req, res) => {
    validateBody(taskClaimSchema, req.body ?? {});
    const task = await loadTask(req);
    const p = await worker(req as unknown as Request, task);
    const r = await claimTaskRow({
      knex: ctx.knex,
      workflowId: task.workflow_id,
      taskId: task.task_id,
      username: p.username,
    });
    if (!r.ok) throw refused(r, task.task_id);
    await audit(ctx.knex, req as unknown as Request, {
      action: 'task.claim',
      targetType: 'task',
      targetId: `${task.workflow_id}/${task.task_id}`,
      oldValue: { status: task.status, assignee: task.assignee },
      newValue: { taskId: task.task_id, userId: p.username },
      reason: null,
    });
    res.json({ workflowId: task.workflow_id, taskId: task.task_id, task: taskView(r.task) });
  });

  router.post('/:workflowId/:taskId/complete', async (req, res) => {
    const task = await loadTask(req);
    const p = await worker(req as unknown as Request, task);
    assigneeOnly(task, p.username);
    const body = validateBody<{ outcome: string; data?: Record<string, unknown>; note?: string }>(
      taskCompleteSchema,
      req.body,
    );
    const arg = {
      taskId: task.task_id,
      userId: p.username,
      outcome: body.outcome,
      ...(body.data ? { data: body.data } : {}),
    };
    res.json(await act(req, 'task.complete', 'completeTask', arg, task, body.note));
  });

  router.post('/:workflowId/:taskId/return', async (req, res) => {
    const task = await loadTask(req);
    const p = await worker(req as unknown as Request, task);
    assigneeOnly(task, p.username);
    const body = validateBody<{ toNodeId: string; reason: string }>(taskReturnSchema, req.body);
    const arg = { taskId: task.task_id, userId: p.username, toNodeId: body.toNodeId, reason: body.reason };
    res.json(await act(req, 'task.return', 'returnTask', arg, task, body.reason));
  });

  router.post('/:workflowId/:taskId/reassign', async (req, res) => {
    const task = await loadTask(req);
    const p = await requireRole(
      req as unknown as Request,
      ctx.auth,
      [...SUPERVISOR_ROLES, ...LEADER_ROLES],
      task.agency_code,
    );
    const body = validateBody<{ assignee: string; reason?: string }>(taskReassignSchema, req.body);
    await checkAssignee(body.assignee, task);
    const r = await reassignTaskRow({
      knex: ctx.knex,
      workflowId: task.workflow_id,
      taskId: task.task_id,
      actor: p.username,
      assignee: body.assignee,
      ...(body.reason ? { reason: body.reason } : {}),
    });
    if (!r.ok) throw refused(r, task.task_id);
    await audit(ctx.knex, req as unknown as Request, {
      action: 'task.reassign',
      targetType: 'task',
      targetId: `${task.workflow_id}/${task.task_id}`,
      oldValue: { status: task.status, assignee: task.assignee },
      newValue: { taskId: task.task_id, actor: p.username, assignee: body.assignee },
      reason: body.reason ?? null,
    });
    res.json({ workflowId: task.workflow_id, taskId: task.task_id, task: taskView(r.task) });
  });

  router.post('/:workflowId/:taskId/escalate', async (req, res) => {
    const task = await loadTask(req);
    const p = await requireRole(
      req as unknown as Request,
      ctx.auth,
      [...SUPERVISOR_ROLES, ...LEADER_ROLES],
      task.agency_code,
    );
    const body = validateBody<{ toRole: string; reason: string }>(taskEscalateSchema, req.body);
    const arg = { actor: p.username, taskId: task.task_id, toRole: body.toRole, reason: body.reason };
    res.json(await act(req, 'task.escalate', 'escalate', arg, task, body.reason));
  });

  return router;
}
