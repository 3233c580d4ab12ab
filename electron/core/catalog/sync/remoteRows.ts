import type pg from 'pg';
import type { ImageTuple, ProductTuple, ReviewTuple } from '../local/mirror';

/**
 * The SQL that reads catalog rows from PostgreSQL in exactly the column order the mirror's prepared
 * statements take (see local/mirror.ts), so that a row goes from the wire to SQLite without an object per
 * row in between: on a first sync that is 400 000 rows.
 *
 * Conversions happen in SQL: timestamps to ISO-8601 UTC text (`to_char` is far cheaper than a JS Date per
 * value), booleans to 0/1, prices to integer cents. The storefront owns `products` and may use other types
 * than Vitrina's minimal table (varchar, money, timestamp without time zone), hence the casts.
 */

const isoUtc = (column: string) => `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

/** Columns of a products row, as `ProductTuple`. */
export const PRODUCT_COLUMNS_SQL = `id, sku::text, name::text, coalesce(brand::text, ''), coalesce(category::text, ''),
  round(price::numeric * 100)::bigint, coalesce(${isoUtc('updated_at::timestamptz')}, '')`;

/** Columns of a product_images row, as `ImageTuple`. */
export const IMAGE_COLUMNS_SQL = `id::text, product_id, s3_key, public_url, content_type, bytes, width, height, sha256, position,
  alt_text, alt_text_es, is_primary::int, created_by, ${isoUtc('created_at')}, ${isoUtc('updated_at')}, version, variants::text,
  warnings::text, dhash`;

/** Columns of a product_reviews row, as `ReviewTuple`. */
export const REVIEW_COLUMNS_SQL = `product_id, status, note, reviewer, ${isoUtc('updated_at')}, version`;

/**
 * bigint (int8) as a JS number instead of pg's default string: product ids, byte sizes and cents are far
 * below 2^53, and SQLite's STRICT INTEGER columns want numbers. Per query, so the caller's client keeps
 * its own parsers.
 */
function typesFor(client: pg.Client): pg.CustomTypesConfig {
  return {
    getTypeParser: ((oid: number, format?: string) =>
      oid === 20 ? (value: string) => Number(value) : client.getTypeParser(oid, format as 'text')) as pg.CustomTypesConfig['getTypeParser'],
  };
}

/** Runs a query whose rows come back as arrays (column order = the SELECT list). */
export async function queryTuples<T extends unknown[]>(client: pg.Client, text: string, values: unknown[] = []): Promise<T[]> {
  const result = await client.query({ text, values, rowMode: 'array', types: typesFor(client) });
  return result.rows as T[];
}

/** A product's current state in PostgreSQL: the product (null if deleted), its photos and its review. */
export interface ProductState {
  productId: number;
  product: ProductTuple | null;
  images: ImageTuple[];
  review: ReviewTuple | null;
}

/**
 * Reads one product's current state, on whatever transaction the client is in. Push uses it to bring the
 * mirror to the server's truth right after an edit (applied or conflicted), without waiting for a pull.
 */
export async function readProductState(client: pg.Client, productId: number): Promise<ProductState> {
  const [products, images, reviews] = [
    await queryTuples<ProductTuple>(client, `SELECT ${PRODUCT_COLUMNS_SQL} FROM products WHERE id = $1`, [productId]),
    await queryTuples<ImageTuple>(client, `SELECT ${IMAGE_COLUMNS_SQL} FROM product_images WHERE product_id = $1 ORDER BY position, product_images.id`, [productId]),
    await queryTuples<ReviewTuple>(client, `SELECT ${REVIEW_COLUMNS_SQL} FROM product_reviews WHERE product_id = $1`, [productId]),
  ];
  return { productId, product: products[0] ?? null, images: products[0] ? images : [], review: products[0] ? (reviews[0] ?? null) : null };
}
