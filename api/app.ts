/** The express application: middleware, routers under /api, /healthz, and the one error handler. */
import { randomUUID } from 'node:crypto';
import type { Client } from '@temporalio/client';
import express from 'express';
import helmet from 'helmet';
import type { Knex } from 'knex';
import pino, { type Logger } from 'pino';
import { pinoHttp } from 'pino-http';
import type { Config } from '../config/index.js';
import type { S3Settings } from '../services/index.js';
import { createAppointmentService } from './appointment.js';
import { createAuthService, loadAuthSecret } from './auth.js';
import { createLocalChanges, type Changes } from './changes.js';
import { createCompileService } from './compile.js';
import { createDossierWriter } from './dossier-writer.js';
import type { ApiContext } from './context.js';
import { ApiError, AuthenticationError, createErrorHandler } from './errors.js';
import { DEFAULT_UPLOAD_LIMITS, type UploadLimits } from './multipart.js';
import { createObjectStore } from './object-store.js';
import { createPublishedCache } from './published.js';
import { createRateLimiter } from './rate-limit.js';
import { createAuthRouter } from './routes/auth.js';
import { createDossierActionsRouter } from './routes/dossier-actions.js';
import { createDocsRouter } from './routes/docs.js';
import { createDossiersRouter } from './routes/dossiers.js';
import { createIntakeSlipsRouter } from './routes/intake-slips.js';
import { createProceduresRouter } from './routes/procedures.js';
import { createPublicRouter } from './routes/public.js';
import { createStatsRouter } from './routes/stats.js';
import { createSupervisionRouter } from './routes/supervision.js';
import { createTasksRouter } from './routes/tasks.js';
import { createUsersRouter } from './routes/users.js';
import { createWorkflowGateway } from './workflow-client.js';

export type ComponentName = 'temporal' | 'postgres' | 'minio' | 'worker';
export interface HealthReport {
  status: 'ok' | 'degraded';
  components: Record<ComponentName, { state: 'ok' | 'down'; detail?: string }>;
}

export interface AppOptions {
  config: Config;
  knex: Knex;
  temporal: Client;
  s3: S3Settings;
  health: () => Promise<HealthReport>;
  logger?: Logger;
  /** Token signing secret; default AUTH_SECRET or a secret kept in the data folder. */
  authSecret?: Uint8Array;
  /** Task queue of the interpreter workers; default config.temporal.taskQueue (tests pass their own). */
  taskQueue?: string;
  uploadLimits?: Partial<UploadLimits>;
  /** Base URL printed in slips' QR codes; default PUBLIC_BASE_URL or http://host:port. */
  publicBaseUrl?: string;
  /** Temporal Web UI base URL for the inspector's raw-history link; default TEMPORAL_UI_URL or the embedded UI. */
  temporalUiUrl?: string;
  /**
   * Prefix of this app's rate-limit counters. Every API process of a deployment shares the default (none); tests
   * give each app its own, as each once had its own counters in memory.
   */
  rateLimitPrefix?: string;
  /** How cache invalidations reach the other API processes; default: this process only. */
  changes?: Changes;
}

const REQUEST_ID_RE = /^[A-Za-z0-9._-]{1,64}$/;

export function createContext(options: AppOptions): ApiContext {
  const logger = options.logger ?? pino({ level: options.config.logLevel, name: 'motcua-api' });
  const ctx: ApiContext = {
    config: options.config,
    knex: options.knex,
    logger,
    workflows: createWorkflowGateway(options.temporal),
    objects: createObjectStore(options.s3),
    appointments: createAppointmentService(options.knex),
    published: createPublishedCache(options.knex),
    dossierWriter: createDossierWriter(options.knex),
    compiler: createCompileService(options.knex),
    auth: createAuthService({
      knex: options.knex,
      secret: options.authSecret ?? loadAuthSecret(options.config.dataDir),
    }),
    changes: options.changes ?? createLocalChanges(),
    uploadLimits: { ...DEFAULT_UPLOAD_LIMITS, ...options.uploadLimits },
    taskQueue: options.taskQueue ?? options.config.temporal.taskQueue,
    limiters: createLimiters(options.knex, options.rateLimitPrefix ?? ''),
  };
  // What each announced change makes stale here.
  ctx.changes.handle((topic, key) => {
    if (topic === 'user') ctx.auth.invalidate(key === undefined ? undefined : Number(key));
    else if (topic === 'agencies') ctx.auth.agencies.invalidate();
    else if (topic === 'procedures') ctx.published.clear();
    else if (topic === 'compiler') ctx.compiler.invalidate();
    else if (topic === 'calendars') ctx.appointments.clear();
  });
  return ctx;
}

