import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { imageContentTypes } from '../../../../shared/uploads';
import { extensionFor, objectKeyFor, slugSku } from '../../../../electron/core/uploads/objectKey';

const sha = (c: string) => c.repeat(64);
const hex64 = fc.stringMatching(/^[0-9a-f]{64}$/);
/** Any valid s3.keyPrefix: empty, or lowercase segments ending in "/" (no ".." and no "." segment). */
const prefix = fc.oneof(
  fc.constant(''),
  fc.array(fc.stringMatching(/^[a-z0-9_-][a-z0-9._-]{0,11}$/).filter((s) => !s.includes('..')), { minLength: 1, maxLength: 3 }).map((segments) => segments.map((s) => `${s}/`).join('')),
);
const sku = fc.oneof(fc.string({ maxLength: 120 }), fc.string({ unit: 'grapheme', maxLength: 60 }), fc.constantFrom('../../etc/passwd', '/abs', '..', 'a/../b', 'ÁÉÍ ñ', '%2e%2e'));

describe('object keys', () => {
  it('follow DESIGN.md: <prefix><sku-slug>/<sha256>.<ext>', () => {
    const key = objectKeyFor({ prefix: 'products/', sku: 'CPU AMD Ryzen 7 7800X3D', productId: 7, sha256: sha('a'), ext: 'jpg' });
    expect(key).toBe(`products/cpu-amd-ryzen-7-7800x3d/${sha('a')}.jpg`);
  });

  it.each([
    ['Tarjeta Gráfica RTX-4070 (OC)', 'tarjeta-grafica-rtx-4070-oc'],
    ['--ABC__123--', 'abc-123'],
    ['Ñandú/Øre', 'nandu-re'],
    ['日本語', 'product-42'],
    ['', 'product-42'],
    ['../..', 'product-42'],
    ['x'.repeat(100), 'x'.repeat(80)],
    [`${'a'.repeat(79)} b`, 'a'.repeat(79)],
  ])('slugs %j as %j', (input, slug) => {
    expect(slugSku(input, 42)).toBe(slug);
  });

  it('refuses a prefix the setting would refuse', () => {
    for (const bad of ['/products/', 'products', '../x/', 'a/../', './', 'Products/']) {
      expect(() => objectKeyFor({ prefix: bad, sku: 'A', productId: 1, sha256: sha('b'), ext: 'png' })).toThrow(/key prefix/);
    }
  });

  it('has an extension for every accepted image type', () => {
    expect(imageContentTypes.map(extensionFor)).toEqual(['jpg', 'png', 'gif', 'webp', 'avif', 'heic', 'heif', 'tif', 'bmp']);
  });

  it('never contains "..", never starts with "/", only uses [a-z0-9/._-], and differs for different content', () => {
    fc.assert(
      fc.property(prefix, sku, fc.integer({ min: 1, max: 2 ** 31 }), hex64, hex64, fc.constantFrom(...imageContentTypes), (p, s, id, a, b, type) => {
        const keyA = objectKeyFor({ prefix: p, sku: s, productId: id, sha256: a, ext: extensionFor(type) });
        const keyB = objectKeyFor({ prefix: p, sku: s, productId: id, sha256: b, ext: extensionFor(type) });
        for (const key of [keyA, keyB]) {
          expect(key).not.toContain('..');
          expect(key.startsWith('/')).toBe(false);
          expect(key).toMatch(/^[a-z0-9/._-]+$/);
          expect(key.startsWith(p)).toBe(true);
        }
        expect(keyA === keyB).toBe(a === b);
      }),
      { numRuns: 2000 },
    );
  });
});
