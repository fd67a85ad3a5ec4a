/** How motcua connects to an external Temporal: TLS files, server name, API key (Temporal Cloud, TLS clusters). */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { ConfigError, loadConfig } from '../../config/index.js';
import { StartupError, temporalConnectOptions } from '../../services/index.js';

describe('services: Temporal connection options', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'motcua-tls-'));
  const file = (name: string, text: string) => {
    fs.writeFileSync(path.join(dir, name), text);
    return path.join(dir, name);
  };
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('plain address by default (embedded servers on loopback)', () => {
    const c = loadConfig({});
    expect(temporalConnectOptions(c.temporal)).to.deep.equal({ address: '127.0.0.1:7233' });
  });

  it('mTLS: client certificate and key, the CA and the server name, read from their files', () => {
    const c = loadConfig({
      TEMPORAL_ADDRESS: 'motcua.abcde.tmprl.cloud:7233',
      TEMPORAL_NAMESPACE: 'motcua.abcde',
      TEMPORAL_TLS_CERT: file('client.pem', 'CERT'),
      TEMPORAL_TLS_KEY: file('client.key', 'KEY'),
      TEMPORAL_TLS_CA: file('ca.pem', 'CA'),
      TEMPORAL_TLS_SERVER_NAME: 'frontend.temporal.internal',
    });
    const o = temporalConnectOptions(c.temporal);
    expect(o.address).to.equal('motcua.abcde.tmprl.cloud:7233');
    expect(o.tls?.serverNameOverride).to.equal('frontend.temporal.internal');
    expect(Buffer.from(o.tls!.serverRootCACertificate!).toString()).to.equal('CA');
    expect(Buffer.from(o.tls!.clientCertPair!.crt).toString()).to.equal('CERT');
    expect(Buffer.from(o.tls!.clientCertPair!.key).toString()).to.equal('KEY');
    expect(o.apiKey).to.equal(undefined);
  });

  it('an API key implies TLS (Temporal Cloud); TEMPORAL_TLS=1 alone is TLS with the system’s CAs', () => {
    const key = loadConfig({
      TEMPORAL_ADDRESS: 'eu-west-1.aws.api.temporal.io:7233',
      TEMPORAL_API_KEY: 'k-123',
    });
    expect(temporalConnectOptions(key.temporal)).to.deep.equal({
      address: 'eu-west-1.aws.api.temporal.io:7233',
      tls: {},
      apiKey: 'k-123',
    });
    const plain = loadConfig({ TEMPORAL_ADDRESS: 't.internal:7233', TEMPORAL_TLS: '1' });
    expect(temporalConnectOptions(plain.temporal)).to.deep.equal({ address: 't.internal:7233', tls: {} });
  });

  it('a certificate without its key, or a file that is not there, is one clear error naming the setting', () => {
    expect(() => loadConfig({ TEMPORAL_TLS_CERT: '/x.pem' })).to.throw(ConfigError, /TEMPORAL_TLS_KEY/);
    const c = loadConfig({ TEMPORAL_ADDRESS: 'x:7233', TEMPORAL_TLS_CA: path.join(dir, 'missing.pem') });
    expect(() => temporalConnectOptions(c.temporal)).to.throw(StartupError, /TEMPORAL_TLS_CA=.*missing\.pem/);
  });
});
