/**
 * toApiError: failures of the servers motcua depends on become 503 problems, never a 500. PostgreSQL going away
 * under a running query (outage, restart) is checked for real: a query through a TCP relay that is cut mid-query.
 */
import net from 'node:net';
import { expect } from 'chai';
import { toApiError } from '../../api/errors.js';
import { loadConfig } from '../../config/index.js';
import { createKnex } from '../../db/index.js';

describe('api/errors toApiError', () => {
  it('maps PostgreSQL connection failures to 503 postgres', () => {
    const cases: unknown[] = [
      Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' }),
      Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' }),
      Object.assign(new Error('terminating connection due to crash of another server process'), {
        code: '57P02',
      }),
      Object.assign(new Error('the database system is starting up'), { code: '57P03' }),
      Object.assign(new Error('connection failure'), { code: '08006' }),
      new Error('select 1 - Connection terminated unexpectedly'),
      new Error('ROLLBACK - Client has encountered a connection error and is not queryable'),
    ];
    for (const err of cases) {
      const mapped = toApiError(err);
      expect(mapped?.status, String((err as Error).message)).to.equal(503);
      expect(mapped?.extra).to.deep.equal({ component: 'postgres' });
    }
  });

  it('leaves unrelated errors unmapped (a 500)', () => {
    expect(toApiError(new Error('Cannot read properties of undefined'))).to.equal(undefined);
    expect(toApiError(Object.assign(new Error('duplicate key'), { code: '23505' }))).to.equal(undefined);
    // A message that merely mentions the words is not enough when the error carries its own code.
    expect(
      toApiError(Object.assign(new Error('Connection terminated unexpectedly'), { code: '42P01' })),
    ).to.equal(undefined);
  });

  it('answers 503 for a query whose connection is cut while it runs', async () => {
    const target = new URL(loadConfig().databaseUrl);
    const sockets = new Set<net.Socket>();
    const relay = net.createServer((client) => {
      const upstream = net.connect({ host: target.hostname, port: Number(target.port || 5432) });
      for (const s of [client, upstream]) {
        sockets.add(s);
        s.on('error', () => undefined);
      }
      client.pipe(upstream).pipe(client);
    });
    await new Promise<void>((r) => relay.listen(0, '127.0.0.1', r));
    const via = new URL(target.toString());
    via.hostname = '127.0.0.1';
    via.port = String((relay.address() as net.AddressInfo).port);
    const knex = createKnex(via.toString(), { max: 1 });
    try {
      await knex.raw('select 1');
      const running = knex.raw('select pg_sleep(5)').then(
        () => undefined,
        (err: unknown) => err,
      );
      await new Promise((r) => setTimeout(r, 300));
      for (const s of sockets) s.destroy();
      const err = await running;
      expect(err, 'the query should fail').to.be.instanceOf(Error);
      expect(toApiError(err)?.status, (err as Error).message).to.equal(503);
    } finally {
      await knex.destroy().catch(() => undefined);
      await new Promise((r) => relay.close(r));
    }
  });
});
