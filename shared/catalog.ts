import { z } from 'zod';

/** Catalog domain types shared by the UI, the CLI's JSON output and main. */

export const reviewStatuses = ['approved', 'needs_photos', 'rejected'] as const;
export type ReviewStatus = (typeof reviewStatuses)[number];

/** A page of the product list: filters combine with AND; `search` is full-text with prefix matching. */
export const productQuerySchema = z.strictObject({
  /** Words to find in SKU, name, brand and category; accents and case do not matter; last word is a prefix. */
  search: z.string().max(200).optional(),
  missingImages: z.boolean().optional(),
  /** Products with fewer than this many images. */
  fewerImagesThan: z.number().int().min(1).max(1000).optional(),
  reviewStatus: z.enum([...reviewStatuses, 'unreviewed']).optional(),
  category: z.string().max(200).optional(),
  /** Keyset paging for the plain list: the last SKU of the previous page. */
  afterSku: z.string().max(200).optional(),
  /** Offset paging for search results, which are ordered by relevance. */
  offset: z.number().int().min(0).max(100_000).optional(),
  limit: z.number().int().min(1).max(500).optional(),
});
export type ProductQuery = z.input<typeof productQuerySchema>;

export interface ProductSummary {
  id: number;
  sku: string;
  name: string;
  brand: string;
  category: string;
  /** Integer cents, or null when the storefront has no price. */
  priceCents: number | null;
  imageCount: number;
  reviewStatus: ReviewStatus | null;
  /** The primary image's public URL and sha256 (for the thumbnail cache), if any. */
  primaryImage: { id: string; publicUrl: string | null; sha256: string } | null;
}

/** One photo of a product, as the mirror holds it. */
export interface ProductImage {
  id: string;
  s3Key: string;
  publicUrl: string | null;
  contentType: string;
  bytes: number;
  width: number | null;
  height: number | null;
  sha256: string;
  position: number;
  altText: string;
  altTextEs: string;
  isPrimary: boolean;
  version: number;
  /** Resized copies published beside the full image (image pipeline), smallest last. */
  variants: ImageVariant[];
  /** Quality warnings found when the photo was dropped. */
  warnings: { kind: string; message: string }[];
}

/** One published size of a photo. */
export interface ImageVariant {
  /** e.g. `w800`: the long side in pixels. */
  name: string;
  key: string;
  contentType: string;
  width: number;
  height: number;
  bytes: number;
}

export interface ProductReview {
  status: ReviewStatus;
  note: string;
  reviewer: string | null;
  updatedAt: string;
  version: number;
}

/** A product with its photos in position order and its review. */
export interface ProductDetail extends ProductSummary {
  updatedAt: string;
  images: ProductImage[];
  review: ProductReview | null;
}

/** Managers' reports over the local mirror (they work offline). */
export const reportKinds = ['missing-images', 'few-images', 'low-res', 'needs-photos', 'quality-warnings'] as const;
export type ReportKind = (typeof reportKinds)[number];

export const reportRequestSchema = z.strictObject({
  kind: z.enum(reportKinds),
  /** few-images: products with fewer than this many photos (default 3). */
  minImages: z.number().int().min(1).max(1000).optional(),
  /** low-res: photos whose short side is below this many pixels (default 800). */
  minShortSide: z.number().int().min(1).max(100_000).optional(),
});
export type ReportRequest = z.input<typeof reportRequestSchema>;

/** A report is a table: column names and rows of plain values, ready for a grid or CSV. */
export interface Report {
  kind: ReportKind;
  columns: string[];
  rows: (string | number | null)[][];
}
