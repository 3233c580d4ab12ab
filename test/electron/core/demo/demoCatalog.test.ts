import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sampleProducts } from '../../../../electron/core/catalog/remote/sampleCatalog';
import { decimalToCents, demoProductRows, isDemoStore, loadDemoCatalog } from '../../../../electron/core/demo/demoCatalog';
import { openLocalDatabase, type LocalDatabase } from '../../../../electron/core/store/database';
import { ProductsTable } from '../../../../electron/core/store/products';

let db: LocalDatabase;
let products: ProductsTable;
beforeEach(() => {
  db = openLocalDatabase(':memory:');
  products = new ProductsTable(db);
});
afterEach(() => db.close());

const allRows = () => db.prepare('SELECT * FROM products ORDER BY id').all();

describe('demo catalog', () => {
  it('loads the same sample products as the PostgreSQL seed, ids 1…n in sample order, prices in cents', () => {
    expect(loadDemoCatalog(db)).toBe(sampleProducts.length);
    expect(products.count()).toBe(sampleProducts.length);
    expect(products.count()).toBeGreaterThanOrEqual(200);
    sampleProducts.forEach((sample, index) => {
      const product = products.getBySku(sample.sku)!;
      expect(product).toMatchObject({ id: index + 1, name: sample.name, brand: sample.brand, category: sample.category });
      // Back to the seed's decimal text without floating point: cents → "euros.cents".
      const cents = product.priceCents!;
      expect(`${Math.trunc(cents / 100)}.${String(cents % 100).padStart(2, '0')}`).toBe(sample.price);
    });
    expect(products.categories()).toContain('Tarjetas gráficas');
  });

  it('finds accented names when searching without accents', () => {
    loadDemoCatalog(db);
    const found = products.list({ search: 'grafica', limit: 500 });
    expect(found.length).toBeGreaterThan(30);
    expect(found.every((p) => /gráfica/i.test(`${p.name} ${p.category}`))).toBe(true);
    expect(products.list({ search: 'refrigeracion liquida' }).map((p) => p.name)).toContain('Refrigeración líquida Arctic Liquid Freezer III 360mm');
  });

  it('is idempotent: loading again leaves the same rows', () => {
    loadDemoCatalog(db);
    const first = allRows();
    expect(loadDemoCatalog(db)).toBe(sampleProducts.length);
    expect(allRows()).toEqual(first);
  });

  it('marks the store as a demo; a normal store is not one', () => {
    expect(isDemoStore(db)).toBe(false);
    loadDemoCatalog(db);
    expect(isDemoStore(db)).toBe(true);
    expect(db.prepare("SELECT value FROM sync_state WHERE key = 'workspace'").pluck().get()).toBe('demo');
  });

  it("refuses a shop's store (products or sync state) and leaves it unchanged", () => {
    products.upsert([{ id: 7, sku: 'SHOP-1', name: 'Real product', brand: 'X', category: 'Y', priceCents: 100, updatedAt: '2026-01-01T00:00:00Z' }]);
    expect(() => loadDemoCatalog(db)).toThrow(/only loaded into an empty store or a demo store/);
    expect(products.count()).toBe(1);
    expect(isDemoStore(db)).toBe(false);

    const synced = openLocalDatabase(':memory:');
    synced.prepare("INSERT INTO sync_state (key, value) VALUES ('pulled_through', '42')").run();
    expect(() => loadDemoCatalog(synced)).toThrow(/shop catalog/);
    expect(new ProductsTable(synced).count()).toBe(0);
    synced.close();
  });

  it('converts decimal prices to cents exactly', () => {
    expect(decimalToCents('1249.90')).toBe(124990);
    expect(decimalToCents('0.1')).toBe(10);
    expect(decimalToCents('44.95')).toBe(4495);
    expect(decimalToCents('7')).toBe(700);
    expect(() => decimalToCents('1.999')).toThrow();
    expect(() => decimalToCents('-1.00')).toThrow();
    expect(demoProductRows().every((row) => Number.isInteger(row.priceCents) && row.priceCents! > 0)).toBe(true);
  });
});
