import crypto from 'node:crypto';
import type pg from 'pg';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { CatalogEdits } from '../../../../../electron/core/catalog/local/edits';
import { SYNC_KEYS } from '../../../../../electron/core/catalog/local/mirror';
import { pullCatalog } from '../../../../../electron/core/catalog/sync/pull';
import type { LocalDatabase } from '../../../../../electron/core/store/database';
import { ProductsTable } from '../../../../../electron/core/store/products';
import { makeTempDir } from '../../../../support/tempDir';
import { createRemote, mirrorCatalog, openMirror, remoteCatalog, seedCatalog, type RemoteFixture } from './helpers';

let remote: RemoteFixture;
let temp: ReturnType<typeof makeTempDir>;
let mirror: LocalDatabase;
let client: pg.Client;
const extra: pg.Client[] = [];

beforeAll(async () => {
  temp = makeTempDir('vitrina-pull-');
});
afterAll(() => temp.remove());
beforeEach(async () => {
  remote = await createRemote();
  client = await remote.connect();
  mirror = openMirror(temp.dir, `${crypto.randomUUID()}.db`);
});
afterEach(async () => {
  mirror.close();
  await Promise.all([client, ...extra.splice(0)].map((c) => c.end().catch(() => {})));
  await remote.drop();
});

const pull = (options: Parameters<typeof pullCatalog>[2] = {}) => pullCatalog(client, mirror, options);
const expectMirrorEqualsRemote = async () => expect(mirrorCatalog(mirror)).toEqual(await remoteCatalog(remote.admin));
const imageCount = (productId: number) => mirror.prepare('SELECT image_count FROM products WHERE id = ?').pluck().get(productId);

describe('pull: first sync', () => {
  it('loads every product, photo and review in keyset pages, with prices in cents, and stores the watermark', async () => {
    const ids = await seedCatalog(remote.admin, { count: 57, images: 3, reviews: true });
    // Pages of 10 rows: many pages per table, and a last one that is not full.
    const result = await pull({ batchSize: 10 });
    expect(result).toMatchObject({ full: true, upserts: 57 + 171 + 57, deletes: 0 });
    await expectMirrorEqualsRemote();
    expect(mirror.prepare('SELECT price_cents FROM products WHERE id = ?').pluck().get(ids[0])).toBe(199);
    expect(imageCount(ids[0]!)).toBe(3);
    expect(mirror.prepare('SELECT value FROM sync_state WHERE key = ?').pluck().get(SYNC_KEYS.watermark)).toBe(result.watermark);
    // Search works over the loaded rows (FTS kept by the mirror's triggers).
    expect(new ProductsTable(mirror).list({ search: 'grafica 17' }).map((p) => p.sku)).toContain('T-000017');
  });

  it('removes rows the server no longer has when it loads everything again (another database)', async () => {
    const ids = await seedCatalog(remote.admin, { count: 30, images: 2 });
    await pull({ batchSize: 7 });
    await remote.admin.query('DELETE FROM products WHERE id = ANY($1)', [[ids[0], ids[13], ids[29]]]);
    await remote.admin.query('DELETE FROM product_images WHERE product_id = $1 AND position = 2', [ids[5]]);
    // The mirror believes it belongs to another database: its watermark means nothing here.
    mirror.prepare('UPDATE sync_state SET value = ? WHERE key = ?').run(crypto.randomUUID(), SYNC_KEYS.database);
    const result = await pull({ batchSize: 7 });
    expect(result.full).toBe(true);
    expect(result.deletes).toBe(4); // three products (their photos go with them) and one photo
    await expectMirrorEqualsRemote();
  });

  it('loads an empty catalog, and empties a mirror whose database has nothing', async () => {
    expect(await pull()).toMatchObject({ full: true, upserts: 0 });
    expect(mirrorCatalog(mirror).products).toEqual([]);
  });
});

