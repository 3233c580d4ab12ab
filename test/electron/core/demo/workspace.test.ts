import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { sampleProducts } from '../../../../electron/core/catalog/remote/sampleCatalog';
import { testS3Connection } from '../../../../electron/core/connections/testS3';
import { isDemoStore } from '../../../../electron/core/demo/demoCatalog';
import { openDemoWorkspace, resolveWorkspace } from '../../../../electron/core/demo/workspace';
import { openLocalDatabase } from '../../../../electron/core/store/database';
import { defaultSettings, type Settings } from '../../../../shared/settings';
import { makeTempDir } from '../../../support/tempDir';

const tmp = makeTempDir('vitrina-demo-workspace-');
afterAll(() => tmp.remove());

describe('resolveWorkspace', () => {
  const dataDir = path.join(tmp.dir, 'data');
  it('opens the demo, in its own folder, when nothing is configured', () => {
    expect(resolveWorkspace(dataDir, defaultSettings)).toEqual({ kind: 'demo', dir: path.join(dataDir, 'demo') });
    // Settings that do not point at a shop do not leave the demo.
    const unrelated: Settings = { ...defaultSettings, 's3.region': 'eu-west-1', 'db.user': 'staff', 'ui.language': 'es' };
    expect(resolveWorkspace(dataDir, unrelated).kind).toBe('demo');
  });

  it('opens the shop once its bucket or its database host is set', () => {
    expect(resolveWorkspace(dataDir, { ...defaultSettings, 's3.bucket': 'shop-photos' })).toEqual({ kind: 'shop', dir: dataDir });
    expect(resolveWorkspace(dataDir, { ...defaultSettings, 'db.host': 'db.shop.example' })).toEqual({ kind: 'shop', dir: dataDir });
  });
});

describe('openDemoWorkspace', () => {
  const dataDir = path.join(tmp.dir, 'first-run');

  it('creates the demo store and storage under <dataDir>/demo, never touching the shop store', async () => {
    const demo = await openDemoWorkspace(dataDir);
    try {
      expect(demo.dir).toBe(path.join(dataDir, 'demo'));
      expect(fs.existsSync(path.join(dataDir, 'demo', 'vitrina.db'))).toBe(true);
      expect(fs.existsSync(path.join(dataDir, 'demo', 's3', 'vitrina-demo'))).toBe(true);
      expect(fs.existsSync(path.join(dataDir, 'vitrina.db'))).toBe(false);
      expect(isDemoStore(demo.db)).toBe(true);
      expect(demo.db.prepare('SELECT count(*) FROM products').pluck().get()).toBe(sampleProducts.length);
      const check = await testS3Connection({ ...defaultSettings, ...demo.storage.settings }, async () => demo.storage.credentials);
      expect(check.target).toContain('vitrina-demo');
    } finally {
      await demo.close();
    }
  });

  it('loads the catalog only the first time, and closes cleanly (twice is harmless)', async () => {
    const store = openLocalDatabase(path.join(dataDir, 'demo', 'vitrina.db'));
    store.prepare("UPDATE products SET name = 'Renamed in the demo' WHERE id = 1").run();
    store.close();

    const demo = await openDemoWorkspace(dataDir);
    expect(demo.db.prepare('SELECT name FROM products WHERE id = 1').pluck().get()).toBe('Renamed in the demo');
    await demo.close();
    await demo.close();
    expect(demo.db.open).toBe(false);
    await expect(fetch(`${demo.storage.endpoint}/vitrina-demo`)).rejects.toThrow();
  });
});
