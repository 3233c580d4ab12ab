import crypto from 'node:crypto';
import { reviewStatuses, type ReviewStatus } from '../../../../shared/catalog';
import { missingCase } from '../../../../shared/result';
import { AppFailure } from '../../errors';
import type { LocalDatabase } from '../../store/database';
import { LocalApplier } from './applyLocal';
import { imageKey, reviewKey, type BaseVersions, type CatalogEdit, type ConflictedEdit, type OutboxEntry, type OutboxState } from './editTypes';
import { OutboxTable } from './outbox';

export interface CatalogEditsOptions {
  /** Clock for timestamps; tests pin it. */
  now?: () => Date;
  /** Who is editing (user or machine name), recorded as the reviewer of reviews. */
  actor?: string | null;
}

interface ImageRow {
  id: string;
  product_id: number;
  version: number;
  is_primary: number;
}

/**
 * Catalog edits made on this machine, online or not. Each call, in ONE SQLite transaction, checks the edit
 * against the mirror, applies it there (the UI shows it at once) and queues it in the outbox with the server
 * versions of the rows it depends on. Sync pushes the queue later (sync/push.ts); no call here needs the
 * network. Invalid edits (an unknown photo, an order that leaves a photo out) throw `validation`.
 */
export class CatalogEdits {
  private readonly outbox: OutboxTable;
  private readonly applier: LocalApplier;
  private readonly now: () => Date;

  constructor(
    private readonly db: LocalDatabase,
    private readonly options: CatalogEditsOptions = {},
  ) {
    this.outbox = new OutboxTable(db);
    this.applier = new LocalApplier(db);
    this.now = options.now ?? (() => new Date());
  }

  /** New order of a product's photos: `imageIds` lists every photo of the product exactly once. */
  reorderImages(productId: number, imageIds: readonly string[]): OutboxEntry {
    return this.record({ kind: 'reorder-images', productId, imageIds: [...imageIds] });
  }

  /** Makes a photo its product's primary (cover) photo. */
  setPrimaryImage(imageId: string): OutboxEntry {
    return this.record({ kind: 'set-primary-image', productId: this.image(imageId).product_id, imageId });
  }

  /** Sets a photo's alt text in English and/or Spanish; an omitted language keeps its text. */
  setAltText(imageId: string, text: { altText?: string; altTextEs?: string }): OutboxEntry {
    return this.record({ kind: 'set-alt-text', productId: this.image(imageId).product_id, imageId, ...text });
  }

  /** Deletes a photo; the others close the gap, and if it was the primary, the new first photo becomes primary. */
  deleteImage(imageId: string): OutboxEntry {
    return this.record({ kind: 'delete-image', productId: this.image(imageId).product_id, imageId });
  }

  /** Sets a product's review status and note. */
  setReview(productId: number, review: { status: ReviewStatus; note?: string }): OutboxEntry {
    return this.record({ kind: 'set-review', productId, status: review.status, note: review.note ?? '', reviewer: this.options.actor ?? null });
  }

  /** Edits the server refused because its rows had moved on, oldest first. They wait for the user. */
  listConflicts(): ConflictedEdit[] {
    return this.outbox.conflicts();
  }

  /** How many edits are pending (not yet pushed), conflicted and done. */
  counts(): Record<OutboxState, number> {
    return this.outbox.counts();
  }

  /**
   * Applies a conflicted edit again, on top of the server's current version (the mirror shows it since the
   * conflict): a new edit, queued last, with today's base versions. A reorder keeps the user's order for the
   * photos that still exist and puts new ones after them. Throws `validation` when the photo is gone (then
   * only discarding is left).
   */
  reapplyConflict(id: string): OutboxEntry {
    return this.db.transaction(() => {
      const entry = this.conflicted(id);
      const edit = entry.edit;
      let rebased: CatalogEdit;
      if (edit.kind === 'reorder-images') {
        const current = this.imageRows(edit.productId).map((r) => r.id);
        const listed = edit.imageIds.filter((i) => current.includes(i));
        rebased = { ...edit, imageIds: [...listed, ...current.filter((i) => !listed.includes(i))] };
      } else rebased = edit;
      const next = this.record(rebased);
      this.outbox.markDone(id, 'reapplied', this.timestamp());
      return next;
    })();
  }

  /** Drops a conflicted edit: the server's version, which the mirror already shows, stays. */
  discardConflict(id: string): void {
    this.db.transaction(() => {
      this.conflicted(id);
      this.outbox.markDone(id, 'discarded', this.timestamp());
    })();
  }

  private conflicted(id: string): OutboxEntry {
    const entry = this.outbox.get(id);
    if (!entry || entry.state !== 'conflicted') throw new AppFailure('validation', 'This edit is not waiting for a decision any more (it was already re-applied or discarded).');
    return entry;
  }

  private record(edit: CatalogEdit): OutboxEntry {
    return this.db.transaction(() => {
      const baseVersions = this.baseVersionsFor(edit);
      const now = this.timestamp();
      this.applier.apply(edit, now);
      return this.outbox.append({ id: crypto.randomUUID(), edit, baseVersions, now });
    })();
  }

  /** Checks the edit against the mirror and returns the versions of the rows it depends on. */
  private baseVersionsFor(edit: CatalogEdit): BaseVersions {
    switch (edit.kind) {
      case 'reorder-images': {
        // Every photo's version: a reorder states the position of all of them.
        const rows = this.imageRows(edit.productId);
        const listed = new Set(edit.imageIds);
        if (listed.size !== edit.imageIds.length || rows.length !== listed.size || rows.some((r) => !listed.has(r.id)))
          throw new AppFailure('validation', 'The new order must list every photo of the product exactly once.');
        return Object.fromEntries(rows.map((r) => [imageKey(r.id), r.version]));
      }
      case 'set-primary-image': {
        // The photo and the current primary, which the server must still see as primary.
        const target = this.image(edit.imageId, edit.productId);
        const previous = this.imageRows(edit.productId).filter((r) => r.is_primary === 1 && r.id !== target.id);
        return Object.fromEntries([target, ...previous].map((r) => [imageKey(r.id), r.version]));
      }
      case 'set-alt-text':
      case 'delete-image': {
        const image = this.image(edit.imageId, edit.productId);
        return { [imageKey(image.id)]: image.version };
      }
      case 'set-review': {
        if (!reviewStatuses.includes(edit.status)) throw new AppFailure('validation', `Unknown review status "${String(edit.status)}".`);
        if (this.db.prepare('SELECT 1 FROM products WHERE id = ?').get(edit.productId) === undefined)
          throw new AppFailure('validation', 'This product is not in the catalog (any more).');
        const version = this.db.prepare('SELECT version FROM product_reviews WHERE product_id = ?').pluck().get(edit.productId) as number | undefined;
        return { [reviewKey(edit.productId)]: version ?? 0 };
      }
      default:
        throw missingCase(edit);
    }
  }

  private image(imageId: string, productId?: number): ImageRow {
    const row = this.db.prepare('SELECT id, product_id, version, is_primary FROM product_images WHERE id = ?').get(imageId) as ImageRow | undefined;
    if (!row || (productId !== undefined && row.product_id !== productId))
      throw new AppFailure('validation', 'This photo is not in the catalog any more (it may have been deleted on another computer).');
    return row;
  }

  private imageRows(productId: number): ImageRow[] {
    return this.db.prepare('SELECT id, product_id, version, is_primary FROM product_images WHERE product_id = ? ORDER BY position, id').all(productId) as ImageRow[];
  }

  private timestamp(): string {
    return this.now().toISOString();
  }
}
