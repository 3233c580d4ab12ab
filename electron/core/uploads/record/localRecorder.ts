import type { LocalDatabase } from '../../store/database';
import type { CatalogRecorder, ImageRecord, RecordOutcome } from './types';

/**
 * The demo workspace's recorder: its catalog is the local SQLite store alone (no PostgreSQL), so the row is
 * written there with the same rules the server applies — one row per (product, sha256), appended at the end,
 * primary when it is the product's first photo.
 */
export class LocalCatalogRecorder implements CatalogRecorder {
  constructor(
    private readonly db: LocalDatabase,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async record(image: ImageRecord): Promise<RecordOutcome> {
    return this.db.transaction((): RecordOutcome => {
      if (this.db.prepare('SELECT 1 FROM products WHERE id = ?').get(image.productId) === undefined) return { status: 'product-gone' };
      const existing = this.db.prepare('SELECT id FROM product_images WHERE product_id = ? AND sha256 = ?').pluck().get(image.productId, image.sha256) as string | undefined;
      if (existing !== undefined) return { status: 'existing', imageId: existing };
      const last = this.db.prepare('SELECT coalesce(max(position), 0) FROM product_images WHERE product_id = ?').pluck().get(image.productId) as number;
      const at = this.now().toISOString();
      this.db
        .prepare(
          `INSERT INTO product_images (id, product_id, s3_key, public_url, content_type, bytes, width, height, sha256, position, is_primary, created_by, created_at, updated_at, version, variants, warnings, dhash)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?, ?)`,
        )
        .run(
          image.imageId, image.productId, image.s3Key, image.publicUrl, image.contentType, image.bytes, image.width, image.height, image.sha256,
          last + 1, last === 0 ? 1 : 0, image.createdBy, at, at, JSON.stringify(image.variants), JSON.stringify(image.warnings), image.dhash,
        );
      return { status: 'created', imageId: image.imageId };
    })();
  }
}
