import type { LocalDatabase } from '../../store/database';

/** A products row in the order of `PRODUCT_COLUMNS_SQL` (sync/remoteRows.ts). */
export type ProductTuple = [id: number, sku: string, name: string, brand: string, category: string, priceCents: number | null, updatedAt: string];

/** A product_images row in the order of `IMAGE_COLUMNS_SQL`. `isPrimary` is 0 or 1. */
export type ImageTuple = [
  id: string, productId: number, s3Key: string, publicUrl: string | null, contentType: string, bytes: number,
  width: number | null, height: number | null, sha256: string, position: number, altText: string, altTextEs: string,
  isPrimary: number, createdBy: string | null, createdAt: string, updatedAt: string, version: number,
  variants: string, warnings: string, dhash: string | null,
];

/** A product_reviews row in the order of `REVIEW_COLUMNS_SQL`. */
export type ReviewTuple = [productId: number, status: string, note: string, reviewer: string | null, updatedAt: string, version: number];

/** sync_state keys. */
export const SYNC_KEYS = {
  /** Pull watermark: a PostgreSQL snapshot xmin (xid8, decimal). Absent = the next pull is a full load. */
  watermark: 'pull.watermark',
  /** `vitrina_database.id` of the database the watermark belongs to. */
  database: 'pull.database',
  lastSuccessAt: 'sync.lastSuccessAt',
  lastAttemptAt: 'sync.lastAttemptAt',
  /** The last sync's error as JSON `{ kind, message }`; absent after a successful sync. */
  lastError: 'sync.lastError',
  /** When this machine last pruned sync bookkeeping (ISO, its own clock): at most once a day (sync/housekeeping.ts). */
  lastPruneAt: 'prune.lastRunAt',
} as const;

/**
 * Writes server rows into the mirror (migration 0020) with statements prepared once: a first sync runs them
 * 400 000 times. Callers own the transactions; nothing here opens one, so pull and push can put a batch of
 * rows, outbox bookkeeping and the watermark into one atomic write.
 */
export class MirrorWriter {
  private readonly insertProduct;
  private readonly updateProductText;
  private readonly updateProductPrice;
  private readonly renameSkuHolder;
  private readonly deleteProductStmt;
  private readonly upsertImageStmt;
  private readonly deleteImageStmt;
  private readonly upsertReviewStmt;
  private readonly deleteReviewStmt;
  private readonly productExistsStmt;
  private readonly imageIdsOfProduct;
  private readonly productOfImage;
  private readonly getState;
  private readonly setState;
  private readonly deleteState;

  constructor(db: LocalDatabase) {
    // Three statements, so that only a real change is written and a new price does not re-index the product
    // for search: products_fts_update fires whenever sku/name/brand/category are SET, changed or not.
    this.insertProduct = db.prepare(
      `INSERT INTO products (id, sku, name, brand, category, price_cents, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING`,
    );
    this.updateProductText = db.prepare(
      `UPDATE products SET sku = @sku, name = @name, brand = @brand, category = @category
        WHERE id = @id AND (sku <> @sku COLLATE BINARY OR name <> @name OR brand <> @brand OR category <> @category)`,
    );
    this.updateProductPrice = db.prepare(
      `UPDATE products SET price_cents = @priceCents, updated_at = @updatedAt WHERE id = @id AND (price_cents IS NOT @priceCents OR updated_at <> @updatedAt)`,
    );
    this.renameSkuHolder = db.prepare(`UPDATE products SET sku = sku || ' ~' || id WHERE sku = ? AND id <> ?`);
    this.deleteProductStmt = db.prepare('DELETE FROM products WHERE id = ?');
    this.upsertImageStmt = db.prepare(
      `INSERT INTO product_images (id, product_id, s3_key, public_url, content_type, bytes, width, height, sha256, position,
         alt_text, alt_text_es, is_primary, created_by, created_at, updated_at, version, variants, warnings, dhash)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (id) DO UPDATE SET product_id = excluded.product_id, s3_key = excluded.s3_key, public_url = excluded.public_url,
         content_type = excluded.content_type, bytes = excluded.bytes, width = excluded.width, height = excluded.height,
         sha256 = excluded.sha256, position = excluded.position, alt_text = excluded.alt_text, alt_text_es = excluded.alt_text_es,
         is_primary = excluded.is_primary, created_by = excluded.created_by, created_at = excluded.created_at,
         updated_at = excluded.updated_at, version = excluded.version, variants = excluded.variants,
         warnings = excluded.warnings, dhash = excluded.dhash`,
    );
    this.deleteImageStmt = db.prepare('DELETE FROM product_images WHERE id = ?');
    this.upsertReviewStmt = db.prepare(
      `INSERT INTO product_reviews (product_id, status, note, reviewer, updated_at, version) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (product_id) DO UPDATE SET status = excluded.status, note = excluded.note, reviewer = excluded.reviewer,
         updated_at = excluded.updated_at, version = excluded.version`,
    );
    this.deleteReviewStmt = db.prepare('DELETE FROM product_reviews WHERE product_id = ?');
    this.productExistsStmt = db.prepare('SELECT 1 FROM products WHERE id = ?').pluck();
    this.imageIdsOfProduct = db.prepare('SELECT id FROM product_images WHERE product_id = ?').pluck();
    this.productOfImage = db.prepare('SELECT product_id FROM product_images WHERE id = ?').pluck();
    this.getState = db.prepare('SELECT value FROM sync_state WHERE key = ?').pluck();
    this.setState = db.prepare('INSERT INTO sync_state (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value');
    this.deleteState = db.prepare('DELETE FROM sync_state WHERE key = ?');
  }

