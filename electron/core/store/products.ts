import type { ProductDetail, ProductImage, ProductQuery, ProductReview, ProductSummary, ReviewStatus } from '../../../shared/catalog';
import type { LocalDatabase } from './database';
import { ProductSearch, type ListFilter } from './productSearch';
import { searchWords } from './searchQuery';

/** A product row as sync writes it into the mirror. */
export interface ProductRow {
  id: number;
  sku: string;
  name: string;
  brand: string | null;
  category: string | null;
  priceCents: number | null;
  updatedAt: string;
}

const DEFAULT_LIMIT = 100;

/**
 * The product list and search over the local mirror — what staff and managers browse, online or not. Every
 * query here is a hot path (each keystroke, each scroll): test/electron/core/store/products.test.ts checks
 * with EXPLAIN QUERY PLAN that each one uses an index.
 */
export class ProductsTable {
  private readonly search: ProductSearch;

  constructor(private readonly db: LocalDatabase) {
    this.search = new ProductSearch(db);
  }

  /** Inserts or updates products by id, in one transaction. */
  upsert(rows: readonly ProductRow[]): void {
    const statement = this.db.prepare(
      `INSERT INTO products (id, sku, name, brand, category, price_cents, updated_at)
       VALUES (@id, @sku, @name, @brand, @category, @priceCents, @updatedAt)
       ON CONFLICT (id) DO UPDATE SET sku = excluded.sku, name = excluded.name, brand = excluded.brand,
         category = excluded.category, price_cents = excluded.price_cents, updated_at = excluded.updated_at`,
    );
    this.db.transaction(() => {
      for (const row of rows) statement.run({ ...row, brand: row.brand ?? '', category: row.category ?? '' });
    })();
  }

  /** Removes products (and, by cascade, their images and review) from the mirror. */
  delete(ids: readonly number[]): void {
    const statement = this.db.prepare('DELETE FROM products WHERE id = ?');
    this.db.transaction(() => {
      for (const id of ids) statement.run(id);
    })();
  }

  /**
   * One page of products matching the query: the plain list by SKU (keyset paging with `afterSku`); a search
   * as productSearch.ts orders it (relevance, or rowid when broad; offset paging).
   */
  list(query: ProductQuery = {}): ProductSummary[] {
    const words = query.search ? searchWords(query.search) : [];
    if (words.length === 0) {
      const { sql, params } = buildListSql(query);
      return (this.db.prepare(sql).all(params) as ListRow[]).map(toSummary);
    }
    const ids = this.search.pageIds(words, listFilter(query), { offset: query.offset ?? 0, limit: query.limit ?? DEFAULT_LIMIT });
    return this.rowsById(ids);
  }

  /** The rows of `ids`, in that order. */
  private rowsById(ids: readonly number[]): ProductSummary[] {
    if (ids.length === 0) return [];
    const rows = this.db.prepare(ROWS_BY_ID_SQL).all(JSON.stringify(ids)) as ListRow[];
    const byId = new Map(rows.map((row) => [row.id, row]));
    return ids.map((id) => toSummary(byId.get(id)!));
  }

  /** A product with its photos (in position order) and review, by SKU (case-insensitive); null if unknown. */
  getBySku(sku: string): ProductDetail | null {
    const { sql, params } = buildListSql({ limit: 1 });
    const bySku = sql.replace('ORDER BY p.sku', 'WHERE p.sku = @sku ORDER BY p.sku');
    const row = this.db.prepare(bySku).get({ ...params, sku }) as ListRow | undefined;
    if (!row) return null;
    const images = (this.db.prepare('SELECT * FROM product_images WHERE product_id = ? ORDER BY position').all(row.id) as ImageRow[]).map(toImage);
    const review = this.db.prepare('SELECT status, note, reviewer, updated_at AS updatedAt, version FROM product_reviews WHERE product_id = ?').get(row.id) as ProductReview | undefined;
    const updatedAt = this.db.prepare('SELECT updated_at FROM products WHERE id = ?').pluck().get(row.id) as string;
    return { ...toSummary(row), updatedAt, images, review: review ?? null };
  }

  /** As `getBySku`, by the product's id. */
  getById(id: number): ProductDetail | null {
    const sku = this.db.prepare('SELECT sku FROM products WHERE id = ?').pluck().get(id) as string | undefined;
    return sku === undefined ? null : this.getBySku(sku);
  }

