import type pg from 'pg';
import { readChanges, readSnapshotWatermark } from '../remote/changes';
import { CHANGES_HORIZON_SQL } from '../remote/prune';
import { LocalApplier } from '../local/applyLocal';
import { MirrorWriter, SYNC_KEYS, type ImageTuple, type ProductTuple, type ReviewTuple } from '../local/mirror';
import { ProductMerge } from '../local/productMerge';
import { loadEverything } from './fullLoad';
import { IMAGE_COLUMNS_SQL, PRODUCT_COLUMNS_SQL, queryTuples, REVIEW_COLUMNS_SQL } from './remoteRows';
import type { LocalDatabase } from '../../store/database';

/** What a pull did to the mirror. */
export interface PullResult {
  /**
   * Whether this was a full load (first sync, another database, a watermark older than the pruned changes,
   * or too many changes to pull one by one).
   */
  full: boolean;
  /** Rows written (inserted or updated) in the mirror. */
  upserts: number;
  /** Rows deleted from the mirror (not counting photos and reviews that went with their product). */
  deletes: number;
  /** The new watermark (a snapshot xmin, xid8 as decimal text). */
  watermark: string;
}

export interface PullOptions {
  /** Products per keyset page of a full load (each page also carries their photos and reviews). Default 10 000. */
  batchSize?: number;
  /** Above this many change rows since the watermark, a full load is cheaper than re-reading each key. */
  fullLoadAbove?: number;
  now?: () => Date;
}

const DEFAULT_FULL_LOAD_ABOVE = 50_000;

/**
 * Brings the mirror up to date with PostgreSQL, inside one REPEATABLE READ transaction so that everything
 * read — the watermark, the changes and the rows — comes from a single snapshot.
 *
 * The range of changes: every change visible in the snapshot from the stored watermark on (`to` = the
 * snapshot's xmax), while the watermark stored for next time is the snapshot's xmin (see remote/changes.ts).
 * A transaction still open now is invisible and above xmin, so the next pull reads it once it commits —
 * however old its timestamps. Committed changes between xmin and xmax arrive now AND again next time;
 * re-applying is harmless (rows are re-read by key), and no one waits for a long transaction to see others'.
 *
 * Incremental pulls write everything plus the new watermark in ONE SQLite transaction: a crash keeps the old
 * watermark and the next pull does it again. A full load writes keyset pages in their own transactions
 * (memory stays bounded; the UI fills as it loads) with no watermark until the end, so an interrupted load
 * starts over. Pending local edits are replayed over the rows a pull replaced.
 */
export async function pullCatalog(client: pg.Client, db: LocalDatabase, options: PullOptions = {}): Promise<PullResult> {
  const writer = new MirrorWriter(db);
  const now = () => (options.now?.() ?? new Date()).toISOString();
  await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
  try {
    const xmin = await readSnapshotWatermark(client);
    const snapshot = (await client.query<{ xmax: string; database: string | null; horizon: string | null }>(
      `SELECT pg_snapshot_xmax(pg_current_snapshot())::text AS xmax, (SELECT id::text FROM vitrina_database) AS database, ${CHANGES_HORIZON_SQL} AS horizon`,
    )).rows[0]!;
    const from = writer.state(SYNC_KEYS.watermark);
    const sameDatabase = snapshot.database !== null && writer.state(SYNC_KEYS.database) === snapshot.database;
    // Below the horizon, changes this mirror has not read may have been pruned (remote/prune.ts): a machine
    // offline longer than the retention reloads everything, which also removes what was deleted meanwhile.
    const pruned = from !== undefined && snapshot.horizon !== null && BigInt(from) < BigInt(snapshot.horizon);
    let full = from === undefined || !sameDatabase || pruned || BigInt(from) > BigInt(snapshot.xmax);
    if (!full) {
      const pendingChanges = (await client.query<{ n: number }>('SELECT count(*)::int AS n FROM vitrina_changes WHERE txid >= $1::xid8', [from])).rows[0]!.n;
      full = pendingChanges > (options.fullLoadAbove ?? DEFAULT_FULL_LOAD_ABOVE);
    }
    const counts: Applied = full
      ? await loadEverything(client, db, writer, options.batchSize)
      : await incremental(client, db, writer, { from: from!, to: snapshot.xmax });
    // A watermark never moves back: the range below the stored one was final when it was stored.
    const watermark = !full && BigInt(from!) > BigInt(xmin) ? from! : xmin;
    db.transaction(() => {
      counts.write?.();
      new LocalApplier(db).replayPending(now(), counts.touched);
      writer.setStateValue(SYNC_KEYS.watermark, watermark);
      writer.setStateValue(SYNC_KEYS.database, snapshot.database);
    })();
    await client.query('COMMIT');
    return { full, upserts: counts.upserts, deletes: counts.deletes, watermark };
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {});
    throw error;
  }
}

