import { sampleProducts } from '../catalog/remote/sampleCatalog';
import type { LocalDatabase } from '../store/database';
import { ProductsTable, type ProductRow } from '../store/products';

/** The `sync_state` row that marks a local store as the demo workspace's. */
const WORKSPACE_KEY = 'workspace';
const DEMO = 'demo';

/**
 * The `updated_at` of every demo product: fixed rather than "now", so loading again writes identical rows.
 */
export const DEMO_CATALOG_UPDATED_AT = '2025-01-01T00:00:00.000Z';

/**
 * The sample catalog (catalog/remote/sampleCatalog.ts — the very list `vitrina db seed --sample` puts in
 * PostgreSQL) as mirror rows: ids 1…n in the sample's stable order, which is also the order in which a
 * fresh PostgreSQL database numbers them, and prices in integer cents.
 */
export function demoProductRows(): ProductRow[] {
  return sampleProducts.map((product, index) => ({
    id: index + 1,
    sku: product.sku,
    name: product.name,
    brand: product.brand,
    category: product.category,
    priceCents: decimalToCents(product.price),
    updatedAt: DEMO_CATALOG_UPDATED_AT,
  }));
}

/**
 * Fills the local mirror with the sample catalog and marks the store as a demo (`sync_state.workspace =
 * 'demo'`), in one transaction; no PostgreSQL is involved. Idempotent: products are upserted by id.
 *
 * Refuses a store that is not a demo store and already holds products or sync state: that is a shop's
 * mirror, and sample products must never be mixed into it (nor the shop's store marked as a demo).
 * Returns the number of sample products.
 */
export function loadDemoCatalog(db: LocalDatabase): number {
  const rows = demoProductRows();
  db.transaction(() => {
    if (!isDemoStore(db)) assertEmptyStore(db);
    new ProductsTable(db).upsert(rows);
    db.prepare('INSERT INTO sync_state (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value').run(WORKSPACE_KEY, DEMO);
  })();
  return rows.length;
}

/**
 * True for the demo workspace's store. Sync code must check it and refuse to push to or pull from the
 * shop's PostgreSQL and bucket for such a store: its products are samples and its photos demo photos.
 */
export function isDemoStore(db: LocalDatabase): boolean {
  return db.prepare('SELECT value FROM sync_state WHERE key = ?').pluck().get(WORKSPACE_KEY) === DEMO;
}

function assertEmptyStore(db: LocalDatabase): void {
  const products = db.prepare('SELECT count(*) FROM products').pluck().get() as number;
  const syncState = db.prepare('SELECT count(*) FROM sync_state').pluck().get() as number;
  if (products > 0 || syncState > 0)
    throw new Error('The demo catalog is only loaded into an empty store or a demo store; this one holds a shop catalog (products or sync state), so it was left unchanged.');
}

/** `"1249.90"` → 124990, exactly: parsed as text, since binary floating point is never used for money. */
export function decimalToCents(decimal: string): number {
  const match = /^(\d+)(?:\.(\d{1,2}))?$/.exec(decimal);
  if (!match) throw new Error(`Not a price with at most two decimals: ${JSON.stringify(decimal)}`);
  return Number(match[1]) * 100 + Number((match[2] ?? '').padEnd(2, '0'));
}
