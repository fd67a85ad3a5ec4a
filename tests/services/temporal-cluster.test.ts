/**
 * The embedded Temporal cluster (MOTCUA_TEMPORAL=cluster) on the machine's PostgreSQL: it comes up from the shipped
 * config file with its own databases, has motcua's namespace and search attributes, runs a dossier end to end with
 * SQL advanced visibility answering supervision's queries, and motcua registers its search attributes on a
 * cluster that lacks them (the TEMPORAL_ADDRESS path). Its own ports and databases: the test stack is untouched.
 */
import fs from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import { Client, Connection } from '@temporalio/client';
import protoModule from '@temporalio/proto';
import { loadConfig, type Config } from '../../config/index.js';
import { dropDatabase } from '../../db/index.js';
import { SEARCH_ATTRIBUTES } from '../../ir/index.js';
import { clusterPorts, startTemporalCluster } from '../../services/temporal-cluster.js';
import { startTemporal } from '../../services/temporal.js';
import { portInUse, type ManagedProcess } from '../../services/process.js';
import { oneStepIr } from '../workflows/fixtures/build-ir.js';
import { claimAndComplete, startDossier, startWorker } from '../workflows/support/harness.js';
import { testStack, type TestStack } from '../support/stack.js';

const IndexedValueType = protoModule.temporal.api.enums.v1.IndexedValueType;

/** A frontend port whose whole block (gRPC +0..+10, membership −300..−294) is free. */
async function freeClusterPort(): Promise<number> {
  for (let port = 27233; port < 32000; port += 20) {
    const p = clusterPorts(port);
    const all = [p.frontend, p.frontendHttp, p.history, p.matching, p.worker, ...Object.values(p.membership)];
    const busy = await Promise.all(all.map((x) => portInUse(x)));
    if (!busy.some(Boolean)) return port;
  }
  throw new Error('no free port block for the test cluster');
}

describe('services: the embedded Temporal cluster on PostgreSQL', function () {
  this.timeout(15 * 60_000);
  let stack: TestStack;
  let config: Config;
  let proc: ManagedProcess | undefined;
  let connection: Connection;
  let client: Client;
  const lines: string[] = [];

  before(async () => {
    stack = await testStack();
    const port = await freeClusterPort();
    config = loadConfig({
      ...process.env,
      MOTCUA_PROFILE: 'test',
      MOTCUA_TEMPORAL: 'cluster',
      TEMPORAL_ADDRESS: '',
      TEMPORAL_PORT: String(port),
      MOTCUA_TEMPORAL_DATABASE: 'temporal_clustertest',
      MOTCUA_TEMPORAL_SHARDS: '2',
      MOTCUA_DATA_DIR: path.join(stack.config.dataDir, 'cluster-test'),
    });
    for (const db of ['temporal_clustertest', 'temporal_clustertest_visibility']) {
      const url = new URL(config.databaseUrl);
      url.pathname = `/${db}`;
      await dropDatabase(url.toString()).catch(() => undefined);
    }
    fs.rmSync(config.dataDir, { recursive: true, force: true });
    proc = await startTemporalCluster(config, (l) => lines.push(l));
    connection = await Connection.connect({ address: config.temporal.address });
    client = new Client({ connection, namespace: config.temporal.namespace });
  });

  after(async () => {
    await connection?.close().catch(() => undefined);
    await proc?.stop();
  });

  it('comes up on its own databases with the namespace and every search attribute registered', async () => {
    expect(config.temporal.mode).to.equal('cluster');
    expect(lines.join('\n')).to.match(/namespace default registered/);
    expect(lines.join('\n')).to.match(
      /cluster on 127\.0\.0\.1:\d+ \(PostgreSQL temporal_clustertest, 2 shards\)/,
    );
    const listed = await connection.operatorService.listSearchAttributes({ namespace: 'default' });
    for (const [name, type] of Object.entries(SEARCH_ATTRIBUTES)) {
      expect(IndexedValueType[listed.customAttributes![name]!], name).to.equal(
        `INDEXED_VALUE_TYPE_${type.replace('KeywordList', 'KEYWORD_LIST').toUpperCase()}`,
      );
    }
    const dbs = await stack.knex.raw(
      "select datname from pg_database where datname like 'temporal_clustertest%' order by datname",
    );
    expect(dbs.rows.map((r: { datname: string }) => r.datname)).to.deep.equal([
      'temporal_clustertest',
      'temporal_clustertest_visibility',
    ]);
  });

  it('runs a dossier end to end, and its search attributes answer a visibility query', async () => {
    const clusterStack: TestStack = {
      ...stack,
      client,
      config: { ...stack.config, temporal: { ...stack.config.temporal, address: config.temporal.address } },
    };
    const worker = await startWorker(clusterStack);
    try {
      const ir = oneStepIr({
        code: 'CLUSTER-1',
        agency: 'STP',
        duration: { amount: 1, unit: 'working-day' },
      });
      const d = await startDossier(clusterStack, worker.taskQueue, ir);
      const deadline = Date.now() + 30_000;
      let found = 0;
      while (Date.now() < deadline && found === 0) {
        for await (const _w of client.workflow.list({
          query: `McDossierCode = '${d.code}' AND McStatus = 'accepted'`,
        }))
          found++;
        if (found === 0) await new Promise((r) => setTimeout(r, 250));
      }
      expect(found, 'visibility finds the open dossier by its search attributes').to.equal(1);
      await claimAndComplete(d.handle, 'receive#1', 'tiepnhan1');
      const result = (await d.handle.result()) as { outcome: string };
      expect(result.outcome).to.equal('returned');
      const row = await stack.knex('dossiers').where({ code: d.code }).first();
      expect([row.status, row.national_status]).to.deep.equal(['returned', 10]);
    } finally {
      await worker.stop();
    }
  });

  it('registers motcua’s search attributes on a cluster namespace that lacks them (TEMPORAL_ADDRESS)', async () => {
    const namespace = 'motcua-external';
    await connection.workflowService
      .registerNamespace({
        namespace,
        workflowExecutionRetentionPeriod: { seconds: 86400 } as unknown as { seconds: never },
      })
      .catch((err: { code?: number }) => {
        if (err.code !== 6) throw err;
      });
    const before = await connection.operatorService.listSearchAttributes({ namespace });
    expect(Object.keys(before.customAttributes ?? {})).to.not.include('McDossierCode');
    const external = loadConfig({
      ...process.env,
      MOTCUA_PROFILE: 'test',
      TEMPORAL_ADDRESS: config.temporal.address,
      TEMPORAL_NAMESPACE: namespace,
    });
    expect(external.temporal.mode).to.equal('external');
    // the namespace may take a few seconds to reach every service of the cluster
    const progress: string[] = [];
    const deadline = Date.now() + 30_000;
    for (;;) {
      try {
        await startTemporal(external, (l) => progress.push(l));
        break;
      } catch (err) {
        if (Date.now() > deadline) throw err;
        await new Promise((r) => setTimeout(r, 500));
      }
    }
    expect(progress.join('\n')).to.contain('search attributes registered');
    const after = await connection.operatorService.listSearchAttributes({ namespace });
    expect(Object.keys(after.customAttributes ?? {})).to.include.members(Object.keys(SEARCH_ATTRIBUTES));
    // a second start finds them all and adds nothing
    const again: string[] = [];
    await startTemporal(external, (l) => again.push(l));
    expect(again.join('\n')).to.not.contain('search attributes registered');
  });
});
