import type pg from 'pg';
import { missingCase } from '../../../../shared/result';
import { imageKey, reviewKey, type CatalogEdit, type OutboxEntry, type VersionMoves } from '../local/editTypes';

/** What applying one outbox edit to PostgreSQL came to, inside the caller's transaction. */
export type RemoteOutcome = { status: 'applied'; moves: VersionMoves } | { status: 'conflict'; reason: string };

interface LockedImage {
  id: string;
  version: number;
  position: number;
  is_primary: boolean;
}

/**
 * Locks a product's photo rows, in id order so that every writer takes them in the same order (no
 * deadlocks), and returns them. Every Vitrina writer of a product's photos takes this lock first, so two
 * machines editing one product run one after the other and each sees the other's result; whoever inserts
 * new photos (the upload engine) must take it too, or positions could collide.
 */
export async function lockProductImages(client: pg.Client, productId: number): Promise<LockedImage[]> {
  const { rows } = await client.query<LockedImage>(
    'SELECT id::text AS id, version, position, is_primary FROM product_images WHERE product_id = $1 ORDER BY product_images.id FOR UPDATE',
    [productId],
  );
  return rows;
}

/**
 * Applies one edit inside the caller's open transaction, or finds that it conflicts (then the caller rolls
 * back: nothing of the edit is applied). Conflict = a row the edit depends on is gone or has another version
 * than the one the user edited (see `OutboxEntry.baseVersions`): the server's version wins.
 * Invariants kept after every photo edit: positions 1..n, and exactly one primary when there are photos.
 */
export async function applyEditRemotely(client: pg.Client, entry: OutboxEntry): Promise<RemoteOutcome> {
  const edit = entry.edit;
  if (edit.kind === 'set-review') return applyReview(client, entry, edit);
  const before = await lockProductImages(client, edit.productId);
  const conflict = imageConflict(entry, edit, before);
  if (conflict) return { status: 'conflict', reason: conflict };
  const p = edit.productId;
  switch (edit.kind) {
    case 'reorder-images':
      await client.query(
        `UPDATE product_images i SET position = t.pos::int FROM unnest($2::uuid[]) WITH ORDINALITY AS t(id, pos)
          WHERE i.id = t.id AND i.product_id = $1 AND i.position <> t.pos`,
        [p, edit.imageIds],
      );
      break;
    case 'set-primary-image':
      // Two statements: the one-primary index is not deferrable and is checked row by row.
      await client.query('UPDATE product_images SET is_primary = false WHERE product_id = $1 AND is_primary AND id <> $2', [p, edit.imageId]);
      await client.query('UPDATE product_images SET is_primary = true WHERE id = $1 AND NOT is_primary', [edit.imageId]);
      break;
    case 'set-alt-text':
      await client.query('UPDATE product_images SET alt_text = coalesce($2, alt_text), alt_text_es = coalesce($3, alt_text_es) WHERE id = $1', [
        edit.imageId,
        edit.altText ?? null,
        edit.altTextEs ?? null,
      ]);
      break;
    case 'delete-image':
      await client.query('DELETE FROM product_images WHERE id = $1', [edit.imageId]);
      break;
    default:
      throw missingCase(edit);
  }
  await normalizeProductImages(client, p);
  const after = new Map((await client.query<{ id: string; version: number }>('SELECT id::text AS id, version FROM product_images WHERE product_id = $1', [p])).rows.map((r) => [r.id, r.version]));
  const moves: VersionMoves = {};
  for (const row of before) {
    const now = after.get(row.id) ?? 0;
    if (now !== row.version) moves[imageKey(row.id)] = [row.version, now];
  }
  return { status: 'applied', moves };
}

/**
 * Positions 1..n in their current order (the position constraint is deferred, so a renumbering may pass
 * through duplicates), then a primary photo if there is none: the first one. Rows already right are not
 * written, so their versions do not move.
 */
