import { openLocalDatabase, type LocalDatabase } from '../../electron/core/store/database';
import { ProductsTable, type ProductRow } from '../../electron/core/store/products';

const now = '2026-11-28T00:00:00Z';

/** Adds a photo row to a local mirror, as a pull from PostgreSQL would. */
export function addMirrorImage(db: LocalDatabase, image: { id: string; productId: number; position: number; primary?: boolean; width?: number; height?: number; altText?: string }): void {
  db.prepare(
    `INSERT INTO product_images (id, product_id, s3_key, content_type, bytes, width, height, sha256, position, alt_text, is_primary, created_at, updated_at, version)
     VALUES (?, ?, ?, 'image/jpeg', 1000, ?, ?, ?, ?, ?, ?, ?, ?, 1)`,
  ).run(image.id, image.productId, `products/${image.productId}/${image.id}.jpg`, image.width ?? 1600, image.height ?? 1200,
    image.id.padEnd(64, '0'), image.position, image.altText ?? '', image.primary ? 1 : 0, now, now);
}

export function addMirrorReview(db: LocalDatabase, productId: number, status: string, note = ''): void {
  db.prepare('INSERT INTO product_reviews (product_id, status, note, reviewer, updated_at, version) VALUES (?, ?, ?, ?, ?, 1)').run(productId, status, note, 'marta', now);
}

/** Fills the local mirror at `file` with `products`, then closes it. */
export function fillMirror(file: string, products: ProductRow[], more: (db: LocalDatabase) => void = () => {}): void {
  const db = openLocalDatabase(file);
  new ProductsTable(db).upsert(products);
  more(db);
  db.close();
}

export const mirrorProduct = (id: number, sku: string, name: string, brand: string, category: string, priceCents: number | null = 9_999): ProductRow => ({
  id, sku, name, brand, category, priceCents, updatedAt: now,
});
