import type pg from 'pg';
import type { LocalDatabase } from '../../store/database';
import { BulkMirrorWriter } from '../local/bulkWriter';
import { SYNC_KEYS, type ImageTuple, type MirrorWriter, type ProductTuple, type ReviewTuple } from '../local/mirror';
import { IMAGE_COLUMNS_SQL, PRODUCT_COLUMNS_SQL, REVIEW_COLUMNS_SQL } from './remoteRows';

/** Products per keyset page (chunk) read from PostgreSQL; a chunk also holds those products' photos and reviews. */
export const PAGE_ROWS = 10_000;
const FIRST_PAGE_ROWS = 1_000;
/** Fewer products per chunk when they have many photos: a chunk stays near this many photo rows in memory. */
const CHUNK_IMAGES = 40_000;

interface Range {
  lo: number | null;
  hi: number | null;
}

/**
 * Loads the whole catalog inside the caller's REPEATABLE READ transaction (one snapshot), in keyset pages of
 * products by id — each page with all its photos and reviews, written in one SQLite transaction (see
 * BulkMirrorWriter) — and removes what the server no longer has. The next page is requested before the
 * current one is written, so PostgreSQL works while SQLite does; pages shrink when products have many photos,
 * so memory stays bounded.
 *
 * The watermark is cleared first and set by the caller only after the last chunk: a load that stops half way
 * leaves a mirror that knows it must load again.
 */
export async function loadEverything(client: pg.Client, db: LocalDatabase, writer: MirrorWriter, pageRows = PAGE_ROWS): Promise<{ upserts: number; deletes: number }> {
  writer.setStateValue(SYNC_KEYS.watermark, null);
  const bulk = new BulkMirrorWriter(db, writer);
  let upserts = 0;
  let deletes = 0;
  // A small first page, so that SQLite starts writing early (see adapt).
  let next: Promise<Chunk> | null = readChunk(client, null, Math.min(pageRows, FIRST_PAGE_ROWS));
  try {
    while (next) {
      const chunk: Chunk = await next;
      // Ask for the next chunk before writing this one: PostgreSQL builds it while SQLite writes.
      next = chunk.hi === null ? null : readChunk(client, chunk.hi, adapt(pageRows, chunk));
      const written = bulk.writeChunk(chunk);
      upserts += written.upserts;
      deletes += written.deletes;
    }
  } catch (error) {
    // A read already under way must not surface later as an unhandled rejection.
    next?.catch(() => {});
    throw error;
  } finally {
    bulk.close();
  }
  return { upserts, deletes };
}

type Chunk = Range & { products: ProductTuple[]; images: ImageTuple[]; reviews: ReviewTuple[] };

/**
 * Products in the next chunk: at most `pageRows`, about CHUNK_IMAGES photos, and at most twice the last
 * chunk — pages start small and double, so each is ready by the time SQLite has written the one before.
 */
function adapt(pageRows: number, chunk: Chunk): number {
  if (chunk.products.length === 0) return pageRows;
  const perProduct = Math.max(chunk.images.length / chunk.products.length, 1);
  return Math.max(100, Math.min(pageRows, 2 * chunk.products.length, Math.round(CHUNK_IMAGES / perProduct)));
}

/** Below every product id, whatever the integer type of the storefront's `products.id`. */
const BEFORE_ALL = '-9223372036854775808';
const AFTER_ALL = '9223372036854775807';

/**
 * One chunk in ONE query: the next `limit` products after `lo` by id, and every photo and review of that id
 * range (to the end of the id space when fewer than `limit` products are left). Each table comes back as a
 * single JSON array text: PostgreSQL builds it while SQLite writes the previous chunk, and one JSON.parse
 * costs the main thread less than half of what parsing 17 columns row by row does.
 */
async function readChunk(client: pg.Client, lo: number | null, limit: number): Promise<Chunk> {
  const { rows } = await client.query<{ hi: string | null; products: string; images: string; reviews: string }>(
    `WITH p AS (SELECT id AS k, json_build_array(${PRODUCT_COLUMNS_SQL}) AS j FROM products WHERE id > $1::bigint ORDER BY id LIMIT $2),
          bound AS (SELECT CASE WHEN count(*) = $2 THEN max(k) END AS hi FROM p)
     SELECT (SELECT hi FROM bound)::text AS hi,
            (SELECT coalesce(json_agg(j ORDER BY k), '[]')::text FROM p) AS products,
            (SELECT coalesce(json_agg(json_build_array(${IMAGE_COLUMNS_SQL}) ORDER BY product_id, position), '[]')::text
               FROM product_images WHERE product_id > $1::bigint AND product_id <= coalesce((SELECT hi FROM bound), $3::bigint)) AS images,
            (SELECT coalesce(json_agg(json_build_array(${REVIEW_COLUMNS_SQL}) ORDER BY product_id), '[]')::text
               FROM product_reviews WHERE product_id > $1::bigint AND product_id <= coalesce((SELECT hi FROM bound), $3::bigint)) AS reviews`,
    [lo === null ? BEFORE_ALL : String(lo), limit, AFTER_ALL],
  );
  const row = rows[0]!;
  return {
    lo,
    hi: row.hi === null ? null : Number(row.hi),
    products: JSON.parse(row.products) as ProductTuple[],
    images: JSON.parse(row.images) as ImageTuple[],
    reviews: JSON.parse(row.reviews) as ReviewTuple[],
  };
}