export async function normalizeProductImages(client: pg.Client, productId: number): Promise<void> {
  await client.query(
    `UPDATE product_images i SET position = o.rn
       FROM (SELECT id, row_number() OVER (ORDER BY position, id)::int AS rn FROM product_images WHERE product_id = $1) o
      WHERE i.id = o.id AND i.position <> o.rn`,
    [productId],
  );
  await client.query(
    `UPDATE product_images SET is_primary = true
      WHERE product_id = $1 AND position = 1 AND NOT EXISTS (SELECT 1 FROM product_images WHERE product_id = $1 AND is_primary)`,
    [productId],
  );
}

type ImageEdit = Exclude<CatalogEdit, { kind: 'set-review' }>;

/** Why the edit cannot be applied to these (locked, current) rows, or null when it can. */
function imageConflict(entry: OutboxEntry, edit: ImageEdit, rows: readonly LockedImage[]): string | null {
  const byId = new Map(rows.map((r) => [r.id, r]));
  if (edit.kind !== 'reorder-images' && !byId.has(edit.imageId))
    return 'The photo was deleted on another computer (or its product was removed), so this edit could not be applied.';
  for (const [key, base] of Object.entries(entry.baseVersions)) {
    const row = byId.get(key.slice('image:'.length));
    if (!row) return 'A photo of this product was deleted on another computer since you made this edit; the other change was kept.';
    if (row.version !== base) return `${describeEdit(edit)}: the photo was changed on another computer in the meantime (version ${row.version}, you edited version ${base}). The other change was kept.`;
  }
  if (edit.kind === 'reorder-images' && (rows.length !== edit.imageIds.length || edit.imageIds.some((id) => !byId.has(id))))
    return 'Photos were added to or removed from this product on another computer since you reordered them; the other order was kept.';
  if (edit.kind === 'set-primary-image' && rows.some((r) => r.is_primary && r.id !== edit.imageId && entry.baseVersions[imageKey(r.id)] === undefined))
    return 'Another photo was made primary on another computer in the meantime; that choice was kept.';
  return null;
}

function describeEdit(edit: CatalogEdit): string {
  switch (edit.kind) {
    case 'reorder-images':
      return 'New photo order';
    case 'set-primary-image':
      return 'New primary photo';
    case 'set-alt-text':
      return 'Alt text';
    case 'delete-image':
      return 'Photo deletion';
    case 'set-review':
      return 'Review';
    default:
      throw missingCase(edit);
  }
}

async function applyReview(client: pg.Client, entry: OutboxEntry, edit: Extract<CatalogEdit, { kind: 'set-review' }>): Promise<RemoteOutcome> {
  const key = reviewKey(edit.productId);
  const base = entry.baseVersions[key] ?? 0;
  const product = await client.query('SELECT 1 FROM products WHERE id = $1', [edit.productId]);
  if (product.rowCount === 0) return { status: 'conflict', reason: 'The product was removed from the catalog, so this review could not be saved.' };
  const current = (await client.query<{ version: number }>('SELECT version FROM product_reviews WHERE product_id = $1 FOR UPDATE', [edit.productId])).rows[0];
  if ((current?.version ?? 0) !== base)
    return {
      status: 'conflict',
      reason: current
        ? 'Someone reviewed this product on another computer in the meantime; their review was kept.'
        : 'The review of this product was removed on another computer in the meantime.',
    };
  const values = [edit.productId, edit.status, edit.note, edit.reviewer];
  // A first review racing another machine's first review fails on the primary key (23505): push turns
  // that into a conflict too.
  const { rows } = current
    ? await client.query<{ version: number }>('UPDATE product_reviews SET status = $2, note = $3, reviewer = $4 WHERE product_id = $1 RETURNING version', values)
    : await client.query<{ version: number }>('INSERT INTO product_reviews (product_id, status, note, reviewer) VALUES ($1, $2, $3, $4) RETURNING version', values);
  const now = rows[0]!.version;
  return { status: 'applied', moves: now === base ? {} : { [key]: [base, now] } };
}
