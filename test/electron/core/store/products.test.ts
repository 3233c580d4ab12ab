import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openLocalDatabase, type LocalDatabase } from '../../../../electron/core/store/database';
import { searchSql } from '../../../../electron/core/store/productSearch';
import { buildListSql, listFilter, ProductsTable, ROWS_BY_ID_SQL, type ProductRow } from '../../../../electron/core/store/products';
import { toFtsQuery } from '../../../../electron/core/store/searchQuery';

const now = '2026-11-28T00:00:00Z';
const product = (id: number, sku: string, name: string, brand: string, category: string): ProductRow => ({
  id, sku, name, brand, category, priceCents: 10_000 + id, updatedAt: now,
});
const catalog: ProductRow[] = [
  product(1, 'CPU-AMD-R7-7800X3D', 'AMD Ryzen 7 7800X3D', 'AMD', 'Procesadores'),
  product(2, 'CPU-INT-I5-14600K', 'Intel Core i5-14600K', 'Intel', 'Procesadores'),
  product(3, 'GPU-NV-RTX4070-12G', 'Tarjeta gráfica GeForce RTX 4070 12 GB', 'NVIDIA', 'Tarjetas gráficas'),
  product(4, 'GPU-AMD-RX7800XT', 'Tarjeta gráfica Radeon RX 7800 XT', 'AMD', 'Tarjetas gráficas'),
  product(5, 'COOL-NOC-NHD15', 'Noctua NH-D15 disipador', 'Noctua', 'Refrigeración'),
  product(6, 'COOL-CRS-H150I', 'Refrigeración líquida Corsair iCUE H150i', 'Corsair', 'Refrigeración'),
  product(7, 'RAM-KNG-32G-DDR5', 'Memoria Kingston Fury 32 GB DDR5', 'Kingston', 'Memoria'),
];

let db: LocalDatabase;
let products: ProductsTable;
const image = (id: string, productId: number, position: number, primary = false) =>
  db.prepare(
    `INSERT INTO product_images (id, product_id, s3_key, content_type, bytes, sha256, position, is_primary, created_at, updated_at, version)
     VALUES (?, ?, ?, 'image/jpeg', 1000, ?, ?, ?, ?, ?, 1)`,
  ).run(id, productId, `products/${productId}/${id}.jpg`, id.padEnd(64, '0'), position, primary ? 1 : 0, now, now);

beforeEach(() => {
  db = openLocalDatabase(':memory:');
  products = new ProductsTable(db);
  products.upsert(catalog);
  image('a1', 1, 1, true);
  image('a2', 1, 2);
  image('c1', 3, 1, true);
  db.prepare("INSERT INTO product_reviews (product_id, status, note, updated_at, version) VALUES (2, 'needs_photos', 'front photo blurry', ?, 1)").run(now);
  db.prepare("INSERT INTO product_reviews (product_id, status, updated_at, version) VALUES (3, 'approved', ?, 1)").run(now);
});
afterEach(() => db.close());

const skus = (query: Parameters<ProductsTable['list']>[0]) => products.list(query).map((p) => p.sku);

describe('local catalog mirror: search', () => {
  it('ignores accents both ways and case', () => {
    expect(skus({ search: 'grafica' })).toEqual(expect.arrayContaining(['GPU-NV-RTX4070-12G', 'GPU-AMD-RX7800XT']));
    expect(skus({ search: 'GRÁFICA rtx' })).toEqual(['GPU-NV-RTX4070-12G']);
    expect(skus({ search: 'refrigeracion liquida' })).toEqual(['COOL-CRS-H150I']);
  });

  it('matches prefixes while typing, across SKU, name, brand and category', () => {
    expect(skus({ search: 'ryz' })).toEqual(['CPU-AMD-R7-7800X3D']);
    expect(skus({ search: 'CPU-AMD-R7' })).toEqual(['CPU-AMD-R7-7800X3D']);
    expect(skus({ search: 'cpu-' }).sort()).toEqual(['CPU-AMD-R7-7800X3D', 'CPU-INT-I5-14600K']);
    expect(skus({ search: 'kingst ddr' })).toEqual(['RAM-KNG-32G-DDR5']);
    expect(skus({ search: 'procesa' })).toHaveLength(2);
  });

  it('ranks narrow searches by relevance and answers broad ones in index order', () => {
    // 600 more products that all match "bulk": beyond the ranking threshold.
    products.upsert(Array.from({ length: 600 }, (_, i) => product(1000 + i, `BULK-${String(i).padStart(4, '0')}`, `Bulk item ${i}`, 'Generic', 'Bulk')));
    const broad = products.list({ search: 'bulk', limit: 5 });
    expect(broad.map((p) => p.id)).toEqual([1000, 1001, 1002, 1003, 1004]);
    // Narrow searches still go through the ranked query.
    expect(skus({ search: 'radeon' })).toEqual(['GPU-AMD-RX7800XT']);
    expect(skus({ search: 'tarjeta rtx' })[0]).toBe('GPU-NV-RTX4070-12G');
  });

  it('treats FTS syntax typed by a user as plain words', () => {
    for (const nasty of ['"', 'NEAR(a b)', 'sku:CPU', 'a OR b', '*', '-', "'; DROP TABLE products; --"]) {
      expect(() => products.list({ search: nasty })).not.toThrow();
    }
    expect(toFtsQuery('   ')).toBeNull();
    expect(products.list({ search: '--' })).toHaveLength(catalog.length); // nothing searchable: no filter
  });

  it('follows renames and deletions', () => {
    products.upsert([{ ...catalog[4]!, name: 'Noctua NH-D15 chromax.black' }]);
    expect(skus({ search: 'chromax' })).toEqual(['COOL-NOC-NHD15']);
    expect(skus({ search: 'disipador' })).toEqual([]);
    products.delete([5]);
    expect(skus({ search: 'noctua' })).toEqual([]);
  });
});

