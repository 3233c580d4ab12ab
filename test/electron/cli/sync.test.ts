import path from 'node:path';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateCatalog } from '../../../electron/core/catalog/remote/migrate';
import { seedSample } from '../../../electron/core/catalog/remote/seed';
import { databaseFile } from '../../../electron/core/paths';
import { openLocalDatabase } from '../../../electron/core/store/database';
import { SettingsTable } from '../../../electron/core/store/settings';
import { runVitrina } from '../../support/cli';
import { useTestKeychainService } from '../../support/keychain';
import { connectTestDb, createThrowawayDatabase, testPg } from '../../support/postgres';
import { makeTempDir } from '../../support/tempDir';

let tmp: ReturnType<typeof makeTempDir>;
let dataDir: string;
let db: Awaited<ReturnType<typeof createThrowawayDatabase>>;
let admin: pg.Client;
let sku: string;

const vitrina = (...args: string[]) => runVitrina(['--data-dir', dataDir, ...args]);

beforeAll(async () => {
  useTestKeychainService();
  tmp = makeTempDir();
  dataDir = path.join(tmp.dir, 'data');
  db = await createThrowawayDatabase();
  admin = await connectTestDb(db.name);
  await migrateCatalog(admin, { withProducts: true });
  await seedSample(admin);
  sku = (await admin.query<{ sku: string }>('SELECT sku FROM products ORDER BY sku LIMIT 1')).rows[0]!.sku;
  const store = openLocalDatabase(databaseFile(dataDir));
  new SettingsTable(store).update({ 'db.host': testPg.host, 'db.port': testPg.port, 'db.user': testPg.user, 'db.database': db.name, 'db.sslmode': 'disable' });
  store.close();
  if (process.env.PGPASSWORD) expect(await runVitrina(['--data-dir', dataDir, 'credentials', 'set', 'db'], { stdin: process.env.PGPASSWORD })).toMatchObject({ code: 0 });
});
afterAll(async () => {
  await vitrina('credentials', 'clear');
  await admin.end();
  tmp.remove();
  await db.drop();
});

describe('vitrina sync, review, conflicts', () => {
  it('pulls the whole catalog on the first sync, as text and as JSON', async () => {
    const first = await vitrina('sync');
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/✔ pulled the whole catalog: \d+ row\(s\) updated, 0 removed\n✔ in sync \(\d+ ms\)/);
    const second = await vitrina('--json', 'sync');
    expect(second.code).toBe(0);
    expect(JSON.parse(second.stdout)).toMatchObject({ pushed: 0, conflicts: 0, pending: 0, error: null, pulled: { full: false } });
  });

  it('reviews a product: saved locally, pushed at once, and visible in PostgreSQL', async () => {
    const res = await vitrina('review', sku.toLowerCase(), '--status', 'needs_photos', '--note', 'falta la foto trasera');
    expect(res).toMatchObject({ code: 0, stdout: `✔ ${sku}: needs_photos — falta la foto trasera (saved on this computer)\n✔ pushed to the shop's database.\n` });
    const row = await admin.query('SELECT r.status, r.note FROM product_reviews r JOIN products p ON p.id = r.product_id WHERE p.sku = $1', [sku]);
    expect(row.rows).toEqual([{ status: 'needs_photos', note: 'falta la foto trasera' }]);
  });

  it('keeps an --offline review queued until `vitrina sync`', async () => {
    const res = await vitrina('--json', 'review', sku, '--status', 'approved', '--offline');
    expect(res.code).toBe(0);
    expect(JSON.parse(res.stdout)).toMatchObject({ product: { sku, review: { status: 'approved' } }, sync: null });
    const before = await admin.query('SELECT r.status FROM product_reviews r JOIN products p ON p.id = r.product_id WHERE p.sku = $1', [sku]);
    expect(before.rows[0]).toEqual({ status: 'needs_photos' });
    expect(await vitrina('sync')).toMatchObject({ code: 0, stdout: expect.stringMatching(/^✔ pushed 1 edit\(s\)\n/) });
    const after = await admin.query('SELECT r.status FROM product_reviews r JOIN products p ON p.id = r.product_id WHERE p.sku = $1', [sku]);
    expect(after.rows[0]).toEqual({ status: 'approved' });
  });

  it('refuses an unknown status (exit 2), an unknown SKU (exit 1), and says when there are no conflicts', async () => {
    expect(await vitrina('review', sku, '--status', 'maybe')).toMatchObject({ code: 2, stderr: expect.stringContaining('Unknown review status "maybe". Use one of: approved, needs_photos, rejected.') });
    expect(await vitrina('review', 'NOPE-1', '--status', 'approved')).toMatchObject({ code: 1, stderr: expect.stringContaining('No product with SKU "NOPE-1"') });
    expect(await vitrina('conflicts')).toMatchObject({ code: 0, stdout: expect.stringMatching(/^No conflicts/) });
  });

  it('reports a database that is down (exit 1) and keeps the review queued', async () => {
    const store = openLocalDatabase(databaseFile(dataDir));
    new SettingsTable(store).update({ 'db.port': 1 });
    store.close();
    const res = await vitrina('review', sku, '--status', 'rejected');
    expect(res.code).toBe(0);
    expect(res.stdout).toMatch(/! not pushed yet: .*It stays queued/);
    const sync = await vitrina('sync');
    expect(sync.code).toBe(1);
    expect(sync.stdout).toMatch(/✖ .*\n1 edit\(s\) still waiting to be pushed/);
  });
});

describe('vitrina sync in the demo workspace', () => {
  it('refuses: the demo is never synced (exit 1)', async () => {
    const demo = makeTempDir();
    try {
      const res = await runVitrina(['--data-dir', demo.dir, 'sync']);
      expect(res).toMatchObject({ code: 1, stderr: expect.stringContaining('demo workspace is never synced') });
    } finally {
      demo.remove();
    }
  });
});
