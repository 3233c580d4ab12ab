import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildVitrinaApi, type Transport } from '../../shared/ipc/buildApi';
import { channels, eventNames } from '../../shared/ipc/channels';
import { contract } from '../../shared/ipc/contract';
import { errorKinds, type Result } from '../../shared/result';
import type { Core } from '../../electron/core/createCore';
import { makeTestCore } from '../support/core';

let core: Core;
let cleanup: () => Promise<void>;
beforeAll(() => {
  ({ core, cleanup } = makeTestCore());
});
afterAll(() => cleanup());

const isResult = (r: Result<unknown>) =>
  r.ok === true ? 'value' in r : errorKinds.includes(r.error.kind) && typeof r.error.message === 'string' && r.error.message.length > 0;

describe('IPC contract', () => {
  it('has exactly one handler per channel and one schema per channel', () => {
    expect(Object.keys(core.handlers).sort()).toEqual([...channels].sort());
    expect(Object.keys(contract).sort()).toEqual([...channels].sort());
  });

  it('builds one API method per channel plus typed subscriptions, over any transport', async () => {
    const calls: string[] = [];
    const subscribed: string[] = [];
    const transport: Transport = {
      invoke: async (channel, request) => {
        calls.push(channel);
        return core.dispatch(channel, request);
      },
      subscribe: (event) => {
        subscribed.push(event);
        return () => {};
      },
    };
    const api = buildVitrinaApi(transport);
    expect(Object.keys(api).sort()).toEqual([...channels, 'on'].sort());
    expect(Object.isFrozen(api)).toBe(true);
    const settings = await api.getSettings();
    expect(settings.ok).toBe(true);
    expect(calls).toEqual(['getSettings']);
    for (const event of eventNames) api.on(event, () => {});
    expect(subscribed).toEqual([...eventNames]);
    expect(() => api.on('nope' as never, () => {})).toThrow(/Unknown event/);
  });

  it('refuses an invalid payload with kind validation, without echoing values, and keeps serving', async () => {
    const secretLooking = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
    const bad = await core.dispatch('setAwsCredentials', { accessKeyId: 'has space', secretAccessKey: secretLooking, extra: 1 });
    expect(bad).toMatchObject({ ok: false, error: { kind: 'validation' } });
    expect(JSON.stringify(bad)).not.toContain(secretLooking);

    const wrongType = await core.dispatch('updateSettings', { 's3.bucket': 42 });
    expect(wrongType).toMatchObject({ ok: false, error: { kind: 'validation' } });
    if (!wrongType.ok) expect(wrongType.error.message).toContain('s3.bucket');

    const unknown = await core.dispatch('dropDatabase', {});
    expect(unknown).toMatchObject({ ok: false, error: { kind: 'validation' } });

    expect(await core.dispatch('getSettings', undefined)).toMatchObject({ ok: true });
  });

  it('survives 1,000 random payloads on random channels and still serves', async () => {
    const channelArb = fc.oneof(fc.constantFrom(...channels), fc.string(), fc.constantFrom('__proto__', 'constructor', 'toString'));
    const payloadArb = fc.oneof(
      fc.anything({ withObjectString: true, withNullPrototype: true, withBigInt: true, withDate: true, withMap: true, withSet: true }),
      fc.dictionary(fc.constantFrom('s3.bucket', 'db.port', 'which', 'password', '__proto__', 'accessKeyId'), fc.anything()),
      fc.string({ maxLength: 100_000 }),
    );
    await fc.assert(
      fc.asyncProperty(channelArb, payloadArb, async (channel, payload) => {
        const result = await core.dispatch(channel, payload);
        expect(isResult(result)).toBe(true);
      }),
      { numRuns: 1000 },
    );
    expect(await core.dispatch('getAppInfo', undefined)).toMatchObject({ ok: true, value: { transport: 'web' } });
  });
});
