/** loadConfig: WORKER_MAX_CACHED_WORKFLOWS (the worker's sticky workflow cache). */
import { expect } from 'chai';
import { ConfigError, DEFAULT_MAX_CACHED_WORKFLOWS, loadConfig } from '../../config/index.js';

describe('config: WORKER_MAX_CACHED_WORKFLOWS', () => {
  it('defaults to a bounded cache of 1000 workflows (unset or empty)', () => {
    expect(DEFAULT_MAX_CACHED_WORKFLOWS).to.equal(1000);
    expect(loadConfig({}).worker.maxCachedWorkflows).to.equal(1000);
    expect(loadConfig({ MOTCUA_PROFILE: 'test' }).worker.maxCachedWorkflows).to.equal(1000);
    expect(loadConfig({ WORKER_MAX_CACHED_WORKFLOWS: '' }).worker.maxCachedWorkflows).to.equal(1000);
  });

  it('reads a whole number', () => {
    expect(loadConfig({ WORKER_MAX_CACHED_WORKFLOWS: '2000' }).worker.maxCachedWorkflows).to.equal(2000);
    expect(loadConfig({ WORKER_MAX_CACHED_WORKFLOWS: ' 250 ' }).worker.maxCachedWorkflows).to.equal(250);
    expect(loadConfig({ WORKER_MAX_CACHED_WORKFLOWS: '2' }).worker.maxCachedWorkflows).to.equal(2);
  });

  for (const bad of ['0', '1', '-5', '1.5', '1e3', 'abc', '0x10', '99999999999999999999']) {
    it(`rejects ${JSON.stringify(bad)} naming the variable, in Vietnamese and English, with the fix`, () => {
      let err: unknown;
      try {
        loadConfig({ WORKER_MAX_CACHED_WORKFLOWS: bad });
      } catch (e) {
        err = e;
      }
      expect(err).to.be.instanceOf(ConfigError);
      const e = err as ConfigError;
      expect(e.message).to.equal(
        `WORKER_MAX_CACHED_WORKFLOWS=${bad} phải là số nguyên ≥ 2 / must be a whole number ≥ 2`,
      );
      expect(e.fix).to.include('WORKER_MAX_CACHED_WORKFLOWS=1000');
    });
  }
});