describe('pull: incremental', () => {
  it('brings inserts and updates of products, photos and reviews, and nothing else', async () => {
    const [a, b] = await seedCatalog(remote.admin, { count: 20, images: 2 });
    await pull();
    await remote.admin.query(`UPDATE products SET price = 12.34, name = 'Procesador renombrado' WHERE id = $1`, [a]);
    await remote.admin.query(`UPDATE product_images SET alt_text = 'Vista lateral' WHERE product_id = $1 AND position = 2`, [b]);
    await remote.admin.query(`INSERT INTO product_reviews (product_id, status, note) VALUES ($1, 'approved', 'ok')`, [b]);
    const [c] = await seedCatalog(remote.admin, { count: 1, images: 4, prefix: 'NEW' });
    const result = await pull();
    expect(result.full).toBe(false);
    // At least a; b's two photos (re-read per product) and review; c with its four photos. More when a
    // transaction elsewhere on the server (another test file) held the watermark back: then changes the last
    // pull already brought come again, by design.
    expect(result.upserts).toBeGreaterThanOrEqual(1 + 2 + 1 + 1 + 4);
    await expectMirrorEqualsRemote();
    expect(imageCount(c!)).toBe(4);
    expect(new ProductsTable(mirror).list({ search: 'renombrado' }).map((p) => p.id)).toEqual([a]);
    expect(await pull()).toMatchObject({ full: false });
    await expectMirrorEqualsRemote();
  });

  it('deletes locally what was deleted remotely: a product takes its photos and review along', async () => {
    const [a, b, c] = await seedCatalog(remote.admin, { count: 3, images: 3, reviews: true });
    await pull();
    await remote.admin.query('DELETE FROM products WHERE id = $1', [a]);
    await remote.admin.query('DELETE FROM product_images WHERE product_id = $1 AND position = 3', [b]);
    await remote.admin.query('DELETE FROM product_reviews WHERE product_id = $1', [c]);
    await pull();
    await expectMirrorEqualsRemote();
    expect(mirror.prepare('SELECT count(*) FROM product_images WHERE product_id = ?').pluck().get(a)).toBe(0);
    expect(mirror.prepare('SELECT count(*) FROM product_reviews WHERE product_id = ?').pluck().get(a)).toBe(0);
    expect(imageCount(b!)).toBe(2);
  });

  it('applies a photo reorder as one consistent set, never two photos at one position', async () => {
    const [a] = await seedCatalog(remote.admin, { count: 1, images: 3 });
    await pull();
    await remote.admin.query('BEGIN');
    await remote.admin.query(`UPDATE product_images SET position = 4 - position WHERE product_id = $1`, [a]);
    await remote.admin.query('COMMIT');
    await pull();
    await expectMirrorEqualsRemote();
  });

  it('re-applying a range is harmless: an older watermark pulls the same rows again to the same result', async () => {
    await seedCatalog(remote.admin, { count: 5, images: 2 });
    const first = await pull();
    await remote.admin.query(`UPDATE product_images SET alt_text = 'otra' WHERE position = 1`);
    await pull();
    mirror.prepare('UPDATE sync_state SET value = ? WHERE key = ?').run(first.watermark, SYNC_KEYS.watermark);
    const again = await pull();
    expect(again.full).toBe(false);
    expect(again.upserts).toBeGreaterThan(0);
    await expectMirrorEqualsRemote();
  });

  it('keeps showing pending local edits over the rows it replaces', async () => {
    const [a] = await seedCatalog(remote.admin, { count: 1, images: 3 });
    await pull();
    const [first, second] = mirror.prepare('SELECT id FROM product_images WHERE product_id = ? ORDER BY position').pluck().all(a) as string[];
    new CatalogEdits(mirror).setAltText(first!, { altText: 'mine, not pushed yet' });
    // Another machine changes a sibling photo: the pull re-reads the product's photos, then replays the edit.
    await remote.admin.query(`UPDATE product_images SET alt_text = 'theirs' WHERE id = $1`, [second]);
    await pull();
    const alt = (id: string) => mirror.prepare('SELECT alt_text FROM product_images WHERE id = ?').pluck().get(id);
    expect([alt(first!), alt(second!)]).toEqual(['mine, not pushed yet', 'theirs']);
  });

  it('swaps SKUs between two products without tripping the mirror’s unique SKU', async () => {
    const [a, b] = await seedCatalog(remote.admin, { count: 2, images: 0 });
    await pull();
    await remote.admin.query('BEGIN');
    await remote.admin.query(`UPDATE products SET sku = 'TMP' WHERE id = $1`, [a]);
    await remote.admin.query(`UPDATE products SET sku = 'T-000001' WHERE id = $1`, [b]);
    await remote.admin.query(`UPDATE products SET sku = 'T-000002' WHERE id = $1`, [a]);
    await remote.admin.query('COMMIT');
    await pull();
    await expectMirrorEqualsRemote();
  });

  it('never skips a transaction that commits late: B arrives at once, A when its transaction commits', async () => {
    const [a, b] = await seedCatalog(remote.admin, { count: 2, images: 0 });
    await pull();
    const [t1, t2] = [await remote.connect(), await remote.connect()];
    extra.push(t1, t2);
    const price = (id: number) => mirror.prepare('SELECT price_cents FROM products WHERE id = ?').pluck().get(id);

    // T1 changes A and stays open; T2 changes B afterwards and commits first.
    await t1.query('BEGIN');
    await t1.query('UPDATE products SET price = 500 WHERE id = $1', [a]);
    const t1Txid = (await t1.query('SELECT pg_current_xact_id()::text AS x')).rows[0].x as string;
    await t2.query('BEGIN');
    await t2.query('UPDATE products SET price = 600 WHERE id = $1', [b]);
    const t2Txid = (await t2.query('SELECT pg_current_xact_id()::text AS x')).rows[0].x as string;
    await t2.query('COMMIT');
    expect(BigInt(t2Txid)).toBeGreaterThan(BigInt(t1Txid));

    const during = await pull();
    expect(price(b!)).toBe(60_000);
    expect(price(a!)).toBe(199);
    // The stored watermark stays at or below T1, so its change cannot fall behind it.
    expect(BigInt(during.watermark)).toBeLessThanOrEqual(BigInt(t1Txid));

    await t1.query('COMMIT');
    // A's change row is older (lower id, earlier changed_at) than B's, which the mirror already has.
    const order = await remote.admin.query(`SELECT row_key FROM vitrina_changes WHERE table_name = 'products' AND row_key = ANY($1) ORDER BY id DESC LIMIT 2`, [[String(a), String(b)]]);
    expect(order.rows.map((r) => Number(r.row_key))).toEqual([b, a]);
    await pull();
    expect(price(a!)).toBe(50_000);
    expect(price(b!)).toBe(60_000);
    await expectMirrorEqualsRemote();
  });
});
