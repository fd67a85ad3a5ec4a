/**
 * Changes that make caches stale (a user's roles or password, the agency tree, published procedures, the plugin and
 * agency registry of the compiler, working calendars). Each API process caches these briefly; when one process
 * changes them it announces the change, and every process — itself at once, the others through PostgreSQL's
 * LISTEN/NOTIFY — drops what it cached. A process that lost its listening connection drops everything when it is
 * back (what was announced meanwhile is lost).
 */
import type { Knex } from 'knex';
import { listen, notify, type Listener } from '../store/index.js';

export type ChangeTopic = 'user' | 'agencies' | 'procedures' | 'compiler' | 'calendars';
const TOPICS: ReadonlySet<string> = new Set<ChangeTopic>([
  'user',
  'agencies',
  'procedures',
  'compiler',
  'calendars',
]);

/** What a change invalidates in this process; `key` narrows it (a user id), undefined means all. */
export type ChangeHandler = (topic: ChangeTopic, key: string | undefined) => void;

export interface Changes {
  /** Drops this process's cached copies now and tells the other processes. */
  announce(topic: ChangeTopic, key?: string | number): Promise<void>;
  /** The handler that drops the caches (createApp sets it). */
  handle(handler: ChangeHandler): void;
  close(): Promise<void>;
}

export const CHANGES_CHANNEL = 'motcua_changes';

/** One process only (tests, tools): changes apply here and nowhere else. */
export function createLocalChanges(): Changes {
  let handler: ChangeHandler = () => undefined;
  return {
    async announce(topic, key) {
      handler(topic, key === undefined ? undefined : String(key));
    },
    handle(h) {
      handler = h;
    },
    async close() {},
  };
}

/** Every API process of a deployment: changes travel through PostgreSQL. */
export function createSharedChanges(opts: {
  knex: Knex;
  databaseUrl: string;
  onError?: (err: Error) => void;
}): Changes {
  let handler: ChangeHandler = () => undefined;
  const sender = `${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
  const listener: Listener = listen({
    databaseUrl: opts.databaseUrl,
    channel: CHANGES_CHANNEL,
    onMessage: (payload) => {
      let msg: { from?: string; topic?: string; key?: string };
      try {
        msg = JSON.parse(payload);
      } catch {
        return;
      }
      // Our own announcements were applied when made.
      if (msg.from === sender || !msg.topic || !TOPICS.has(msg.topic)) return;
      handler(msg.topic as ChangeTopic, msg.key);
    },
    onConnected: (again) => {
      if (!again) return;
      for (const topic of TOPICS) handler(topic as ChangeTopic, undefined);
    },
    onError: opts.onError,
  });
  return {
    async announce(topic, key) {
      const k = key === undefined ? undefined : String(key);
      handler(topic, k);
      await notify({
        knex: opts.knex,
        channel: CHANGES_CHANNEL,
        payload: JSON.stringify({ from: sender, topic, ...(k === undefined ? {} : { key: k }) }),
      });
    },
    handle(h) {
      handler = h;
    },
    close: () => listener.close(),
  };
}
