import crypto from 'node:crypto';
import type pg from 'pg';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { migrateCatalog } from '../../../../../electron/core/catalog/remote/migrate';
import { reviewStatuses } from '../../../../../shared/catalog';
import { connectTestDb, createThrowawayDatabase } from '../../../../support/postgres';

let db: Awaited<ReturnType<typeof createThrowawayDatabase>>;
let client: pg.Client;
let productA: string;
let productB: string;

beforeAll(async () => {
  db = await createThrowawayDatabase();
  client = await connectTestDb(db.name);
  await migrateCatalog(client, { withProducts: true });
  const { rows } = await client.query(`INSERT INTO products (sku, name, price) VALUES ('CPU-AMD-R7-7800X3D', 'Procesador AMD Ryzen 7 7800X3D', 399.90), ('GPU-MSI-RTX4070S', 'Tarjeta gráfica MSI RTX 4070 SUPER', 629.90) RETURNING id`);
  [productA, productB] = rows.map((r) => r.id as string) as [string, string];
});
afterAll(async () => {
  await client.end();
  await db.drop();
});
beforeEach(async () => {
  await client.query('DELETE FROM product_images; DELETE FROM product_reviews');
});

const sha = () => crypto.randomBytes(32).toString('hex');

/** Inserts one photo row; returns its id. */
async function image(productId: string, fields: { position: number; is_primary?: boolean; sha256?: string; bytes?: number; content_type?: string }): Promise<string> {
  const id = crypto.randomUUID();
  await client.query(
    `INSERT INTO product_images (id, product_id, s3_key, content_type, bytes, sha256, position, is_primary)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
    [id, productId, `products/${productId}/${id}.jpg`, fields.content_type ?? 'image/jpeg', fields.bytes ?? 123_456, fields.sha256 ?? sha(), fields.position, fields.is_primary ?? false],
  );
  return id;
}

async function inTransaction(work: () => Promise<unknown>): Promise<void> {
  await client.query('BEGIN');
  try {
    await work();
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK');
    throw error;
  }
}

describe('catalog constraints under many writers', () => {
  it('refuses a second primary photo for a product, but not for another product', async () => {
    await image(productA, { position: 1, is_primary: true });
    await expect(image(productA, { position: 2, is_primary: true })).rejects.toMatchObject({ code: '23505', constraint: 'product_images_one_primary' });
    await image(productB, { position: 1, is_primary: true });
  });

  it('refuses a duplicate position when the transaction commits', async () => {
    await client.query('BEGIN');
    await image(productA, { position: 1 });
    await image(productA, { position: 1 }); // deferred: accepted for now
    await expect(client.query('COMMIT')).rejects.toMatchObject({ code: '23505', constraint: 'product_images_position_key' });
    expect((await client.query('SELECT count(*)::int AS n FROM product_images')).rows[0].n).toBe(0);
  });

  it('lets a reorder swap two positions inside one transaction', async () => {
    const first = await image(productA, { position: 1 });
    const second = await image(productA, { position: 2 });
    await inTransaction(async () => {
      await client.query('UPDATE product_images SET position = 2 WHERE id = $1', [first]);
      await client.query('UPDATE product_images SET position = 1 WHERE id = $1', [second]);
    });
    const { rows } = await client.query('SELECT id, position FROM product_images ORDER BY position');
    expect(rows).toEqual([{ id: second, position: 1 }, { id: first, position: 2 }]);
  });

  it('refuses the same bytes twice for one product, but not for two products', async () => {
    const digest = sha();
    await image(productA, { position: 1, sha256: digest });
    await expect(image(productA, { position: 2, sha256: digest })).rejects.toMatchObject({ code: '23505', constraint: 'product_images_sha256_key' });
    await image(productB, { position: 1, sha256: digest });
  });

  it.each([
    ['an uppercase sha256', { sha256: 'A'.repeat(64) }],
    ['a short sha256', { sha256: 'abc' }],
    ['zero bytes', { bytes: 0 }],
    ['position 0', { position: 0 }],
    ['a content type that is not an image', { content_type: 'application/pdf' }],
  ])('refuses %s (check constraint)', async (_what, fields) => {
    await expect(image(productA, { position: 1, ...fields })).rejects.toMatchObject({ code: '23514' });
  });

  it('accepts every review status the app knows, refuses others and a second review of the same product', async () => {
    for (const status of reviewStatuses) {
      await client.query(`INSERT INTO product_reviews (product_id, status) VALUES ($1, $2)`, [productB, status]);
      await client.query(`DELETE FROM product_reviews WHERE product_id = $1`, [productB]);
    }
    await expect(client.query(`INSERT INTO product_reviews (product_id, status) VALUES ($1, 'maybe')`, [productA])).rejects.toMatchObject({ code: '23514' });
    await client.query(`INSERT INTO product_reviews (product_id, status, reviewer) VALUES ($1, 'needs_photos', 'ana')`, [productA]);
    await expect(client.query(`INSERT INTO product_reviews (product_id, status) VALUES ($1, 'approved')`, [productA])).rejects.toMatchObject({ code: '23505' });
  });

  it('bumps version and updated_at on every real change, and not on a no-op update', async () => {
    const id = await image(productA, { position: 1 });
    const read = async () => (await client.query('SELECT version, updated_at::text AS updated_at FROM product_images WHERE id = $1', [id])).rows[0];
    const created = await read();
    await client.query(`UPDATE product_images SET alt_text = alt_text WHERE id = $1`, [id]);
    expect(await read()).toEqual(created);
    await client.query(`UPDATE product_images SET alt_text = 'Vista frontal', alt_text_es = 'Vista frontal', version = 1 WHERE id = $1`, [id]);
    const changed = await read();
    expect(changed.version).toBe(2); // the trigger decides, whatever the writer sets
    expect(changed.updated_at).not.toBe(created.updated_at);
  });

  it('removes photos and reviews with their product', async () => {
    const { rows } = await client.query(`INSERT INTO products (sku, name) VALUES ('RAM-TEMP', 'Memoria temporal') RETURNING id`);
    await image(rows[0].id, { position: 1 });
    await client.query(`INSERT INTO product_reviews (product_id, status) VALUES ($1, 'approved')`, [rows[0].id]);
    await client.query('DELETE FROM products WHERE id = $1', [rows[0].id]);
    const left = await client.query('SELECT (SELECT count(*) FROM product_images)::int AS images, (SELECT count(*) FROM product_reviews)::int AS reviews');
    expect(left.rows[0]).toEqual({ images: 0, reviews: 0 });
  });
});
