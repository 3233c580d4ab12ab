import { z } from 'zod';
import { reviewStatuses, type ReviewStatus } from './catalog';
import type { AppError } from './result';

/**
 * Catalog edits made offline and pushed later, conflicts, and the state of sync — shared by the UI, the
 * CLI's JSON output and main.
 *
 * Each edit states the result the user wants ("this order", "this alt text"), never a delta ("move up by
 * one"): applying one twice, or on top of a fresher copy of the same rows, gives the same result. That is
 * what makes replaying pending edits over a pull, and re-applying a conflicted edit, safe.
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

/** What the UI and `vitrina sync --json` show about sync. */
export interface SyncStatus {
  /**
   * `demo`: the demo workspace, which never syncs; `not-configured`: no database set up yet; `idle`;
   * `syncing` while a sync runs.
   */
  state: 'demo' | 'not-configured' | 'idle' | 'syncing';
  /** ISO time of the last sync that worked end to end, if any. */
  lastSuccessAt: string | null;
  lastAttemptAt: string | null;
  /** The last sync's failure (e.g. `unreachable` while offline); null after a sync that worked. */
  lastError: AppError | null;
  /** Edits made on this computer that wait to be pushed. */
  pendingEdits: number;
  /** Edits the server refused because its rows had moved on; they wait for re-apply or discard. */
  conflicts: number;
}

/** What one sync did (`syncNow`, `vitrina sync`). A sync never throws: a failure is `error`. */
export interface SyncReport {
  /** Edits applied to PostgreSQL (including ones found already applied after a crash). */
  pushed: number;
  /** Edits that became `conflicted` in this sync. */
  conflicts: number;
  /** The pull, or null when the sync failed before it. */
  pulled: { full: boolean; upserts: number; deletes: number } | null;
  /** Edits still waiting to be pushed (made during the sync, or left by a failure). */
  pending: number;
  durationMs: number;
  /** ISO time the sync ended. */
  finishedAt: string;
  error: AppError | null;
}

const productId = z.number().int().min(1).max(Number.MAX_SAFE_INTEGER);
const imageId = z.uuid('A photo id is a UUID.');
const altText = z.string().max(1000, 'Alt text is at most 1,000 characters.');

/** Request schemas of the edit channels (main parses every request with them). */
export const editRequestSchemas = {
  reorderImages: z.strictObject({ productId, imageIds: z.array(imageId).min(1).max(500) }),
  setPrimaryImage: z.strictObject({ imageId }),
  setAltText: z
    .strictObject({ imageId, altText: altText.optional(), altTextEs: altText.optional() })
    .refine((r) => r.altText !== undefined || r.altTextEs !== undefined, 'Give the alt text in English, in Spanish, or both.'),
  deleteImage: z.strictObject({ imageId }),
  setReview: z.strictObject({ productId, status: z.enum(reviewStatuses), note: z.string().max(2000, 'A review note is at most 2,000 characters.').optional() }),
  conflict: z.strictObject({ id: z.uuid() }),
};
