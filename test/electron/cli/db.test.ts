import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sampleProducts } from '../../../electron/core/catalog/remote/sampleCatalog';
import { runVitrina } from '../../support/cli';
import { useTestKeychainService } from '../../support/keychain';
import { connectTestDb, createThrowawayDatabase, testPg } from '../../support/postgres';
import { makeTempDir } from '../../support/tempDir';

let tmp: ReturnType<typeof makeTempDir>;
let dataDir: string;
let db: Awaited<ReturnType<typeof createThrowawayDatabase>>;

const vitrina = (args: string[], options?: Parameters<typeof runVitrina>[1]) => runVitrina(['--data-dir', dataDir, ...args], options);
const noKeychain = { DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent/vitrina-test-bus', DISPLAY: '' };

beforeAll(async () => {
  useTestKeychainService(); // inherited by the child processes
  tmp = makeTempDir();
  dataDir = path.join(tmp.dir, 'data');
  db = await createThrowawayDatabase();
  for (const [key, value] of Object.entries({ 'db.host': testPg.host, 'db.port': String(testPg.port), 'db.user': testPg.user, 'db.database': db.name, 'db.sslmode': 'disable' }))
    expect(await vitrina(['config', 'set', key, value])).toMatchObject({ code: 0 });
  // The password the local server wants, if any (.ci/run sets one on a stock Debian install).
  expect(await vitrina(['credentials', 'set', 'db'], { stdin: process.env.PGPASSWORD ?? 'unused-with-trust-auth' })).toMatchObject({ code: 0 });
});
afterAll(async () => {
  await vitrina(['credentials', 'clear']);
  tmp.remove();
  await db.drop();
});

describe('vitrina db migrate', () => {
  it('refuses a database without a products table and says how to create one (exit 1)', async () => {
    const res = await vitrina(['db', 'migrate']);
    expect(res.code).toBe(1);
    expect(res.stderr).toMatch(/products table was not found.*vitrina db migrate --with-products/s);
  });

  it('sets up the database, one line per step (exit 0), then finds it up to date', async () => {
    expect(await vitrina(['db', 'migrate', '--with-products'])).toMatchObject({
      code: 0,
      stdout: '✔ created a minimal products table\n✔ applied 0010-catalog\n✔ applied 0020-change-tracking\n✔ applied 0030-applied-ops\n✔ applied 0040-prune\n✔ applied 0050-image-details\n✔ database is up to date (version 50)\n',
    });
    expect(await vitrina(['db', 'migrate'])).toMatchObject({ code: 0, stdout: '✔ database is up to date (version 50)\n' });
  });

  it('prints an object under --json', async () => {
    const res = await vitrina(['--json', 'db', 'migrate']);
    expect(res.code).toBe(0);
    expect(JSON.parse(res.stdout)).toEqual({ database: `${testPg.user}@${testPg.host}:${testPg.port}/${db.name}`, applied: [], current: 50, createdProducts: false });
  });

  it('works without a keychain against a server that needs no password', async () => {
    // The test server trusts local connections (or the child inherits PGPASSWORD, as libpq would use it).
    expect(await vitrina(['db', 'migrate'], { env: noKeychain })).toMatchObject({ code: 0, stdout: '✔ database is up to date (version 50)\n' });
  });
});

describe('vitrina db seed', () => {
  it('seeds the sample catalog once (exit 0), then reports it already there', async () => {
    expect(await vitrina(['db', 'seed', '--sample'])).toMatchObject({ code: 0, stdout: `✔ seeded ${sampleProducts.length} sample products (0 already there)\n` });
    expect(await vitrina(['db', 'seed', '--sample'])).toMatchObject({ code: 0, stdout: `✔ seeded 0 sample products (${sampleProducts.length} already there)\n` });
  });

  it('seeds synthetic products, as JSON', async () => {
    const res = await vitrina(['--json', 'db', 'seed', '--synthetic', '1000']);
    expect(res.code).toBe(0);
    expect(JSON.parse(res.stdout)).toMatchObject({ seeded: 'synthetic', inserted: 1000, existing: 0 });
    const client = await connectTestDb(db.name);
    try {
      expect((await client.query(`SELECT count(DISTINCT sku)::int AS n FROM products WHERE sku LIKE 'SYN-%'`)).rows[0].n).toBe(1000);
    } finally {
      await client.end();
    }
  });

  it.each([
    [['db', 'seed'], /exactly one of --sample or --synthetic/],
    [['db', 'seed', '--sample', '--synthetic', '5'], /exactly one of --sample or --synthetic/],
    [['db', 'seed', '--synthetic', 'lots'], /--synthetic takes a whole number/],
    [['db', 'seed', '--synthetic', '0'], /--synthetic takes a whole number/],
    [['db', 'seed', '--synthetic'], /argument missing/],
    [['db', 'frobnicate'], /unknown command/],
  ])('exits 2 on a usage error: %j', async (args, message) => {
    const res = await vitrina(args);
    expect(res.code).toBe(2);
    expect(res.stderr).toMatch(message);
  });
});
