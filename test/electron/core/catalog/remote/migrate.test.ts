import crypto from 'node:crypto';
import type pg from 'pg';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MIGRATION_LOCK_KEY, migrateCatalog } from '../../../../../electron/core/catalog/remote/migrate';
import { catalogMigrations } from '../../../../../electron/core/catalog/remote/migrations';
import { connectTestDb, createThrowawayDatabase } from '../../../../support/postgres';

let db: Awaited<ReturnType<typeof createThrowawayDatabase>>;
let client: pg.Client;
const extraClients: pg.Client[] = [];
const roles: string[] = [];

beforeEach(async () => {
  db = await createThrowawayDatabase();
  client = await connectTestDb(db.name);
});
afterEach(async () => {
  await Promise.all([client, ...extraClients.splice(0)].map((c) => c.end().catch(() => {})));
  await db.drop();
});
afterAll(async () => {
  if (roles.length === 0) return;
  const admin = await connectTestDb('postgres');
  for (const role of roles) await admin.query(`DROP ROLE IF EXISTS ${role}`);
  await admin.end();
});

const names = catalogMigrations.map((m) => m.name);
const latest = catalogMigrations.at(-1)!.version;
const exists = async (relation: string) => (await client.query('SELECT to_regclass($1) IS NOT NULL AS e', [relation])).rows[0].e as boolean;
const recorded = async () => (await client.query('SELECT version, name FROM vitrina_schema_migrations ORDER BY version')).rows;

/** A storefront's own products table: integer ids, columns Vitrina does not know about, a real row. */
async function createStorefrontProducts(options: { without?: string } = {}) {
  const columns = ['id serial PRIMARY KEY', 'sku varchar(40) NOT NULL UNIQUE', 'name text NOT NULL', 'brand text', 'category text', 'price numeric(10,2)', 'updated_at timestamptz DEFAULT now()', 'stock int NOT NULL DEFAULT 0', 'description text', 'ean char(13)'];
  await client.query(`CREATE TABLE products (${columns.filter((c) => !c.startsWith(`${options.without} `)).join(', ')})`);
  await client.query(`INSERT INTO products (sku, name, stock) VALUES ('GPU-ASUS-RTX4070', 'Tarjeta gráfica ASUS RTX 4070', 3)`);
}

