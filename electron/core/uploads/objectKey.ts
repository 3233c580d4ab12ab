import { missingCase } from '../../../shared/result';
import { isSafeKeyPrefix } from '../../../shared/settings';
import type { ImageContentType } from '../../../shared/uploads';
import { AppFailure } from '../errors';

/**
 * Object keys (DESIGN.md → Object key layout): `<s3.keyPrefix><sku-slug>/<sha256>.<ext>`, e.g.
 * `products/cpu-amd-ryzen-7-7800x3d/3f2a…e9.jpg`. Content-addressed, so a key never changes content and
 * objects can be cached forever. Keys only ever contain [a-z0-9/._-], never `..`, never a leading `/`.
 */

const SLUG_MAX = 80;

/**
 * The SKU as a key folder: lowercase ASCII letters, digits and `-`; accents folded ("Gráfica" → "grafica"),
 * everything else → `-`, runs collapsed, ends trimmed, at most 80 characters. Never empty: a SKU with nothing
 * usable becomes `product-<id>`.
 */
export function slugSku(sku: string, productId: number): string {
  const slug = sku
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '') // combining marks left by NFKD: the accents
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, SLUG_MAX)
    .replace(/-+$/, '');
  return slug === '' ? `product-${productId}` : slug;
}

export interface ObjectKeyInput {
  /** `s3.keyPrefix`, already validated by the settings schema; checked again here. */
  prefix: string;
  sku: string;
  productId: number;
  /** Lowercase hex sha256 of the content. */
  sha256: string;
  /** From `extensionFor`. */
  ext: string;
}

export function objectKeyFor(input: ObjectKeyInput): string {
  if (!isSafeKeyPrefix(input.prefix)) {
    throw new AppFailure('validation', `The key prefix "${input.prefix}" is not usable: set s3.keyPrefix to something like products/ (lowercase, ending with "/").`);
  }
  if (!/^[0-9a-f]{64}$/.test(input.sha256)) throw new Error(`Not a lowercase hex sha256: ${input.sha256}`);
  if (!/^[a-z0-9]{1,8}$/.test(input.ext)) throw new Error(`Not a file extension: ${input.ext}`);
  return `${input.prefix}${slugSku(input.sku, input.productId)}/${input.sha256}.${input.ext}`;
}

/** The key's file extension for an accepted image type. */
export function extensionFor(contentType: ImageContentType): string {
  switch (contentType) {
    case 'image/jpeg':
      return 'jpg';
    case 'image/png':
      return 'png';
    case 'image/gif':
      return 'gif';
    case 'image/webp':
      return 'webp';
    case 'image/avif':
      return 'avif';
    case 'image/heic':
      return 'heic';
    case 'image/heif':
      return 'heif';
    case 'image/tiff':
      return 'tif';
    case 'image/bmp':
      return 'bmp';
    default:
      return missingCase(contentType);
  }
}
