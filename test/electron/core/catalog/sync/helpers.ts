import net from 'node:net';
import path from 'node:path';
import pg from 'pg';
import { migrateCatalog } from '../../../../../electron/core/catalog/remote/migrate';
import { openLocalDatabase, type LocalDatabase } from '../../../../../electron/core/store/database';
import { connectTestDb, createThrowawayDatabase, testPg } from '../../../../support/postgres';

/** A migrated throwaway PostgreSQL database with an admin client, and a `connect` like the app's. */
export interface RemoteFixture {
  name: string;
  admin: pg.Client;
  /** A fresh client, as SyncService's injected `connect` returns; the caller (sync) ends it. */
  connect: () => Promise<pg.Client>;
  drop(): Promise<void>;
}

export async function createRemote(): Promise<RemoteFixture> {
  const db = await createThrowawayDatabase();
  const admin = await connectTestDb(db.name);
  await migrateCatalog(admin, { withProducts: true });
  return {
    name: db.name,
    admin,
    connect: async () => {
      const client = await connectTestDb(db.name);
      client.on('error', () => {});
      return client;
    },
    drop: async () => {
      await admin.end().catch(() => {});
      await db.drop();
    },
  };
}

/** A client factory pointing at a port nothing listens on: PostgreSQL "down". */
export async function closedPortConnect(): Promise<() => Promise<pg.Client>> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return async () => {
    const client = new pg.Client({ ...testPg, port, database: 'postgres', connectionTimeoutMillis: 2_000 });
    client.on('error', () => {});
    await client.connect();
    return client;
  };
}

/** Opens (creating) a mirror file in `dir`. */
export const openMirror = (dir: string, name = 'vitrina.db'): LocalDatabase => openLocalDatabase(path.join(dir, name));

/**
 * Inserts `count` products (SKU `${prefix}-<n>`), each with `images` photos at positions 1..images (the first
 * primary) and, with `reviews`, a review. Returns the new product ids in SKU order.
 */
export async function seedCatalog(client: pg.Client, options: { count: number; images: number; prefix?: string; reviews?: boolean }): Promise<number[]> {
  const prefix = options.prefix ?? 'T';
  const { rows } = await client.query<{ id: string }>(
    `INSERT INTO products (sku, name, brand, category, price)
     SELECT $1 || '-' || lpad(g::text, 6, '0'), 'Tarjeta gráfica ' || g, 'Marca ' || (g % 7), 'Categoría ' || (g % 5), g + 0.99
       FROM generate_series(1, $2::int) g
     RETURNING id`,
    [prefix, options.count],
  );
  const ids = rows.map((r) => Number(r.id));
  if (options.images > 0)
    await client.query(
      `INSERT INTO product_images (id, product_id, s3_key, content_type, bytes, sha256, position, is_primary, alt_text)
       SELECT gen_random_uuid(), p, 'products/' || p || '/' || i || '.jpg', 'image/jpeg', 1000 + i,
              encode(sha256((p || '-' || i)::bytea), 'hex'), i, i = 1, 'Vista ' || i
         FROM unnest($1::bigint[]) p, generate_series(1, $2::int) i`,
      [ids, options.images],
    );
  if (options.reviews)
    await client.query(`INSERT INTO product_reviews (product_id, status, note) SELECT p, 'needs_photos', 'falta la foto trasera' FROM unnest($1::bigint[]) p`, [ids]);
  return ids;
}

/** The catalog as PostgreSQL has it, in the shape `mirrorCatalog` returns. */
export async function remoteCatalog(client: pg.Client) {
  const q = async (sql: string) => (await client.query(sql)).rows;
  return {
    products: await q(`SELECT id::int AS id, sku, name, coalesce(brand, '') AS brand, coalesce(category, '') AS category, round(price * 100)::int AS price_cents FROM products ORDER BY id`),
    images: await q(`SELECT id::text AS id, product_id::int AS product_id, position, is_primary, alt_text, alt_text_es, sha256, version FROM product_images ORDER BY id`),
    reviews: await q(`SELECT product_id::int AS product_id, status, note, version FROM product_reviews ORDER BY product_id`),
  };
}

/** The catalog as the mirror has it. */
export function mirrorCatalog(db: LocalDatabase) {
  return {
    products: db.prepare('SELECT id, sku, name, brand, category, price_cents FROM products ORDER BY id').all(),
    images: (db.prepare('SELECT id, product_id, position, is_primary, alt_text, alt_text_es, sha256, version FROM product_images ORDER BY id').all() as { is_primary: number }[]).map(
      (r) => ({ ...r, is_primary: r.is_primary === 1 }),
    ),
    reviews: db.prepare('SELECT product_id, status, note, version FROM product_reviews ORDER BY product_id').all(),
  };
}

/** Photos of a product in PostgreSQL, by position. */
export async function remoteImages(client: pg.Client, productId: number) {
  return (
    await client.query(`SELECT id::text AS id, position, is_primary, alt_text, alt_text_es, version FROM product_images WHERE product_id = $1 ORDER BY position`, [productId])
  ).rows as { id: string; position: number; is_primary: boolean; alt_text: string; alt_text_es: string; version: number }[];
}

/** Photos of a product in a mirror, by position. */
export function localImages(db: LocalDatabase, productId: number) {
  return (db.prepare('SELECT id, position, is_primary, alt_text, alt_text_es, version FROM product_images WHERE product_id = ? ORDER BY position').all(productId) as {
    id: string;
    position: number;
    is_primary: number;
    alt_text: string;
    alt_text_es: string;
    version: number;
  }[]).map((r) => ({ ...r, is_primary: r.is_primary === 1 }));
}

/** Polls until `condition` holds (the snapshot watermark is cluster-wide: other test files may hold it back a moment). */
export async function eventually(condition: () => Promise<boolean> | boolean, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/**
 * A view of `client` whose first query matching `pattern` is held back until `release()`: `reached` resolves
 * when it is. Lets a test run another client at an exact point of a pull or a prune — interleaving by
 * order, not by timing.
 */
export function pauseBefore(client: pg.Client, pattern: RegExp): { client: pg.Client; reached: Promise<void>; release: () => void } {
  let release!: () => void;
  let arrive!: () => void;
  const gate = new Promise<void>((resolve) => (release = resolve));
  const reached = new Promise<void>((resolve) => (arrive = resolve));
  let paused = false;
  const query = async (...args: unknown[]): Promise<unknown> => {
    const text = typeof args[0] === 'string' ? args[0] : ((args[0] as { text?: string }).text ?? '');
    if (!paused && pattern.test(text)) {
      paused = true;
      arrive();
      await gate;
    }
    return (client.query as (...a: unknown[]) => Promise<unknown>).apply(client, args);
  };
  const view = new Proxy(client, {
    get(target, property) {
      if (property === 'query') return query;
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
  return { client: view, reached, release };
}