describe('local catalog mirror: filters and paging', () => {
  it('keeps image counts and the primary image', () => {
    const [ryzen] = products.list({ search: '7800x3d' });
    expect(ryzen).toMatchObject({ imageCount: 2, primaryImage: { id: 'a1' }, priceCents: 10_001 });
    db.prepare("DELETE FROM product_images WHERE id = 'a2'").run();
    expect(products.list({ search: '7800x3d' })[0]!.imageCount).toBe(1);
  });

  it('filters by missing images, fewer than N, review status and category', () => {
    expect(skus({ missingImages: true })).toEqual(['COOL-CRS-H150I', 'COOL-NOC-NHD15', 'CPU-INT-I5-14600K', 'GPU-AMD-RX7800XT', 'RAM-KNG-32G-DDR5']);
    expect(skus({ fewerImagesThan: 2 })).not.toContain('CPU-AMD-R7-7800X3D');
    expect(skus({ fewerImagesThan: 2 })).toContain('GPU-NV-RTX4070-12G');
    expect(skus({ reviewStatus: 'needs_photos' })).toEqual(['CPU-INT-I5-14600K']);
    expect(skus({ reviewStatus: 'unreviewed' })).toHaveLength(5);
    expect(skus({ category: 'Tarjetas gráficas', missingImages: true })).toEqual(['GPU-AMD-RX7800XT']);
    expect(skus({ search: 'tarjeta', reviewStatus: 'approved' })).toEqual(['GPU-NV-RTX4070-12G']);
    expect(products.categories()).toEqual(['Memoria', 'Procesadores', 'Refrigeración', 'Tarjetas gráficas']);
  });

  it('pages the list by SKU without gaps or repeats', () => {
    const seen: string[] = [];
    let afterSku: string | undefined;
    for (;;) {
      const page = products.list({ limit: 3, ...(afterSku ? { afterSku } : {}) });
      if (page.length === 0) break;
      seen.push(...page.map((p) => p.sku));
      afterSku = page.at(-1)!.sku;
    }
    expect(seen).toEqual([...catalog.map((p) => p.sku)].sort());
  });
});

describe('local catalog mirror: hot queries use indexes', () => {
  const plan = (query: Parameters<typeof buildListSql>[0]) => {
    const { sql, params } = buildListSql(query);
    return (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(params) as { detail: string }[]).map((r) => r.detail).join(' | ');
  };

  it('list page: walks the SKU index, no full sort', () => {
    const detail = plan({ limit: 100 });
    expect(detail).toMatch(/SCAN p USING INDEX sqlite_autoindex_products_1/);
    expect(detail).not.toMatch(/TEMP B-TREE/);
    expect(plan({ limit: 100, afterSku: 'GPU' })).toMatch(/SEARCH p USING INDEX sqlite_autoindex_products_1 \(sku>\?\)/);
  });

  it('search: one pass over the FTS index in rowid order, then rows by primary key', () => {
    const explain = (sql: string, params: unknown) => (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(params as never) as { detail: string }[]).map((r) => r.detail).join(' | ');
    const candidates = explain(searchSql.candidates, ['"grafica"*', 501]);
    expect(candidates).toMatch(/SCAN products_fts VIRTUAL TABLE INDEX/);
    expect(candidates).not.toMatch(/TEMP B-TREE/);
    const filter = listFilter({ category: 'Memoria', reviewStatus: 'approved' });
    const byId = /SEARCH p USING INTEGER PRIMARY KEY \(rowid=\?\)/;
    const ids = { ...filter.params, ids: '[1,2]' };
    expect(explain(searchSql.candidateRows(listFilter({})), ids)).toMatch(byId);
    expect(explain(searchSql.candidateRows(filter), ids)).toMatch(byId);
    expect(explain(ROWS_BY_ID_SQL, ['[1,2]'])).toMatch(byId);
    const broad = explain(searchSql.broadPage(filter), { ...filter.params, fts: '"grafica"*', limit: 50, offset: 500 });
    expect(broad).toMatch(/SCAN products_fts VIRTUAL TABLE INDEX/);
    expect(broad).not.toMatch(/TEMP B-TREE/);
  });

  it('missing images: searches the image-count index in SKU order', () => {
    const detail = plan({ missingImages: true });
    expect(detail).toMatch(/SEARCH p USING INDEX products_image_count_sku \(image_count=\?\)/);
    expect(detail).not.toMatch(/TEMP B-TREE/);
  });

  it('joins reviews and primary images by key', () => {
    const detail = plan({ limit: 100 });
    expect(detail).toMatch(/SEARCH r USING INDEX sqlite_autoindex_product_reviews_1|SEARCH r USING INTEGER PRIMARY KEY/);
    expect(detail).toMatch(/SEARCH i USING INDEX product_images_product_position \(product_id=\?\)/);
  });
});
