import type { CatalogEdit, OutboxResolution, OutboxState } from '../../../../shared/sync';

export type { CatalogEdit, ConflictedEdit, EditKind, OutboxResolution, OutboxState } from '../../../../shared/sync';
export { editKinds } from '../../../../shared/sync';

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
