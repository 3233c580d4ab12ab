import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateCatalog } from '../../../../../electron/core/catalog/remote/migrate';
import { sampleProducts } from '../../../../../electron/core/catalog/remote/sampleCatalog';
import { seedSample, seedSynthetic } from '../../../../../electron/core/catalog/remote/seed';
import { connectTestDb, createThrowawayDatabase, testPg } from '../../../../support/postgres';

let db: Awaited<ReturnType<typeof createThrowawayDatabase>>;
let client: pg.Client;

beforeAll(async () => {
  db = await createThrowawayDatabase();
  client = await connectTestDb(db.name);
  await migrateCatalog(client, { withProducts: true });
});
afterAll(async () => {
  await client.end();
  await db.drop();
});

const count = async (where = 'true') => (await client.query(`SELECT count(*)::int AS n FROM products WHERE ${where}`)).rows[0].n as number;

describe('seedSample', () => {
  it('inserts about 200 realistic products across at least 9 categories, with accented Spanish names', async () => {
    expect(await seedSample(client)).toEqual({ inserted: sampleProducts.length, existing: 0 });
    const total = await count();
    expect(total).toBe(sampleProducts.length);
    expect(total).toBeGreaterThanOrEqual(180);
    expect(total).toBeLessThanOrEqual(240);
    expect((await client.query('SELECT count(DISTINCT category)::int AS n FROM products')).rows[0].n).toBeGreaterThanOrEqual(9);
    for (const words of ['Tarjeta gráfica', 'Refrigeración líquida', 'Memoria', 'Fuente de alimentación'])
      expect(await count(`name LIKE '%${words}%'`), words).toBeGreaterThan(0);
    const brands = (await client.query('SELECT DISTINCT brand FROM products')).rows.map((r) => r.brand);
    expect(brands).toEqual(expect.arrayContaining(['AMD', 'Intel', 'NVIDIA', 'ASUS', 'MSI', 'Gigabyte', 'Corsair', 'Kingston', 'Samsung', 'WD', 'Crucial', 'Seasonic', 'be quiet!', 'Noctua', 'Fractal Design', 'NZXT', 'Logitech']));
    const cpu = await client.query(`SELECT name, brand, category, price::text FROM products WHERE sku = 'CPU-AMD-R7-7800X3D'`);
    expect(cpu.rows).toEqual([{ name: 'Procesador AMD Ryzen 7 7800X3D 4.2GHz AM5', brand: 'AMD', category: 'Procesadores', price: '399.90' }]);
    expect(await count(`sku !~ '^[A-Z0-9-]+$' OR price <= 0 OR price > 5000`)).toBe(0);
  });

  it('is idempotent: a second run inserts nothing and changes nothing', async () => {
    const before = (await client.query('SELECT * FROM products ORDER BY id')).rows;
    expect(await seedSample(client)).toEqual({ inserted: 0, existing: sampleProducts.length });
    expect((await client.query('SELECT * FROM products ORDER BY id')).rows).toEqual(before);
  });
});

describe('seedSynthetic', () => {
  it('inserts n products with unique, deterministic SKUs and names from the same vocabulary', async () => {
    expect(await seedSynthetic(client, 1000)).toEqual({ inserted: 1000, existing: 0 });
    const { rows } = await client.query(`SELECT sku, name, brand, category FROM products WHERE sku LIKE 'SYN-%' ORDER BY sku`);
    expect(rows).toHaveLength(1000);
    expect(new Set(rows.map((r) => r.sku)).size).toBe(1000);
    expect(rows[0].sku).toBe('SYN-000001');
    expect(rows.at(-1).sku).toBe('SYN-001000');
    const vocabulary = new Map(sampleProducts.map((p) => [p.name, p]));
    for (const row of rows) {
      const base = [...vocabulary.keys()].find((name) => row.name.startsWith(name));
      expect(base, row.name).toBeDefined();
      expect(row).toMatchObject({ brand: vocabulary.get(base!)!.brand, category: vocabulary.get(base!)!.category });
    }
  });

  it('adds only the missing SKUs when run again or with a larger n', async () => {
    const first = (await client.query(`SELECT name, price::text FROM products WHERE sku = 'SYN-000777'`)).rows[0];
    expect(await seedSynthetic(client, 1000)).toEqual({ inserted: 0, existing: 1000 });
    expect(await seedSynthetic(client, 1500)).toEqual({ inserted: 500, existing: 1000 });
    expect(await count(`sku LIKE 'SYN-%'`)).toBe(1500);
    expect((await client.query(`SELECT name, price::text FROM products WHERE sku = 'SYN-000777'`)).rows[0]).toEqual(first);
  });

  it('generates 100 000 products in a few seconds, each statement within the app client timeout', async () => {
    // The same 10 s client-side query timeout as pgConfig: every batch must finish well inside it.
    const timed = new pg.Client({ ...testPg, database: db.name, query_timeout: 10_000 });
    await timed.connect();
    try {
      const started = performance.now();
      expect(await seedSynthetic(timed, 100_000)).toEqual({ inserted: 98_500, existing: 1_500 });
      expect(performance.now() - started).toBeLessThan(25_000);
    } finally {
      await timed.end();
    }
    expect(await count(`sku LIKE 'SYN-%'`)).toBe(100_000);
  }, 60_000);

  it('refuses a count that is not a positive whole number', async () => {
    for (const n of [0, -5, 1.5, Number.NaN]) await expect(seedSynthetic(client, n)).rejects.toMatchObject({ kind: 'validation' });
  });
});

describe('seeding safeguards', () => {
  it('never seeds a storefront products table that Vitrina did not create', async () => {
    const shop = await createThrowawayDatabase();
    const c = await connectTestDb(shop.name);
    try {
      await c.query(`CREATE TABLE products (id bigserial PRIMARY KEY, sku text UNIQUE NOT NULL, name text NOT NULL, brand text, category text, price numeric(12,2), updated_at timestamptz DEFAULT now())`);
      await expect(seedSample(c)).rejects.toMatchObject({ kind: 'validation', message: expect.stringMatching(/belongs to the storefront.*shoppers/) });
      await expect(seedSynthetic(c, 10)).rejects.toMatchObject({ kind: 'validation' });
      expect((await c.query('SELECT count(*)::int AS n FROM products')).rows[0].n).toBe(0);
      await c.query('DROP TABLE products');
      await expect(seedSample(c)).rejects.toMatchObject({ kind: 'not-configured', message: expect.stringContaining('--with-products') });
    } finally {
      await c.end();
      await shop.drop();
    }
  });
});
