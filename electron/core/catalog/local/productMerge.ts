import type { LocalDatabase } from '../../store/database';
import type { MirrorWriter, ProductTuple } from './mirror';

/**
 * Writes many products into the mirror with a handful of statements instead of a few per product. The
 * reason is the search index: the mirror's FTS triggers (migration 0020) run once per written product, and
 * FTS5 flushes its pending terms at the end of every statement — so 1 000 renamed products written one
 * statement at a time cost ~0.5 s, and in one statement a small fraction of that.
 *
 * Rows go into a TEMP staging table (this connection's temp database: staging never locks the main one),
 * then three statements write only what changed: text (which re-indexes), the rest, and new products.
 * `image_count` is set from the photos present at that moment, so callers may write photos first.
 * Callers own the transaction.
 */
export class ProductMerge {
  private readonly stage;
  private readonly clear;
  private readonly renameClashes;
  private readonly statements;

  constructor(
    private readonly db: LocalDatabase,
    private readonly writer: MirrorWriter,
  ) {
    // Kept for the connection's life: creating and dropping it per pull would invalidate every prepared
    // statement of the connection each time (a schema change).
    db.exec(`CREATE TEMP TABLE IF NOT EXISTS vitrina_sync_products (
      id INTEGER PRIMARY KEY, sku TEXT NOT NULL, name TEXT NOT NULL, brand TEXT NOT NULL, category TEXT NOT NULL,
      price_cents INTEGER, updated_at TEXT NOT NULL)`);
    this.stage = db.prepare('INSERT OR REPLACE INTO temp.vitrina_sync_products VALUES (?, ?, ?, ?, ?, ?, ?)');
    this.clear = db.prepare('DELETE FROM temp.vitrina_sync_products');
    // A local product holding a SKU that the server now gives another id is renamed out of the way (see
    // MirrorWriter.upsertProduct); `p.sku = s.sku` compares with the mirror's NOCASE and uses its index.
    this.renameClashes = db.prepare(
      `UPDATE products SET sku = sku || ' ~' || id
        WHERE id IN (SELECT p.id FROM temp.vitrina_sync_products s JOIN products p ON p.sku = s.sku WHERE p.id <> s.id)`,
    );
    const count = '(SELECT count(*) FROM product_images i WHERE i.product_id = s.id)';
    this.statements = {
      text: db.prepare(
        `UPDATE products SET sku = s.sku, name = s.name, brand = s.brand, category = s.category FROM temp.vitrina_sync_products s
          WHERE s.id = products.id AND (products.sku <> s.sku COLLATE BINARY OR products.name <> s.name OR products.brand <> s.brand OR products.category <> s.category)`,
      ),
      rest: db.prepare(
        `UPDATE products SET price_cents = s.price_cents, updated_at = s.updated_at, image_count = ${count} FROM temp.vitrina_sync_products s
          WHERE s.id = products.id AND (products.price_cents IS NOT s.price_cents OR products.updated_at <> s.updated_at OR products.image_count <> ${count})`,
      ),
      insert: db.prepare(
        `INSERT INTO products (id, sku, name, brand, category, price_cents, updated_at, image_count)
         SELECT id, sku, name, brand, category, price_cents, updated_at, ${count} FROM temp.vitrina_sync_products s WHERE true
         ON CONFLICT (id) DO NOTHING`,
      ),
    };
  }

  /** Inserts or updates `products`. With `onlyNew` (a first sync into an empty mirror), inserts only. */
  write(products: readonly ProductTuple[], options: { onlyNew?: boolean } = {}): void {
    if (products.length === 0) return;
    // Cleared first too: a failed transaction rolls back the clearing of the previous write.
    this.clear.run();
    for (const product of products) this.stage.run(product);
    try {
      if (options.onlyNew) this.statements.insert.run();
      else {
        this.renameClashes.run();
        this.statements.text.run();
        this.statements.rest.run();
        this.statements.insert.run();
      }
    } catch (error) {
      // Two server SKUs that differ only by case: the row-by-row path gives one of them a suffix.
      if ((error as { code?: string }).code !== 'SQLITE_CONSTRAINT_UNIQUE') throw error;
      for (const product of products) this.writer.upsertProduct(product);
      this.db.prepare('UPDATE products SET image_count = (SELECT count(*) FROM product_images i WHERE i.product_id = products.id) WHERE id IN (SELECT id FROM temp.vitrina_sync_products)').run();
    } finally {
      this.clear.run();
    }
  }
}
