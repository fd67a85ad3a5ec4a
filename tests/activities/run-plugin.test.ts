/** The plugin host: schema checks, retryable vs non-retryable failures, timeouts. */
import { expect } from 'chai';
import { ApplicationFailure } from '@temporalio/common';
import { runPluginAttempt } from '../../activities/run-plugin.js';
import { createPluginRegistry, PluginError, type Plugin } from '../../plugins/index.js';

const base = { workflowId: 'w', dossierId: 'd', dossierCode: 'c', nodeId: 'n', idempotencyKey: 'k' };

function plugin(run: Plugin['run'], extra: Partial<Plugin> = {}): Plugin {
  return {
    type: 'test.p',
    inputSchema: { type: 'object', required: ['x'], properties: { x: { type: 'integer' } } },
    outputSchema: { type: 'object', required: ['y'], properties: { y: { type: 'integer' } } },
    timeout: '200ms',
    retry: { maximumAttempts: 2 },
    run,
    ...extra,
  };
}

async function failure(p: Promise<unknown>): Promise<ApplicationFailure> {
  try {
    await p;
  } catch (err) {
    expect(err).to.be.instanceOf(ApplicationFailure);
    return err as ApplicationFailure;
  }
  throw new Error('expected a failure');
}

describe('activities: plugin host', () => {
  it('runs a plugin with checked input and output', async () => {
    const registry = createPluginRegistry([
      plugin(async (input, ctx) => ({ y: (input.x as number) * 2, key: ctx.idempotencyKey })),
    ]);
    expect(await runPluginAttempt(registry, { ...base, type: 'test.p', input: { x: 21 } })).to.deep.equal({
      y: 42,
      key: 'k',
    });
  });

  it('fails at once on unknown plugins, invalid input, invalid output and non-retryable plugin errors', async () => {
    const registry = createPluginRegistry([
      plugin(async (input) =>
        input.x === 1 ? { wrong: true } : Promise.reject(new PluginError('HTTP 400', { retryable: false })),
      ),
    ]);
    const unknown = await failure(runPluginAttempt(registry, { ...base, type: 'nope', input: {} }));
    expect([unknown.type, unknown.nonRetryable]).to.deep.equal(['plugin-unknown', true]);
    const badInput = await failure(
      runPluginAttempt(registry, { ...base, type: 'test.p', input: { x: 'a' } }),
    );
    expect([badInput.type, badInput.nonRetryable]).to.deep.equal(['plugin-invalid-input', true]);
    const badOutput = await failure(runPluginAttempt(registry, { ...base, type: 'test.p', input: { x: 1 } }));
    expect([badOutput.type, badOutput.nonRetryable]).to.deep.equal(['plugin-invalid-output', true]);
    const permanent = await failure(runPluginAttempt(registry, { ...base, type: 'test.p', input: { x: 2 } }));
    expect([permanent.type, permanent.nonRetryable, permanent.message]).to.deep.equal([
      'plugin-failed',
      true,
      'HTTP 400',
    ]);
  });

  it('a plain error or the plugin timeout is retryable', async () => {
    const registry = createPluginRegistry([
      plugin((input, ctx) =>
        input.x === 1
          ? Promise.reject(new Error('boom'))
          : new Promise((_, reject) =>
              ctx.signal.addEventListener('abort', () => reject(new Error('aborted: timeout'))),
            ),
      ),
    ]);
    const plain = await failure(runPluginAttempt(registry, { ...base, type: 'test.p', input: { x: 1 } }));
    expect(plain.nonRetryable).to.equal(false);
    const t0 = Date.now();
    const slow = await failure(runPluginAttempt(registry, { ...base, type: 'test.p', input: { x: 2 } }));
    expect(slow.nonRetryable).to.equal(false);
    expect(slow.message).to.contain('timeout');
    expect(Date.now() - t0).to.be.lessThan(2000);
  });
});