describe('migrateCatalog on a real PostgreSQL', () => {
  it('sets up a fresh database: tables, constraints, indexes, triggers and the record of versions', async () => {
    const result = await migrateCatalog(client, { withProducts: true });
    expect(result).toEqual({ applied: names, current: latest, createdProducts: true });
    for (const table of ['products', 'product_images', 'product_reviews', 'vitrina_changes', 'vitrina_schema_migrations']) expect(await exists(table), table).toBe(true);
    const indexes = (await client.query(`SELECT indexname FROM pg_indexes WHERE schemaname = 'public'`)).rows.map((r) => r.indexname);
    expect(indexes).toEqual(expect.arrayContaining(['product_images_one_primary', 'product_images_position_key', 'product_images_sha256_key', 'vitrina_changes_txid', 'product_reviews_pkey']));
    const deferred = await client.query(`SELECT condeferrable, condeferred FROM pg_constraint WHERE conname = 'product_images_position_key'`);
    expect(deferred.rows).toEqual([{ condeferrable: true, condeferred: true }]);
    const triggers = (await client.query(`SELECT tgrelid::regclass::text AS t, tgname FROM pg_trigger WHERE NOT tgisinternal ORDER BY 1, 2`)).rows;
    expect(triggers.map((r) => `${r.t}.${r.tgname}`)).toEqual([
      'product_images.product_images_bump_version',
      'product_images.product_images_vitrina_changes',
      'product_images.product_images_vitrina_changes_update',
      'product_reviews.product_reviews_bump_version',
      'product_reviews.product_reviews_vitrina_changes',
      'product_reviews.product_reviews_vitrina_changes_update',
      'products.products_vitrina_changes',
      'products.products_vitrina_changes_update',
    ]);
    expect(await recorded()).toEqual(catalogMigrations.map((m) => ({ version: m.version, name: m.name })));
  });

  it('applies nothing the second time', async () => {
    await migrateCatalog(client, { withProducts: true });
    expect(await migrateCatalog(client, { withProducts: true })).toEqual({ applied: [], current: latest, createdProducts: false });
    expect(await migrateCatalog(client)).toEqual({ applied: [], current: latest, createdProducts: false });
    expect(await recorded()).toHaveLength(catalogMigrations.length);
  });

  it('lets four machines migrate at once: all succeed, each version is applied exactly once', async () => {
    const clients = await Promise.all([1, 2, 3, 4].map(() => connectTestDb(db.name)));
    extraClients.push(...clients);
    const results = await Promise.all(clients.map((c) => migrateCatalog(c, { withProducts: true })));
    expect(results.flatMap((r) => r.applied).sort()).toEqual([...names].sort());
    expect(results.filter((r) => r.createdProducts)).toHaveLength(1);
    expect(results.every((r) => r.current === latest)).toBe(true);
    expect(await recorded()).toHaveLength(catalogMigrations.length);
  });

  it('derives the advisory lock key from "vitrina-migrate" and releases it afterwards', async () => {
    expect(MIGRATION_LOCK_KEY).toBe(crypto.createHash('sha256').update('vitrina-migrate').digest().readBigInt64BE(0).toString());
    expect(MIGRATION_LOCK_KEY).toBe('-8760652136029387635'); // fixed forever: every Vitrina version must agree
    await migrateCatalog(client, { withProducts: true });
    const held = await client.query(`SELECT count(*)::int AS n FROM pg_locks WHERE locktype = 'advisory' AND pid = pg_backend_pid()`);
    expect(held.rows[0].n).toBe(0);
  });

  it('waits for another machine holding the migration lock, and says so when it takes too long', async () => {
    const other = await connectTestDb(db.name);
    extraClients.push(other);
    await other.query('SELECT pg_advisory_lock($1::bigint)', [MIGRATION_LOCK_KEY]);
    await expect(migrateCatalog(client, { withProducts: true, lockWaitMs: 300 })).rejects.toMatchObject({
      kind: 'db-busy',
      message: expect.stringMatching(/Another computer.*migration lock/),
    });
    expect(await exists('product_images')).toBe(false);
    const waiting = migrateCatalog(client, { withProducts: true });
    await new Promise((resolve) => setTimeout(resolve, 300));
    await other.query('SELECT pg_advisory_unlock($1::bigint)', [MIGRATION_LOCK_KEY]);
    expect(await waiting).toMatchObject({ applied: names });
  });

  it('refuses a database set up by a newer Vitrina, and leaves it untouched', async () => {
    await client.query(`CREATE TABLE vitrina_schema_migrations (version int PRIMARY KEY, name text, applied_at timestamptz DEFAULT now())`);
    await client.query(`INSERT INTO vitrina_schema_migrations (version, name) VALUES (990, '0990-from-the-future')`);
    await expect(migrateCatalog(client, { withProducts: true })).rejects.toMatchObject({
      kind: 'db-too-new',
      message: expect.stringMatching(new RegExp(`PostgreSQL database "${db.name}".*schema 990.*up to ${latest}`)),
    });
    expect(await exists('products')).toBe(false);
    expect(await exists('product_images')).toBe(false);
  });

  it('refuses a database without the storefront products table unless asked to create one, creating nothing', async () => {
    await expect(migrateCatalog(client)).rejects.toMatchObject({
      kind: 'not-configured',
      message: expect.stringMatching(/products table was not found.*vitrina db migrate --with-products/s),
    });
    for (const table of ['products', 'product_images', 'vitrina_schema_migrations']) expect(await exists(table), table).toBe(false);
  });

  it('names a column the storefront products table lacks', async () => {
    await createStorefrontProducts({ without: 'brand' });
    await expect(migrateCatalog(client, { withProducts: true })).rejects.toMatchObject({ kind: 'not-configured', message: expect.stringContaining('no column "brand"') });
    expect(await exists('product_images')).toBe(false);
  });

  it('leaves an existing storefront products table alone and builds on it', async () => {
    await createStorefrontProducts();
    const before = (await client.query('SELECT * FROM products')).rows;
    expect(await migrateCatalog(client, { withProducts: true })).toEqual({ applied: names, current: latest, createdProducts: false });
    expect((await client.query('SELECT * FROM products')).rows).toEqual(before);
    const comment = await client.query(`SELECT obj_description('products'::regclass, 'pg_class') AS c`);
    expect(comment.rows[0].c).toBeNull();
    // Photos reference its integer ids; deleting the product still cascades.
    const id = before[0].id as number;
    await client.query(`INSERT INTO product_images (id, product_id, s3_key, content_type, bytes, sha256, position) VALUES ($1, $2, 'p/1.jpg', 'image/jpeg', 10, $3, 1)`, [crypto.randomUUID(), id, 'a'.repeat(64)]);
    await client.query('DELETE FROM products WHERE id = $1', [id]);
    expect((await client.query('SELECT count(*)::int AS n FROM product_images')).rows[0].n).toBe(0);
  });

  it('keeps the storefront working for a role with no rights on vitrina_changes and another search_path', async () => {
    await createStorefrontProducts();
    await migrateCatalog(client);
    const role = `vitrina_test_shop_${crypto.randomBytes(4).toString('hex')}`;
    roles.push(role);
    await client.query(`CREATE ROLE ${role} NOLOGIN`);
    await client.query(`GRANT USAGE ON SCHEMA public TO ${role}; GRANT SELECT, INSERT, UPDATE, DELETE ON products TO ${role}; GRANT USAGE ON SEQUENCE products_id_seq TO ${role}`);
    await client.query(`SET ROLE ${role}; SET search_path = pg_temp`);
    await client.query(`INSERT INTO public.products (sku, name) VALUES ('CPU-AMD-R5-7600', 'Procesador AMD Ryzen 5 7600')`);
    await client.query(`UPDATE public.products SET price = 199.90 WHERE sku = 'CPU-AMD-R5-7600'`);
    await client.query('RESET ROLE; RESET search_path');
    const changes = await client.query(`SELECT c.op FROM vitrina_changes c JOIN products p ON c.row_key = p.id::text WHERE p.sku = 'CPU-AMD-R5-7600' ORDER BY c.id`);
    expect(changes.rows.map((r) => r.op)).toEqual(['U', 'U']);
  });

  it('tells a user who may not add triggers to the storefront table what to grant', async () => {
    await createStorefrontProducts();
    const role = `vitrina_test_app_${crypto.randomBytes(4).toString('hex')}`;
    roles.push(role);
    await client.query(`CREATE ROLE ${role} NOLOGIN; GRANT ALL ON SCHEMA public TO ${role}; GRANT SELECT ON products TO ${role}`);
    await client.query(`SET ROLE ${role}`);
    await expect(migrateCatalog(client)).rejects.toMatchObject({ kind: 'db-denied', message: expect.stringContaining(`GRANT REFERENCES, TRIGGER ON public.products TO "${role}"`) });
    await client.query('RESET ROLE');
    expect(await exists('product_images')).toBe(false);
  });

  it('undoes a failing migration entirely and keeps the ones before it', async () => {
    const broken = { version: 990, name: '0990-broken', up: 'CREATE TABLE half_done (id int); SELECT 1 / 0;' };
    await expect(migrateCatalog(client, { withProducts: true, migrations: [...catalogMigrations, broken] })).rejects.toMatchObject({
      kind: 'internal',
      message: expect.stringMatching(/0990-broken \(22012: division by zero\).*undone/),
    });
    expect(await exists('half_done')).toBe(false);
    expect((await recorded()).map((r) => r.version)).toEqual(catalogMigrations.map((m) => m.version));
    expect(await migrateCatalog(client)).toMatchObject({ applied: [] });
  });
});
