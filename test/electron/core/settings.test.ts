import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../../../electron/core/createCore';
import { defaultSettings } from '../../../shared/settings';
import { makeTestCore } from '../../support/core';

let core: Core;
let dataDir: string;
let cleanup: () => Promise<void>;
beforeEach(() => {
  ({ core, dataDir, cleanup } = makeTestCore());
});
afterEach(() => cleanup());

describe('settings', () => {
  it('starts from the defaults', async () => {
    expect(await core.dispatch('getSettings', undefined)).toEqual({ ok: true, value: defaultSettings });
  });

  it('saves a valid patch, emits settingsChanged, and keeps it across restarts', async () => {
    const seen: unknown[] = [];
    core.events.on('settingsChanged', (s) => seen.push(s['s3.bucket']));
    const saved = await core.dispatch('updateSettings', {
      's3.bucket': 'shop-photos',
      's3.region': 'eu-west-1',
      's3.endpoint': 'http://127.0.0.1:9000',
      's3.forcePathStyle': true,
      's3.checksums': 'when-required',
      'db.port': 6543,
    });
    expect(saved).toMatchObject({ ok: true, value: { 's3.bucket': 'shop-photos', 'db.port': 6543 } });
    expect(seen).toEqual(['shop-photos']);
    core.close();

    const reopened = createCore({ dataDir, transport: 'web', systemLocale: 'en' });
    const afterRestart = await reopened.dispatch('getSettings', undefined);
    expect(afterRestart.ok && afterRestart.value).toMatchObject({
      's3.bucket': 'shop-photos',
      's3.region': 'eu-west-1',
      's3.forcePathStyle': true,
      's3.checksums': 'when-required',
      'db.port': 6543,
    });
    core = reopened;
  });

  it.each([
    [{ 's3.bucket': 'Not_A_Bucket' }, /bucket name/],
    [{ 's3.endpoint': 'ftp://example.com' }, /http/],
    [{ 'db.port': 70000 }, /1–65535/],
    [{ 's3.checksums': 'sometimes' }, /s3.checksums/],
    [{ 'db.password': 'secret' }, /db.password/],
  ])('refuses %j with a clear message and saves nothing', async (patch, message) => {
    const result = await core.dispatch('updateSettings', { 's3.region': 'eu-north-1', ...patch });
    expect(result).toMatchObject({ ok: false, error: { kind: 'validation' } });
    if (!result.ok) expect(result.error.message).toMatch(message);
    expect(core.settings.getAll()['s3.region']).toBe(defaultSettings['s3.region']);
  });
});
