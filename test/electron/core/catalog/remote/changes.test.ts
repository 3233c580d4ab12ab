import crypto from 'node:crypto';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readChanges, readSnapshotWatermark } from '../../../../../electron/core/catalog/remote/changes';
import { migrateCatalog } from '../../../../../electron/core/catalog/remote/migrate';
import { connectTestDb, createThrowawayDatabase } from '../../../../support/postgres';

let db: Awaited<ReturnType<typeof createThrowawayDatabase>>;
let client: pg.Client;
const others: pg.Client[] = [];

beforeAll(async () => {
  db = await createThrowawayDatabase();
  client = await connectTestDb(db.name);
  await migrateCatalog(client, { withProducts: true });
});
afterAll(async () => {
  await Promise.all([client, ...others].map((c) => c.end().catch(() => {})));
  await db.drop();
});

const connect = async () => {
  const c = await connectTestDb(db.name);
  others.push(c);
  return c;
};

/** Runs `sql` in its own transaction; returns that transaction's id (xid8 as text) and the first row. */
async function write(sql: string, params: unknown[] = [], on = client): Promise<{ txid: string; row: Record<string, unknown> | undefined }> {
  await on.query('BEGIN');
  const { rows } = await on.query(sql, params);
  const txid = (await on.query('SELECT pg_current_xact_id()::text AS x')).rows[0].x as string;
  await on.query('COMMIT');
  return { txid, row: rows[0] };
}

/** The change rows one transaction left, as `table key op`. */
const changesOf = async (txid: string) =>
  (await client.query(`SELECT table_name || ' ' || row_key || ' ' || op AS c FROM vitrina_changes WHERE txid = $1::xid8 ORDER BY id`, [txid])).rows.map((r) => r.c as string);

const newProduct = async (sku: string) => (await write(`INSERT INTO products (sku, name, price) VALUES ($1, 'Placa base ' || $1, 99) RETURNING id`, [sku])).row!.id as string;

