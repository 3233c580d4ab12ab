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