  /**
   * Inserts or updates a product. The mirror's sku is unique without regard to case, PostgreSQL's only
   * with it; and within one pull two products may swap SKUs. So a local holder of the same SKU is renamed
   * (`SKU ~id`) out of the way: it is either updated later in the same pull, or a storefront product whose SKU
   * differs from another only by case, which then shows with that suffix.
   */
  upsertProduct(row: ProductTuple): void {
    try {
      this.writeProduct(row);
    } catch (error) {
      if ((error as { code?: string }).code !== 'SQLITE_CONSTRAINT_UNIQUE') throw error;
      this.renameSkuHolder.run(row[1], row[0]);
      this.writeProduct(row);
    }
  }

  private writeProduct(row: ProductTuple): void {
    if (this.insertProduct.run(row).changes > 0) return;
    const [id, sku, name, brand, category, priceCents, updatedAt] = row;
    this.updateProductText.run({ id, sku, name, brand, category });
    this.updateProductPrice.run({ id, priceCents, updatedAt });
  }

  /** Deletes a product; its photos and review go with it (ON DELETE CASCADE). Returns rows deleted. */
  deleteProduct(id: number): number {
    return this.deleteProductStmt.run(id).changes;
  }

  upsertImage(row: ImageTuple): void {
    this.upsertImageStmt.run(row);
  }

  deleteImage(id: string): number {
    return this.deleteImageStmt.run(id).changes;
  }

  upsertReview(row: ReviewTuple): void {
    this.upsertReviewStmt.run(row);
  }

  deleteReview(productId: number): number {
    return this.deleteReviewStmt.run(productId).changes;
  }

  hasProduct(id: number): boolean {
    return this.productExistsStmt.get(id) !== undefined;
  }

  /** The product a photo belongs to in the mirror, if the mirror has the photo. */
  productOf(imageId: string): number | undefined {
    return this.productOfImage.get(imageId) as number | undefined;
  }

  /**
   * Makes a product's photos exactly `images` (all of them belong to `productId`): the server's set for that
   * product at one snapshot, so the mirror never shows a half-applied reorder. Returns [written, deleted].
   */
  replaceImagesOf(productId: number, images: readonly ImageTuple[]): [number, number] {
    const keep = new Set(images.map((image) => image[0]));
    let deleted = 0;
    for (const id of this.imageIdsOfProduct.all(productId) as string[]) if (!keep.has(id)) deleted += this.deleteImage(id);
    for (const image of images) this.upsertImage(image);
    return [images.length, deleted];
  }

  /** Brings one product (row, photos, review) to the given server state; a null product is deleted. */
  replaceProduct(state: { productId: number; product: ProductTuple | null; images: readonly ImageTuple[]; review: ReviewTuple | null }): void {
    if (!state.product) {
      this.deleteProduct(state.productId);
      return;
    }
    this.upsertProduct(state.product);
    this.replaceImagesOf(state.productId, state.images);
    if (state.review) this.upsertReview(state.review);
    else this.deleteReview(state.productId);
  }

  /** A sync_state value. */
  state(key: string): string | undefined {
    return this.getState.get(key) as string | undefined;
  }

  setStateValue(key: string, value: string | null): void {
    if (value === null) this.deleteState.run(key);
    else this.setState.run(key, value);
  }
}
