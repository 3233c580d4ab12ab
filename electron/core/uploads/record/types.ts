import type { ImageVariant } from '../../../../shared/catalog';

/** What the upload engine knows about a stored object when it asks for its catalog row. */
export interface ImageRecord {
  /** Client-generated uuid (the job's `image_id`), so recording twice after a crash inserts one row. */
  imageId: string;
  productId: number;
  s3Key: string;
  publicUrl: string | null;
  contentType: string;
  bytes: number;
  width: number | null;
  height: number | null;
  sha256: string;
  /** Who dropped the photo (OS user), if known. */
  createdBy: string | null;
  /** The resized copies stored beside it (image pipeline). */
  variants: ImageVariant[];
  warnings: { kind: string; message: string }[];
  /** 64-bit perceptual hash, hex; null when unknown. */
  dhash: string | null;
}

/**
 * `created`: this call inserted the row. `existing`: the product already had these bytes (this job's row
 * from before a crash, or the same photo dropped on another computer) — nothing new, nothing lost.
 * `product-gone`: the product was deleted meanwhile; the caller removes the object.
 */
export type RecordOutcome =
  | { status: 'created'; imageId: string }
  | { status: 'existing'; imageId: string }
  | { status: 'product-gone' };

/**
 * Writes a stored photo's catalog row: in the shop's PostgreSQL and then the mirror (pgRecorder.ts), or in
 * the demo's local catalog only (localRecorder.ts). Must be idempotent: the queue calls it again after a
 * crash or a lost connection, and it never makes a second row for the same (product, sha256).
 */
export interface CatalogRecorder {
  record(image: ImageRecord): Promise<RecordOutcome>;
}