interface Applied {
  upserts: number;
  deletes: number;
  /** Local writes still to do in the final transaction (with the watermark). */
  write?: () => void;
  /** Products whose rows changed, for replaying pending edits; undefined = all. */
  touched?: Set<number>;
}

/** Re-reads the rows behind each change and writes them (or their absence) to the mirror. */
async function incremental(client: pg.Client, db: LocalDatabase, writer: MirrorWriter, range: { from: string; to: string }): Promise<Applied> {
  const changes = await readChanges(client, range);
  const keys = (table: string) => changes.filter((c) => c.table === table).map((c) => c.rowKey);
  const productIds = keys('products').map(Number);
  const imageIds = keys('product_images');
  const products = productIds.length ? await queryTuples<ProductTuple>(client, `SELECT ${PRODUCT_COLUMNS_SQL} FROM products WHERE id = ANY($1::bigint[])`, [productIds]) : [];
  // Products new to the mirror bring their photos and review along, whatever the range says about them.
  const added = products.map((p) => p[0]).filter((id) => !writer.hasProduct(id));
  // Photos are re-read per product, so the mirror takes each product's photos from one snapshot (positions
  // and the primary flag stay consistent) and learns of photos deleted since.
  const imageProducts = new Set<number>(added);
  for (const id of imageIds) {
    const local = writer.productOf(id);
    if (local !== undefined) imageProducts.add(local);
  }
  if (imageIds.length) {
    const { rows } = await client.query<{ p: string }>('SELECT DISTINCT product_id::text AS p FROM product_images WHERE id = ANY($1::uuid[])', [imageIds]);
    for (const r of rows) imageProducts.add(Number(r.p));
  }
  const images = imageProducts.size
    ? await queryTuples<ImageTuple>(client, `SELECT ${IMAGE_COLUMNS_SQL} FROM product_images WHERE product_id = ANY($1::bigint[]) ORDER BY product_id, position`, [[...imageProducts]])
    : [];
  const reviewProducts = new Set<number>([...keys('product_reviews').map(Number), ...added]);
  const reviews = reviewProducts.size ? await queryTuples<ReviewTuple>(client, `SELECT ${REVIEW_COLUMNS_SQL} FROM product_reviews WHERE product_id = ANY($1::bigint[])`, [[...reviewProducts]]) : [];

  const merge = new ProductMerge(db, writer);
  const result: Applied = { upserts: 0, deletes: 0, touched: new Set([...productIds, ...imageProducts, ...reviewProducts]) };
  result.write = () => {
    const found = new Set(products.map((p) => p[0]));
    merge.write(products);
    for (const id of productIds) if (!found.has(id)) result.deletes += writer.deleteProduct(id);
    const imagesOf = groupBy(images, (image) => image[1]);
    for (const productId of imageProducts) {
      if (!writer.hasProduct(productId)) continue; // deleted above (or never known): nothing to attach to
      const [written, deleted] = writer.replaceImagesOf(productId, imagesOf.get(productId) ?? []);
      result.upserts += written;
      result.deletes += deleted;
    }
    const reviewOf = new Map(reviews.map((r) => [r[0], r]));
    for (const productId of reviewProducts) {
      const review = reviewOf.get(productId);
      if (!review) result.deletes += writer.deleteReview(productId);
      else if (writer.hasProduct(productId)) {
        writer.upsertReview(review);
        result.upserts += 1;
      }
    }
    result.upserts += products.length;
  };
  return result;
}

function groupBy<T, K>(items: readonly T[], key: (item: T) => K): Map<K, T[]> {
  const groups = new Map<K, T[]>();
  for (const item of items) {
    const group = groups.get(key(item));
    if (group) group.push(item);
    else groups.set(key(item), [item]);
  }
  return groups;
}