  /** The distinct categories, for the filter menu. */
  categories(): string[] {
    return this.db.prepare("SELECT DISTINCT category FROM products WHERE category <> '' ORDER BY category").pluck().all() as string[];
  }

  count(): number {
    return this.db.prepare('SELECT count(*) FROM products').pluck().get() as number;
  }
}

interface ListRow {
  id: number;
  sku: string;
  name: string;
  brand: string;
  category: string;
  price_cents: number | null;
  image_count: number;
  review_status: ReviewStatus | null;
  primary_id: string | null;
  primary_url: string | null;
  primary_sha256: string | null;
}

const LIST_COLUMNS = `
    SELECT p.id, p.sku, p.name, p.brand, p.category, p.price_cents, p.image_count,
           r.status AS review_status, i.id AS primary_id, i.public_url AS primary_url, i.sha256 AS primary_sha256
      FROM products p
      LEFT JOIN product_reviews r ON r.product_id = p.id
      LEFT JOIN product_images i ON i.product_id = p.id AND i.is_primary = 1`;

/** A page of search results by id (productSearch.ts decides which and in which order). Exported for the query-plan tests. */
export const ROWS_BY_ID_SQL = `${LIST_COLUMNS}
     WHERE p.id IN (SELECT value FROM json_each(?))`;

/** The plain list (no search words), in SKU order. Exported for the query-plan tests, which must check the very SQL the app runs. */
export function buildListSql(query: ProductQuery): { sql: string; params: Record<string, unknown> } {
  const { where, params } = listFilter(query);
  if (query.afterSku !== undefined) {
    where.push('p.sku > @afterSku');
    params.afterSku = query.afterSku;
  }
  const sql = `${LIST_COLUMNS}
     ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
     ORDER BY p.sku
     LIMIT @limit OFFSET @offset`;
  return { sql, params: { ...params, limit: query.limit ?? DEFAULT_LIMIT, offset: query.offset ?? 0 } };
}

/** The query's filters (everything but search and paging), as SQL over `products p` and `product_reviews r`. */
export function listFilter(query: ProductQuery): ListFilter {
  const where: string[] = [];
  const params: Record<string, unknown> = {};
  if (query.missingImages) where.push('p.image_count = 0');
  if (query.fewerImagesThan !== undefined) {
    where.push('p.image_count < @fewer');
    params.fewer = query.fewerImagesThan;
  }
  if (query.category !== undefined) {
    where.push('p.category = @category');
    params.category = query.category;
  }
  if (query.reviewStatus === 'unreviewed') where.push('r.product_id IS NULL');
  else if (query.reviewStatus !== undefined) {
    where.push('r.status = @reviewStatus');
    params.reviewStatus = query.reviewStatus;
  }
  return { where, params, joinReviews: query.reviewStatus !== undefined };
}

interface ImageRow {
  id: string;
  s3_key: string;
  public_url: string | null;
  content_type: string;
  bytes: number;
  width: number | null;
  height: number | null;
  sha256: string;
  position: number;
  alt_text: string;
  alt_text_es: string;
  is_primary: number;
  version: number;
  variants: string;
  warnings: string;
}

function toImage(row: ImageRow): ProductImage {
  return {
    id: row.id,
    s3Key: row.s3_key,
    publicUrl: row.public_url,
    contentType: row.content_type,
    bytes: row.bytes,
    width: row.width,
    height: row.height,
    sha256: row.sha256,
    position: row.position,
    altText: row.alt_text,
    altTextEs: row.alt_text_es,
    isPrimary: row.is_primary === 1,
    version: row.version,
    variants: JSON.parse(row.variants) as ProductImage['variants'],
    warnings: JSON.parse(row.warnings) as ProductImage['warnings'],
  };
}

function toSummary(row: ListRow): ProductSummary {
  return {
    id: row.id,
    sku: row.sku,
    name: row.name,
    brand: row.brand,
    category: row.category,
    priceCents: row.price_cents,
    imageCount: row.image_count,
    reviewStatus: row.review_status,
    primaryImage: row.primary_id ? { id: row.primary_id, publicUrl: row.primary_url, sha256: row.primary_sha256! } : null,
  };
}
