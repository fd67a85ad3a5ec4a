/**
 * PostgreSQL LISTEN/NOTIFY: how one process tells the others that something they cache changed. A listener holds
 * its own connection (not one of the pool's) and reconnects with backoff; after a reconnect it reports
 * `onConnected(true)`, because notifications sent while it was away are lost and its caches must be dropped.
 */
import type { Knex } from 'knex';
import pg from 'pg';

export async function notify({ knex, channel, payload }: { knex: Knex; channel: string; payload: string }) {
  await knex.raw('select pg_notify(?, ?)', [channel, payload]);
}

export interface Listener {
  close(): Promise<void>;
}

export function listen(opts: {
  databaseUrl: string;
  channel: string;
  onMessage: (payload: string) => void;
  /** Called on each (re)connection; `again` is true after a lost connection. */
  onConnected?: (again: boolean) => void;
  onError?: (err: Error) => void;
}): Listener {
  let client: pg.Client | undefined;
  let closed = false;
  let attempt = 0;
  let timer: NodeJS.Timeout | undefined;
  const connect = async (): Promise<void> => {
    if (closed) return;
    const c = new pg.Client({ connectionString: opts.databaseUrl });
    client = c;
    c.on('notification', (n) => {
      if (n.channel === opts.channel && n.payload !== undefined) opts.onMessage(n.payload);
    });
    c.on('error', (err) => {
      opts.onError?.(err);
      retry();
    });
    try {
      await c.connect();
      // A channel name is an identifier: quoted, never a parameter.
      await c.query(`LISTEN "${opts.channel.replace(/"/g, '""')}"`);
      opts.onConnected?.(attempt > 0);
      attempt = 0;
    } catch (err) {
      opts.onError?.(err as Error);
      retry();
    }
  };
  const retry = () => {
    if (closed || timer) return;
    const c = client;
    client = undefined;
    c?.end().catch(() => undefined);
    attempt++;
    timer = setTimeout(
      () => {
        timer = undefined;
        void connect();
      },
      Math.min(30_000, 500 * 2 ** Math.min(attempt, 6)),
    );
    timer.unref();
  };
  void connect();
  return {
    async close() {
      closed = true;
      if (timer) clearTimeout(timer);
      await client?.end().catch(() => undefined);
    },
  };
}
