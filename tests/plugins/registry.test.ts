/** Plugin declarations are checked when the worker builds its registry. */
import { expect } from 'chai';
import {
  builtinPlugins,
  createPluginRegistry,
  parseDuration,
  PluginDeclarationError,
  type Plugin,
} from '../../plugins/index.js';

const ok: Plugin = {
  type: 'acme.sms',
  inputSchema: { type: 'object' },
  outputSchema: { type: 'object' },
  timeout: '30s',
  retry: { maximumAttempts: 3, initialInterval: 500, maximumInterval: '1m' },
  run: async () => ({}),
};

describe('plugins: registry', () => {
  it('registers the built-ins and project plugins with normalised timeout and retry', () => {
    const registry = createPluginRegistry([...builtinPlugins, ok]);
    expect(registry.types()).to.deep.equal(['notify.webhook', 'noop', 'acme.sms']);
    const sms = registry.get('acme.sms')!;
    expect(sms.timeoutMs).to.equal(30_000);
    expect(sms.retry).to.deep.equal({
      maximumAttempts: 3,
      initialIntervalMs: 500,
      backoffCoefficient: 2,
      maximumIntervalMs: 60_000,
    });
    expect(registry.get('notify.webhook')!.checkInput({ url: 'ftp://x' })).to.not.deep.equal([]);
    expect(
      registry.get('notify.webhook')!.checkInput({ url: 'https://sms.gov.vn/hook', payload: { a: 1 } }),
    ).to.deep.equal([]);
  });

  it('rejects duplicate types, bad names, bad schemas, bad timeouts and retry policies', () => {
    const bad =
      (p: Partial<Plugin>, list: Plugin[] = []) =>
      () =>
        createPluginRegistry([...list, { ...ok, ...p }]);
    expect(bad({}, [ok])).to.throw(PluginDeclarationError, /registered twice/);
    expect(bad({ type: 'Bad Type' })).to.throw(PluginDeclarationError);
    expect(bad({ inputSchema: { type: 'no-such-type' } })).to.throw(PluginDeclarationError, /JSON Schema/);
    expect(bad({ timeout: 'soon' })).to.throw(PluginDeclarationError, /timeout/);
    expect(bad({ retry: { maximumAttempts: 0 } })).to.throw(PluginDeclarationError, /maximumAttempts/);
  });

  it('parses durations', () => {
    expect([
      parseDuration('500ms', 't', 'x'),
      parseDuration('2m', 't', 'x'),
      parseDuration(1500, 't', 'x'),
      parseDuration('1.5s', 't', 'x'),
    ]).to.deep.equal([500, 120_000, 1500, 1500]);
  });
});
