import type { ReviewStatus } from '../../../../shared/catalog';

/**
 * The catalog edits a machine can make offline and push later. Each one states the result the user wants
 * ("this order", "this alt text"), never a delta ("move up by one"): applying one twice, or on top of a
 * fresher copy of the same rows, gives the same result. That is what makes replaying pending edits over a
 * pull, and re-applying a conflicted edit, safe.
 *
 * These types will move to shared/ when the UI gets IPC channels for them; nothing here is Node-specific.
 */
export type CatalogEdit =
  /** The product's photos in their new order: every photo of the product, each once. */
  | { kind: 'reorder-images'; productId: number; imageIds: string[] }
  | { kind: 'set-primary-image'; productId: number; imageId: string }
  /** Either text may be left out to keep it as it is. */
  | { kind: 'set-alt-text'; productId: number; imageId: string; altText?: string; altTextEs?: string }
  /** The other photos close the gap; if it was the primary photo, the new first photo becomes primary. */
  | { kind: 'delete-image'; productId: number; imageId: string }
  | { kind: 'set-review'; productId: number; status: ReviewStatus; note: string; reviewer: string | null };

export type EditKind = CatalogEdit['kind'];

export const editKinds: readonly EditKind[] = ['reorder-images', 'set-primary-image', 'set-alt-text', 'delete-image', 'set-review'];

/**
 * pending → done (applied, or found already applied after a crash) | conflicted (the server's rows had moved
 * on: the server won, nothing of the edit was applied); conflicted → done (re-applied as a new edit, or
 * discarded). `done` rows are history: nothing reads them but tests and support.
 */
export type OutboxState = 'pending' | 'conflicted' | 'done';

/** How a `done` edit ended. */
export type OutboxResolution = 'applied' | 'already-applied' | 'reapplied' | 'discarded';

/**
 * Server versions of the rows an edit depends on, keyed by `rowKey` (`image:<uuid>`, `review:<product id>`).
 * 0 means "the row did not exist" (a first review). Versions are PostgreSQL's, which bumps them on every real
 * change (migration 0010), so "same version" means "same row as the user saw".
 */
export type BaseVersions = Record<string, number>;

/** What a pushed edit did to row versions: `rowKey → [before, after]`, after 0 = deleted. */
export type VersionMoves = Record<string, [number, number]>;

export const imageKey = (id: string): string => `image:${id}`;
export const reviewKey = (productId: number): string => `review:${productId}`;

/** One outbox row. */
export interface OutboxEntry {
  /** Client-generated uuid; PostgreSQL records it so the edit is never applied twice. */
  id: string;
  /** Push order. */
  seq: number;
  edit: CatalogEdit;
  baseVersions: BaseVersions;
  state: OutboxState;
  resolution: OutboxResolution | null;
  createdAt: string;
  updatedAt: string;
  /** Push attempts that ended in an error other than a conflict (e.g. the server went away mid-push). */
  attempts: number;
  /** For a conflict: why, in words for the user. Otherwise the last push error, if any. */
  lastError: string | null;
}

/** A conflicted edit as the UI lists it. */
export interface ConflictedEdit {
  id: string;
  edit: CatalogEdit;
  /** Why the server's version won, in words for the user. */
  reason: string;
  createdAt: string;
  sku: string | null;
  productName: string | null;
}
