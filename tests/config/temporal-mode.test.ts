/** loadConfig: which Temporal motcua uses (MOTCUA_TEMPORAL, TEMPORAL_ADDRESS) and the embedded cluster's settings. */
import { expect } from 'chai';
import { ConfigError, DEFAULT_HISTORY_SHARDS, loadConfig } from '../../config/index.js';
import { clusterPorts } from '../../services/temporal-cluster.js';
import { StartupError } from '../../services/index.js';

function configError(env: NodeJS.ProcessEnv): ConfigError {
  try {
    loadConfig(env);
  } catch (err) {
    expect(err).to.be.instanceOf(ConfigError);
    return err as ConfigError;
  }
  throw new Error('expected a ConfigError');
}

describe('config: the Temporal mode', () => {
  it('embedded dev server by default; the cluster when asked; external whenever TEMPORAL_ADDRESS is set', () => {
    expect(loadConfig({}).temporal.mode).to.equal('dev');
    expect(loadConfig({ MOTCUA_TEMPORAL: 'dev' }).temporal.mode).to.equal('dev');
    expect(loadConfig({ MOTCUA_TEMPORAL: 'cluster' }).temporal.mode).to.equal('cluster');
    const ext = loadConfig({ MOTCUA_TEMPORAL: 'cluster', TEMPORAL_ADDRESS: 'temporal.internal:7233' });
    expect([ext.temporal.mode, ext.temporal.address]).to.deep.equal(['external', 'temporal.internal:7233']);
  });

  it('cluster databases and shards: defaults per profile, settings checked', () => {
    expect(loadConfig({}).temporal.cluster).to.deep.equal({
      shards: DEFAULT_HISTORY_SHARDS,
      database: 'temporal',
    });
    expect(loadConfig({ MOTCUA_PROFILE: 'test' }).temporal.cluster.database).to.equal('temporal_test');
    expect(
      loadConfig({ MOTCUA_TEMPORAL_SHARDS: '16', MOTCUA_TEMPORAL_DATABASE: 'tinh_temporal' }).temporal
        .cluster,
    ).to.deep.equal({ shards: 16, database: 'tinh_temporal' });
    expect(configError({ MOTCUA_TEMPORAL: 'prod' }).message).to.contain('MOTCUA_TEMPORAL=prod');
    expect(configError({ MOTCUA_TEMPORAL_SHARDS: '0' }).message).to.contain('MOTCUA_TEMPORAL_SHARDS=0');
    expect(configError({ MOTCUA_TEMPORAL_DATABASE: 'Temporal; drop' }).fix).to.contain(
      'MOTCUA_TEMPORAL_DATABASE',
    );
  });

  it('cluster ports: laid out from the frontend port, membership ports kept below 32768', () => {
    expect(clusterPorts(7233)).to.deep.equal({
      frontend: 7233,
      frontendHttp: 7243,
      history: 7234,
      matching: 7235,
      worker: 7239,
      membership: { frontend: 6933, history: 6934, matching: 6935, worker: 6939 },
    });
    expect(clusterPorts(32_000).membership.worker).to.equal(31_706);
    expect(() => clusterPorts(33_061)).not.to.throw();
    expect(() => clusterPorts(33_062)).to.throw(StartupError, /TEMPORAL_PORT=33062/);
    expect(() => clusterPorts(1_000)).to.throw(StartupError, /smallint/);
  });
});
