import type pg from 'pg';
import { LocalApplier } from '../../catalog/local/applyLocal';
import { MirrorWriter } from '../../catalog/local/mirror';
import { lockProductImages } from '../../catalog/sync/remoteEdits';
import { readProductState, type ProductState } from '../../catalog/sync/remoteRows';
import type { LocalDatabase } from '../../store/database';
import type { CatalogRecorder, ImageRecord, RecordOutcome } from './types';

/**
 * The shop's recorder: inserts the photo's row into PostgreSQL, then brings the mirror to the server's
 * state of that product (replaying this computer's pending edits on top, as a push does).
 *
 * Many machines insert and reorder photos of one product at once. Positions are "max + 1" under locks:
 * an advisory lock per product serializes inserters (with no photo rows yet there is nothing to lock
 * FOR UPDATE), and `lockProductImages` — which every photo writer takes — orders us with reorders and
 * deletes. A unique violation (a racing insert of the same bytes) or a serialization failure is retried.
 */
export class PgCatalogRecorder implements CatalogRecorder {
  constructor(
    private readonly connect: () => Promise<pg.Client>,
    private readonly mirror: LocalDatabase,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async record(image: ImageRecord): Promise<RecordOutcome> {
    const client = await this.connect();
    try {
      for (let attempt = 1; ; attempt++) {
        try {
          const { outcome, state } = await insertRemotely(client, image);
          if (state) this.updateMirror(state);
          return outcome;
        } catch (error) {
          const code = (error as { code?: string }).code;
          if (attempt >= 5 || (code !== '23505' && code !== '40001' && code !== '40P01')) throw error;
        }
      }
    } finally {
      await client.end().catch(() => {});
    }
  }

  private updateMirror(state: ProductState): void {
    const writer = new MirrorWriter(this.mirror);
    const applier = new LocalApplier(this.mirror);
    this.mirror.transaction(() => {
      writer.replaceProduct(state);
      applier.replayPending(this.now().toISOString(), [state.productId]);
    })();
  }
}

/** Key space of the per-product insert lock ('vitrina-images' as an int), so it cannot clash with other locks. */
const INSERT_LOCK_SPACE = 0x76697472;

async function insertRemotely(client: pg.Client, image: ImageRecord): Promise<{ outcome: RecordOutcome; state: ProductState | null }> {
  await client.query('BEGIN');
  try {
    // Two int4 keys: the product id folded into 31 bits; a rare collision only serializes two products.
    await client.query('SELECT pg_advisory_xact_lock($1, ($2::bigint % 2147483647)::int)', [INSERT_LOCK_SPACE, image.productId]);
    const product = await client.query('SELECT 1 FROM products WHERE id = $1', [image.productId]);
    if (product.rowCount === 0) {
      await client.query('ROLLBACK');
      return { outcome: { status: 'product-gone' }, state: null };
    }
    const rows = await lockProductImages(client, image.productId);
    const same = await client.query<{ id: string }>('SELECT id::text AS id FROM product_images WHERE product_id = $1 AND sha256 = $2', [image.productId, image.sha256]);
    let outcome: RecordOutcome;
    if (same.rows[0]) outcome = { status: 'existing', imageId: same.rows[0].id };
    else {
      const last = rows.reduce((max, r) => Math.max(max, r.position), 0);
      await client.query(
        `INSERT INTO product_images (id, product_id, s3_key, public_url, content_type, bytes, width, height, sha256, position, is_primary, created_by, variants, warnings, dhash)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13::jsonb, $14::jsonb, $15)`,
        [
          image.imageId, image.productId, image.s3Key, image.publicUrl, image.contentType, image.bytes, image.width, image.height, image.sha256,
          last + 1, rows.length === 0, image.createdBy, JSON.stringify(image.variants), JSON.stringify(image.warnings), image.dhash,
        ],
      );
      outcome = { status: 'created', imageId: image.imageId };
    }
    const state = await readProductState(client, image.productId);
    await client.query('COMMIT');
    return { outcome, state };
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {});
    throw error;
  }
}
