/**
 * motcua against a Temporal that requires mutual TLS, as a province's cluster or Temporal Cloud's certificate auth
 * does: the Temporal server (cluster mode binaries, the shipped config template with its TLS block) on its own
 * databases and ports with certificates made here (openssl); motcua connects through TEMPORAL_ADDRESS +
 * TEMPORAL_TLS_CERT / _KEY / _CA / _SERVER_NAME — the start-up check and search-attribute registration, then a
 * worker and a dossier end to end. Without a client certificate the same server refuses it.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import { Client, Connection } from '@temporalio/client';
import { loadConfig, type Config } from '../../config/index.js';
import { dropDatabase } from '../../db/index.js';
import { SEARCH_ATTRIBUTES } from '../../ir/index.js';
import { temporalConnectOptions, temporalReachable } from '../../services/index.js';
import { startProcess, portInUse, type ManagedProcess } from '../../services/process.js';
import {
  CLUSTER_CONFIG_FILE,
  clusterEnv,
  clusterPorts,
  setupClusterDatabases,
} from '../../services/temporal-cluster.js';
import { ensureNamespace } from '../../services/temporal-setup.js';
import { startTemporal } from '../../services/temporal.js';
import { ensureTool, TOOLS } from '../../services/tools.js';
import { oneStepIr } from '../workflows/fixtures/build-ir.js';
import { claimAndComplete, startDossier, startWorker } from '../workflows/support/harness.js';
import { testStack, type TestStack } from '../support/stack.js';

const SERVER_NAME = 'frontend.motcua.test';

function makeCertificates(dir: string) {
  const ssl = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
  ssl(
    'req',
    '-x509',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-days',
    '2',
    '-subj',
    '/CN=motcua test CA',
    '-keyout',
    'ca.key',
    '-out',
    'ca.pem',
  );
  for (const [name, cn, ext] of [
    [
      'server',
      SERVER_NAME,
      `subjectAltName=DNS:${SERVER_NAME},IP:127.0.0.1\nextendedKeyUsage=serverAuth,clientAuth`,
    ],
    ['client', 'motcua-worker', 'extendedKeyUsage=clientAuth'],
  ] as const) {
    fs.writeFileSync(path.join(dir, `${name}.ext`), `${ext}\n`);
    ssl(
      'req',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-subj',
      `/CN=${cn}`,
      '-keyout',
      `${name}.key`,
      '-out',
      `${name}.csr`,
    );
    ssl(
      'x509',
      '-req',
      '-in',
      `${name}.csr`,
      '-CA',
      'ca.pem',
      '-CAkey',
      'ca.key',
      '-CAcreateserial',
      '-days',
      '2',
      '-extfile',
      `${name}.ext`,
      '-out',
      `${name}.pem`,
    );
  }
  const f = (n: string) => path.join(dir, n);
  return {
    ca: f('ca.pem'),
    serverCert: f('server.pem'),
    serverKey: f('server.key'),
    clientCert: f('client.pem'),
    clientKey: f('client.key'),
  };
}

describe('services: motcua on a Temporal that requires mutual TLS', function () {
  this.timeout(15 * 60_000);
  let stack: TestStack;
  let proc: ManagedProcess | undefined;
  let external: Config;
  let address: string;

  before(async () => {
    stack = await testStack();
    let port = 25233;
    for (; port < 27000; port += 20) {
      const p = clusterPorts(port);
      const all = [
        p.frontend,
        p.frontendHttp,
        p.history,
        p.matching,
        p.worker,
        ...Object.values(p.membership),
      ];
      if (!(await Promise.all(all.map((x) => portInUse(x)))).some(Boolean)) break;
    }
    address = `127.0.0.1:${port}`;
    const dataDir = path.join(stack.config.dataDir, 'tls-test');
    fs.rmSync(dataDir, { recursive: true, force: true });
    fs.mkdirSync(dataDir, { recursive: true });
    const certs = makeCertificates(dataDir);
    const clusterConfig = loadConfig({
      ...process.env,
      MOTCUA_PROFILE: 'test',
      MOTCUA_TEMPORAL: 'cluster',
      TEMPORAL_ADDRESS: '',
      TEMPORAL_PORT: String(port),
      MOTCUA_TEMPORAL_DATABASE: 'temporal_tlstest',
      MOTCUA_TEMPORAL_SHARDS: '1',
      MOTCUA_DATA_DIR: dataDir,
    });
    for (const db of ['temporal_tlstest', 'temporal_tlstest_visibility']) {
      const url = new URL(clusterConfig.databaseUrl);
      url.pathname = `/${db}`;
      await dropDatabase(url.toString()).catch(() => undefined);
    }
    const [server, sqlTool] = await Promise.all([
      ensureTool(clusterConfig.toolsDir, TOOLS.temporalServer, () => undefined),
      ensureTool(clusterConfig.toolsDir, TOOLS.temporalSql, () => undefined),
    ]);
    await setupClusterDatabases(clusterConfig, sqlTool);
    proc = await startProcess({
      name: 'temporal-tls',
      exe: server,
      args: ['--config-file', CLUSTER_CONFIG_FILE, '--allow-no-auth', 'start'],
      env: {
        ...clusterEnv(clusterConfig, clusterPorts(port)),
        MOTCUA_TC_TLS_CERT: certs.serverCert,
        MOTCUA_TC_TLS_KEY: certs.serverKey,
        MOTCUA_TC_TLS_CA: certs.ca,
        MOTCUA_TC_TLS_SERVER_NAME: SERVER_NAME,
        MOTCUA_TC_TLS_CLIENT_CERT: certs.clientCert,
        MOTCUA_TC_TLS_CLIENT_KEY: certs.clientKey,
      },
      runDir: dataDir,
      ports: [],
    });
    // motcua's settings for this cluster, as a province would write them
    external = loadConfig({
      ...process.env,
      MOTCUA_PROFILE: 'test',
      TEMPORAL_ADDRESS: address,
      TEMPORAL_NAMESPACE: 'motcua-tls',
      TEMPORAL_TLS_CERT: certs.clientCert,
      TEMPORAL_TLS_KEY: certs.clientKey,
      TEMPORAL_TLS_CA: certs.ca,
      TEMPORAL_TLS_SERVER_NAME: SERVER_NAME,
    });
    // the namespace is the province's to create (an operator's step): done here over the same TLS connection
    const deadline = Date.now() + 120_000;
    for (;;) {
      try {
        const c = await Connection.connect({
          ...temporalConnectOptions(external.temporal),
          connectTimeout: 2000,
        });
        try {
          await c.workflowService.getSystemInfo({});
          await ensureNamespace(c, 'motcua-tls');
        } finally {
          await c.close();
        }
        break;
      } catch (err) {
        if (Date.now() > deadline || proc.child.exitCode !== null) throw err;
        await new Promise((r) => setTimeout(r, 500));
      }
    }
  });

  after(async () => {
    await proc?.stop();
  });

  it('refuses a client without a certificate', async () => {
    expect(
      await temporalReachable(
        {
          address,
          tls: {
            serverRootCACertificate: fs.readFileSync(external.temporal.tls!.caFile!),
            serverNameOverride: SERVER_NAME,
          },
        },
        'motcua-tls',
        3000,
      ),
    ).to.equal(false);
    expect(await temporalReachable(address, 'motcua-tls', 3000)).to.equal(false);
  });

  it('start-up reaches it with the TLS settings and registers motcua’s search attributes there', async () => {
    const lines: string[] = [];
    const deadline = Date.now() + 30_000;
    for (;;) {
      try {
        await startTemporal(external, (l) => lines.push(l));
        break;
      } catch (err) {
        if (Date.now() > deadline) throw err;
        await new Promise((r) => setTimeout(r, 500)); // the new namespace reaches every service within seconds
      }
    }
    expect(lines.join('\n')).to.contain(`external server at ${address}`);
    const c = await Connection.connect(temporalConnectOptions(external.temporal));
    try {
      const listed = await c.operatorService.listSearchAttributes({ namespace: 'motcua-tls' });
      expect(Object.keys(listed.customAttributes ?? {})).to.include.members(Object.keys(SEARCH_ATTRIBUTES));
    } finally {
      await c.close();
    }
  });

  it('a worker and a dossier run end to end over mTLS', async () => {
    const connection = await Connection.connect(temporalConnectOptions(external.temporal));
    const client = new Client({ connection, namespace: 'motcua-tls' });
    const tlsStack: TestStack = {
      ...stack,
      client,
      config: { ...stack.config, temporal: { ...external.temporal } },
    };
    const worker = await startWorker(tlsStack);
    try {
      const ir = oneStepIr({ code: 'TLS-1', agency: 'STP', duration: { amount: 1, unit: 'working-day' } });
      const d = await startDossier(tlsStack, worker.taskQueue, ir);
      await claimAndComplete(d.handle, 'receive#1', 'tiepnhan1');
      expect(((await d.handle.result()) as { outcome: string }).outcome).to.equal('returned');
    } finally {
      await worker.stop();
      await connection.close();
    }
  });
});