describe('change tracking', () => {
  it('records inserts, updates and deletes on products with the writing transaction id', async () => {
    const insert = await write(`INSERT INTO products (sku, name, price) VALUES ('MB-ASUS-TUF-B650', 'Placa base ASUS TUF B650', 199.90) RETURNING id`);
    const id = insert.row!.id as string;
    expect(await changesOf(insert.txid)).toEqual([`products ${id} U`]);
    const update = await write('UPDATE products SET price = 189.90 WHERE id = $1', [id]);
    expect(await changesOf(update.txid)).toEqual([`products ${id} U`]);
    const remove = await write('DELETE FROM products WHERE id = $1', [id]);
    expect(await changesOf(remove.txid)).toEqual([`products ${id} D`]);
  });

  it('records photo and review changes, including the cascade when a product goes', async () => {
    const product = await newProduct('MB-MSI-B650-TOMAHAWK');
    const imageId = crypto.randomUUID();
    const addImage = await write(
      `INSERT INTO product_images (id, product_id, s3_key, content_type, bytes, sha256, position) VALUES ($1, $2, 'k', 'image/webp', 5, $3, 1)`,
      [imageId, product, crypto.randomBytes(32).toString('hex')],
    );
    expect(await changesOf(addImage.txid)).toEqual([`product_images ${imageId} U`]);
    expect(await changesOf((await write(`UPDATE product_images SET is_primary = true WHERE id = $1`, [imageId])).txid)).toEqual([`product_images ${imageId} U`]);
    const review = await write(`INSERT INTO product_reviews (product_id, status) VALUES ($1, 'needs_photos')`, [product]);
    expect(await changesOf(review.txid)).toEqual([`product_reviews ${product} U`]);
    expect(await changesOf((await write(`UPDATE product_reviews SET status = 'approved' WHERE product_id = $1`, [product])).txid)).toEqual([`product_reviews ${product} U`]);
    const gone = await write('DELETE FROM products WHERE id = $1', [product]);
    expect((await changesOf(gone.txid)).sort()).toEqual([`product_images ${imageId} D`, `product_reviews ${product} D`, `products ${product} D`].sort());
  });

  it('records a key change as a delete of the old key, and skips updates that change nothing Vitrina reads', async () => {
    const id = await newProduct('PSU-CORSAIR-RM850E');
    expect(await changesOf((await write('UPDATE products SET updated_at = now() + interval \'1 day\' WHERE id = $1', [id])).txid)).toEqual([]);
    expect(await changesOf((await write('UPDATE products SET price = price WHERE id = $1', [id])).txid)).toEqual([]);
    const moved = await write('UPDATE products SET id = id + 100000 WHERE id = $1 RETURNING id', [id]);
    expect(await changesOf(moved.txid)).toEqual([`products ${id} D`, `products ${moved.row!.id} U`]);
  });

  it('never skips a transaction that commits late: the watermark stays at or below it until it ends', async () => {
    const setup = await write(`INSERT INTO products (sku, name, price) VALUES ('SSD-LATE-A', 'SSD A', 59.90), ('SSD-LATE-B', 'SSD B', 64.90)`);
    const ids = (await client.query(`SELECT id FROM products WHERE sku IN ('SSD-LATE-A', 'SSD-LATE-B') ORDER BY sku`)).rows.map((r) => r.id as string);
    const [a, b] = ids as [string, string];
    const [lateWriter, quickWriter, reader] = [await connect(), await connect(), await connect()];
    let cursor = await readSnapshotWatermark(reader);
    const pull = async () => {
      const to = await readSnapshotWatermark(reader);
      const changes = await readChanges(reader, { from: cursor, to });
      cursor = to;
      return changes.filter((c) => c.table === 'products' && ids.includes(c.rowKey)).map((c) => c.rowKey).sort();
    };
    // Move the cursor past the setup (a transaction open in another test file may hold xmin back a moment).
    await eventually(async () => (await pull(), BigInt(cursor) > BigInt(setup.txid)));

    // T1 changes A and stays open; meanwhile B is changed and committed by someone else.
    await lateWriter.query('BEGIN');
    await lateWriter.query('UPDATE products SET price = price + 1 WHERE id = $1', [a]);
    const t1 = (await lateWriter.query('SELECT pg_current_xact_id()::text AS x')).rows[0].x as string;
    const quick = await write('UPDATE products SET price = price + 1 WHERE id = $1', [b], quickWriter);
    expect(BigInt(quick.txid)).toBeGreaterThan(BigInt(t1));

    // A pull now sees neither: B's transaction is newer than the oldest open one (T1), so it waits too.
    expect(await pull()).toEqual([]);
    expect(BigInt(cursor)).toBeLessThanOrEqual(BigInt(t1));
    // A cursor on change ids would have moved past A's change already: its id is lower than B's.
    const visible = await client.query(`SELECT max(id) AS max_id FROM vitrina_changes`);
    await lateWriter.query('COMMIT');
    const aChange = await client.query(`SELECT id FROM vitrina_changes WHERE txid = $1::xid8`, [t1]);
    expect(BigInt(aChange.rows[0].id)).toBeLessThan(BigInt(visible.rows[0].max_id));

    // Once T1 has committed, the next pulls deliver both A and B, each exactly once.
    const seen: string[] = [];
    await eventually(async () => (seen.push(...(await pull())), seen.length >= 2));
    expect(seen.sort()).toEqual([a, b].sort());
    expect(await pull()).toEqual([]);
  });

  it('reads the watermark as a decimal xid8', async () => {
    const watermark = await readSnapshotWatermark(client);
    expect(watermark).toMatch(/^\d+$/);
    const next = (await client.query('SELECT pg_current_xact_id()::text AS x')).rows[0].x as string;
    expect(BigInt(watermark)).toBeLessThanOrEqual(BigInt(next));
  });
});

/**
 * Polls until `condition` holds: the watermark is cluster-wide, so a transaction open in another test file
 * (another database on the same server) may hold it back for a moment — delaying changes, never losing them.
 */
async function eventually(condition: () => Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
