import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Core } from '../../../electron/core/createCore';
import type { ConnectionCheck } from '../../../shared/ipc/contract';
import type { ProductSummary } from '../../../shared/catalog';
import { makeTestCore } from '../../support/core';

let core: Core;
let dataDir: string;
let cleanup: () => Promise<void>;
beforeEach(() => {
  ({ core, dataDir, cleanup } = makeTestCore());
});
afterEach(() => cleanup());

const value = async <T>(promise: Promise<{ ok: boolean; value?: unknown }>) => {
  const result = await promise;
  expect(result.ok).toBe(true);
  return result.value as T;
};

describe('first run: the demo workspace', () => {
  it('opens the sample catalog with nothing configured, in its own folder', async () => {
    expect(await value(core.dispatch('getAppInfo', undefined))).toMatchObject({ workspace: 'demo' });
    const products = await value<ProductSummary[]>(core.dispatch('listProducts', { search: 'grafica', limit: 500 }));
    expect(products.length).toBeGreaterThan(3);
    expect(products.every((p) => /gr[aá]fic/i.test(`${p.name} ${p.category}`))).toBe(true);
    expect(fs.existsSync(path.join(dataDir, 'demo', 'vitrina.db'))).toBe(true);
  });

  it('tests its storage through the same S3 code path as a real bucket', async () => {
    await core.startServices();
    const check = await value<ConnectionCheck>(core.dispatch('testS3Connection', undefined));
    expect(check.target).toMatch(/vitrina-demo.*127\.0\.0\.1/);
    // The demo's endpoint is never written into the shop's settings.
    expect(await value(core.dispatch('getSettings', undefined))).toMatchObject({ 's3.bucket': '', 's3.endpoint': '' });
  });

  it('leaves the demo for the shop with one settings change, and the demo data stays behind', async () => {
    await core.startServices();
    const changes: string[] = [];
    const switched = new Promise<void>((resolve) => core.events.on('workspaceChanged', ({ kind }) => { changes.push(kind); resolve(); }));
    await value(core.dispatch('updateSettings', { 'db.host': 'db.example.com' }));
    await switched;
    expect(changes).toEqual(['shop']);
    expect(await value(core.dispatch('getAppInfo', undefined))).toMatchObject({ workspace: 'shop' });
    expect(await value(core.dispatch('listProducts', {}))).toEqual([]); // the shop's mirror, not the demo's
    const s3 = await core.dispatch('testS3Connection', undefined);
    expect(s3).toMatchObject({ ok: false, error: { kind: 'not-configured' } }); // no demo storage behind it any more
    expect(fs.existsSync(path.join(dataDir, 'demo', 'vitrina.db'))).toBe(true);
  });
});
