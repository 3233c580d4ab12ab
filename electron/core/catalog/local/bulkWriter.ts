import type { LocalDatabase } from '../../store/database';
import type { ImageTuple, MirrorWriter, ProductTuple, ReviewTuple } from './mirror';
import { ProductMerge } from './productMerge';

/** One slice of a full load: every product with `lo < id <= hi` (null = unbounded), with all its photos and review. */
export interface MirrorChunk {
  lo: number | null;
  hi: number | null;
  products: readonly ProductTuple[];
  images: readonly ImageTuple[];
  reviews: readonly ReviewTuple[];
}

/**
 * Writes a full load into the mirror one product-id range at a time, each range in one transaction, and
 * removes what the server no longer has in that range. Shaped by what the mirror's triggers (migration
 * 0020) cost per row on a 100 000-product first sync:
 * - photos are written BEFORE their products, with foreign keys deferred to COMMIT: the image_count trigger
 *   then finds no product row to bump, and the product insert counts the photos instead of 300 000 bumps;
 * - products are written a range at a time by ProductMerge, so the FTS trigger runs inside a few statements:
 *   FTS5 flushes its pending terms per statement, and per-row statements made indexing four times slower.
 */
export class BulkMirrorWriter {
  private readonly products: ProductMerge;
  /** A first sync: nothing to rename out of the way or sweep, which saves a tenth of the load. */
  private readonly wasEmpty: boolean;
  private readonly autocheckpoint: number;

  constructor(
    private readonly db: LocalDatabase,
    private readonly writer: MirrorWriter,
  ) {
    this.products = new ProductMerge(db, writer);
    this.wasEmpty = db.prepare('SELECT NOT EXISTS (SELECT 1 FROM products)').pluck().get() === 1;
    // One checkpoint at the end instead of one per chunk: chunks rewrite the same index pages (photo ids are
    // random uuids), and each checkpoint would copy them into the database file again. Durability is the
    // WAL's business, not the checkpoint's; the copy into the main file merely waits until close().
    this.autocheckpoint = db.pragma('wal_autocheckpoint', { simple: true }) as number;
    db.pragma('wal_autocheckpoint = 0');
  }

  /** Writes one chunk in one transaction; returns rows written and deleted. */
  writeChunk(chunk: MirrorChunk): { upserts: number; deletes: number } {
    const range = { lo: chunk.lo ?? Number.MIN_SAFE_INTEGER, hi: chunk.hi ?? Number.MAX_SAFE_INTEGER };
    let deletes = 0;
    // Chunks need not reach the disk one by one: the watermark, committed last with synchronous=FULL,
    // syncs the WAL and every chunk before it with it. Lost chunks (power cut) leave no watermark, so the load
    // starts over. Set and restored around this synchronous call, so no other write ever runs with it.
    const synchronous = this.db.pragma('synchronous', { simple: true }) as number;
    this.db.pragma('synchronous = NORMAL');
    try {
      this.writeInTransaction(chunk, range, (n) => (deletes += n));
    } finally {
      this.db.pragma(`synchronous = ${synchronous}`);
    }
    return { upserts: chunk.products.length + chunk.images.length + chunk.reviews.length, deletes };
  }

  private writeInTransaction(chunk: MirrorChunk, range: { lo: number; hi: number }, deleted: (n: number) => void): void {
    this.db.transaction(() => {
      // Photos before their products, foreign keys checked at COMMIT (reset by SQLite when it ends).
      this.db.pragma('defer_foreign_keys = ON');
      // In id order: the uuid primary-key index then takes its inserts page by page instead of at random.
      const byId = [...chunk.images].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
      for (const image of byId) this.writer.upsertImage(image);
      // Then the products, counting the photos already there (ProductMerge).
      this.products.write(chunk.products, { onlyNew: this.wasEmpty });
      for (const review of chunk.reviews) this.writer.upsertReview(review);
      if (!this.wasEmpty) {
        deleted(this.sweep('products', 'id', range, chunk.products.map((p) => p[0])));
        deleted(this.sweep('product_images', 'product_id', range, chunk.images.map((i) => i[0]), 'id'));
        deleted(this.sweep('product_reviews', 'product_id', range, chunk.reviews.map((r) => r[0])));
      }
    })();
  }

  /** Checkpoints as usual again (the next commit copies the load into the main file). */
  close(): void {
    this.db.pragma(`wal_autocheckpoint = ${this.autocheckpoint}`);
  }

  /** Deletes the rows of `table` in the product range whose key is not among `keep`. */
  private sweep(table: string, rangeColumn: string, range: { lo: number; hi: number }, keep: readonly (number | string)[], keyColumn = rangeColumn): number {
    return this.db
      .prepare(`DELETE FROM ${table} WHERE ${rangeColumn} > @lo AND ${rangeColumn} <= @hi AND ${keyColumn} NOT IN (SELECT value FROM json_each(@keep))`)
      .run({ ...range, keep: JSON.stringify(keep) }).changes;
  }
}
