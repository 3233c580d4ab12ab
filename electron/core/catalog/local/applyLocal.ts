import { missingCase } from '../../../../shared/result';
import type { LocalDatabase } from '../../store/database';
import type { CatalogEdit } from './editTypes';
import { OutboxTable } from './outbox';

/**
 * Applies an edit to the mirror — the optimistic half of an edit, so the UI shows it before (or without)
 * the server. Also used to replay pending edits over rows that a pull or a push just replaced with the
 * server's version: the mirror always shows "server state + my pending edits".
 *
 * Tolerant by design: a photo that is gone is skipped, a reorder keeps photos it does not mention at the end.
 * Validation (is this a real photo of this product?) happens once, when the user makes the edit (edits.ts);
 * a replay must never fail because the server moved on — the push will report that as a conflict.
 *
 * Local rows keep the server's `version`: it is the base that later edits are checked against.
 */
export class LocalApplier {
  private readonly outbox: OutboxTable;

  constructor(private readonly db: LocalDatabase) {
    this.outbox = new OutboxTable(db);
  }

  apply(edit: CatalogEdit, now: string): void {
    switch (edit.kind) {
      case 'reorder-images': {
        const current = this.imageIds(edit.productId);
        const known = new Set(current);
        const listed = edit.imageIds.filter((id) => known.has(id));
        const rest = current.filter((id) => !listed.includes(id));
        this.writePositions([...listed, ...rest], now);
        break;
      }
      case 'set-primary-image':
        if (!this.hasImage(edit.imageId, edit.productId)) return;
        this.db
          .prepare('UPDATE product_images SET is_primary = (id = @imageId), updated_at = @now WHERE product_id = @productId AND is_primary <> (id = @imageId)')
          .run({ imageId: edit.imageId, productId: edit.productId, now });
        break;
      case 'set-alt-text':
        this.db
          .prepare('UPDATE product_images SET alt_text = coalesce(?, alt_text), alt_text_es = coalesce(?, alt_text_es), updated_at = ? WHERE id = ?')
          .run(edit.altText ?? null, edit.altTextEs ?? null, now, edit.imageId);
        break;
      case 'delete-image':
        this.db.prepare('DELETE FROM product_images WHERE id = ?').run(edit.imageId);
        break;
      case 'set-review':
        this.db
          .prepare(
            `INSERT INTO product_reviews (product_id, status, note, reviewer, updated_at, version)
             SELECT @productId, @status, @note, @reviewer, @now, 0 WHERE EXISTS (SELECT 1 FROM products WHERE id = @productId)
             ON CONFLICT (product_id) DO UPDATE SET status = excluded.status, note = excluded.note, reviewer = excluded.reviewer, updated_at = excluded.updated_at`,
          )
          .run({ productId: edit.productId, status: edit.status, note: edit.note, reviewer: edit.reviewer, now });
        return;
      default:
        throw missingCase(edit);
    }
    this.normalize(edit.productId, now);
  }

  /** Re-applies the pending edits of these products (all when omitted), in order, over fresh server rows. */
  replayPending(now: string, productIds?: Iterable<number>): void {
    for (const entry of this.outbox.pending(productIds)) this.apply(entry.edit, now);
  }

  /**
   * The same invariants the server keeps (sync/remoteEdits.ts): positions 1..n in order, and exactly one
   * primary photo when there are photos — the first one if none is.
   */
  private normalize(productId: number, now: string): void {
    this.writePositions(this.imageIds(productId), now);
    const primaries = this.db.prepare('SELECT count(*) FROM product_images WHERE product_id = ? AND is_primary = 1').pluck().get(productId) as number;
    if (primaries === 0)
      this.db.prepare('UPDATE product_images SET is_primary = 1, updated_at = ? WHERE product_id = ? AND position = 1').run(now, productId);
  }

  private imageIds(productId: number): string[] {
    return this.db.prepare('SELECT id FROM product_images WHERE product_id = ? ORDER BY position, id').pluck().all(productId) as string[];
  }

  private hasImage(imageId: string, productId: number): boolean {
    return this.db.prepare('SELECT 1 FROM product_images WHERE id = ? AND product_id = ?').get(imageId, productId) !== undefined;
  }

  /** Sets positions 1..n in the given order, writing only the rows that move. */
  private writePositions(ids: readonly string[], now: string): void {
    const update = this.db.prepare('UPDATE product_images SET position = ?, updated_at = ? WHERE id = ? AND position <> ?');
    ids.forEach((id, i) => update.run(i + 1, now, id, i + 1));
  }
}