function createLimiters(knex: Knex, prefix: string): ApiContext['limiters'] {
  const limiter = (name: string, windowMs: number, max: number) =>
    createRateLimiter({ knex, name: `${prefix}${name}`, windowMs, max });
  return {
    // Failed sign-ins: 10 per account and address, 50 per address (a centre's staff share one address).
    signIn: limiter('sign-in', 15 * 60_000, 10),
    signInAddress: limiter('sign-in-address', 15 * 60_000, 50),
    publicLookup: limiter('lookup', 60_000, 30),
    // Wrong secrets per dossier code, whatever the address.
    publicLookupCode: limiter('lookup-code', 15 * 60_000, 10),
    publicIntake: limiter('public-intake', 60_000, 10),
  };
}

const PUBLIC_GET = /^\/(agencies|procedures(\/[^/]+(\/versions(\/[^/]+)?)?)?)$/;
function isPublic(req: express.Request): boolean {
  const p = req.path;
  return (
    (req.method === 'POST' && p === '/auth/token') ||
    p.startsWith('/public/') ||
    p === '/openapi.json' ||
    p === '/docs' ||
    p.startsWith('/docs/') ||
    ((req.method === 'GET' || req.method === 'HEAD') && PUBLIC_GET.test(p))
  );
}

export function createApp(options: AppOptions): express.Express {
  const ctx = createContext(options);
  const publicBaseUrl = (
    options.publicBaseUrl ??
    process.env.PUBLIC_BASE_URL ??
    `http://${options.config.host}:${options.config.port || 3000}`
  ).replace(/\/+$/, '');
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', 'loopback');
  app.set('query parser', 'simple');
  app.locals.ctx = ctx;

  app.use(
    pinoHttp({
      logger: ctx.logger,
      genReqId: (req, res) => {
        const given = req.headers['x-request-id'];
        const id = typeof given === 'string' && REQUEST_ID_RE.test(given) ? given : randomUUID();
        res.setHeader('X-Request-Id', id);
        return id;
      },
      // Paths only: query strings and bodies may carry personal data (phone, ID numbers).
      serializers: {
        req: (req: { id: string; method: string; url: string }) => ({
          id: req.id,
          method: req.method,
          path: req.url.split('?')[0],
        }),
        res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
      },
      customLogLevel: (_req, res, err) =>
        err || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'info' : 'debug',
    }),
  );
  app.use('/api', helmet({ contentSecurityPolicy: false }));

  app.get('/healthz', async (_req, res) => {
    let report: HealthReport;
    try {
      report = await options.health();
    } catch (err) {
      report = {
        status: 'degraded',
        components: {
          temporal: { state: 'down', detail: 'health check failed' },
          postgres: { state: 'down', detail: 'health check failed' },
          minio: { state: 'down', detail: 'health check failed' },
          worker: { state: 'down', detail: (err as Error).message },
        },
      };
    }
    res.status(report.status === 'ok' ? 200 : 503).json(report);
  });

  const api = express.Router();
  // 4 MB: a draft carries its whole BPMN model; intake data is far smaller (files go as multipart).
  api.use(express.json({ limit: '4mb', type: ['application/json', 'application/*+json'] }));
  api.use(ctx.auth.authenticate);
  // Everything but the public surface needs a signed-in caller: anonymous calls get 401 before any validation.
  api.use((req, _res, next) => next(req.principal || isPublic(req) ? undefined : new AuthenticationError()));
  api.use('/', createDocsRouter());
  api.use('/auth', createAuthRouter(ctx));
  api.use('/procedures', createProceduresRouter(ctx));
  api.use('/dossiers', createDossiersRouter(ctx));
  api.use('/dossiers', createDossierActionsRouter(ctx, { publicBaseUrl }));
  api.use('/intake', createIntakeSlipsRouter(ctx));
  api.use('/public', createPublicRouter(ctx));
  api.use('/', createStatsRouter(ctx));
  api.use('/tasks', createTasksRouter(ctx));
  api.use(
    '/supervision',
    createSupervisionRouter(ctx, {
      temporal: options.temporal,
      temporalUiUrl:
        options.temporalUiUrl ??
        process.env.TEMPORAL_UI_URL ??
        // only the embedded dev server has a Web UI; the cluster's is a separate server (TEMPORAL_UI_URL)
        (options.config.temporal.mode === 'dev'
          ? `http://127.0.0.1:${options.config.temporal.uiPort}`
          : undefined),
    }),
  );
  api.use('/', createUsersRouter(ctx));
  api.use((req, _res, next) => {
    next(
      new ApiError(404, 'no-such-endpoint', {
        vi: `Không có điểm cuối ${req.method} ${req.baseUrl}${req.path}`,
        en: `No endpoint ${req.method} ${req.baseUrl}${req.path}`,
      }),
    );
  });
  app.use('/api', api);
  app.use('/api', createErrorHandler(ctx.logger));
  app.use('/healthz', createErrorHandler(ctx.logger));
  return app;
}
