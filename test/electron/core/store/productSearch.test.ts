import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openLocalDatabase, type LocalDatabase } from '../../../../electron/core/store/database';
import { RANKED_SEARCH_MAX } from '../../../../electron/core/store/productSearch';
import { rankCandidates, type Candidate } from '../../../../electron/core/store/productSearchRank';
import { IndexTerms } from '../../../../electron/core/store/productSearchTerms';
import { ProductsTable, type ProductRow } from '../../../../electron/core/store/products';
import { foldLikeIndex, ftsQueryOf, searchWords, toFtsQuery } from '../../../../electron/core/store/searchQuery';

const product = (id: number, sku: string, name: string, brand = 'Generic', category = 'Varios'): ProductRow => ({
  id, sku, name, brand, category, priceCents: 100, updatedAt: '2026-11-28T00:00:00Z',
});

let db: LocalDatabase;
let products: ProductsTable;
beforeEach(() => {
  db = openLocalDatabase(':memory:');
  products = new ProductsTable(db);
});
afterEach(() => db.close());

const ids = (query: Parameters<ProductsTable['list']>[0]) => products.list(query).map((p) => p.id);
/** Every match, as FTS5 alone answers the prefix query, in rowid order: what a broad search pages through. */
const reference = (search: string) =>
  db.prepare('SELECT rowid FROM products_fts WHERE products_fts MATCH ? ORDER BY rowid').pluck().all(toFtsQuery(search)) as number[];

describe('search words as index terms', () => {
  it('folds exactly as the FTS5 tokenizer does, for every letter it claims to fold', () => {
    const fts = new Database(':memory:');
    fts.exec("CREATE VIRTUAL TABLE t USING fts5 (x, tokenize = 'unicode61 remove_diacritics 2'); CREATE VIRTUAL TABLE v USING fts5vocab (t, row)");
    let claimed = 0;
    for (let code = 0x20; code <= 0x24f; code++) {
      const [word] = searchWords(`ab${String.fromCodePoint(code)}c`);
      const folded = word && word.length === 4 ? foldLikeIndex(word) : null;
      if (folded === null) continue;
      fts.exec('DELETE FROM t');
      fts.prepare('INSERT INTO t (x) VALUES (?)').run(word);
      expect(fts.prepare('SELECT term FROM v').pluck().all(), `U+${code.toString(16)}`).toEqual([folded]);
      claimed++;
    }
    expect(claimed).toBeGreaterThan(150); // ASCII letters and digits, and the accented Latin letters
    expect(foldLikeIndex('gráfica')).toBe('grafica');
    expect(foldLikeIndex('straße')).toBeNull();
    expect(foldLikeIndex('ωmega')).toBeNull();
    fts.close();
  });

  it('expands long prefixes into the exact terms, and leaves the rest to FTS5', () => {
    products.upsert([product(1, 'A-1', 'Tarjeta gráfica'), product(2, 'A-2', 'Tarjetas gráficas'), product(3, 'A-3', 'Straße Ωmega')]);
    const terms = new IndexTerms(db);
    expect(terms.expand(['tarj', 'gráfic', 'gra', 'straß', 'zzzz'])).toEqual([['tarjeta', 'tarjetas'], ['grafica', 'graficas'], null, null, []]);
    expect(ftsQueryOf(['tarj', 'gra'], [['tarjeta', 'tarjetas'], null])).toBe('("tarjeta" OR "tarjetas") AND "gra"*');
  });

  it('matches the same products as the plain prefix query', () => {
    const words = ['gráfica', 'gráficas', 'grafito', 'graphene', 'Straße', 'straßen', 'Ωmega', 'ñandú', 'nandu', 'año', 'ano', '0651', '06512', '065'];
    products.upsert(Array.from({ length: 300 }, (_, i) => product(i + 1, `SKU-${i}`, `${words[i % words.length]} ${words[(i * 7) % words.length]}`)));
    for (const search of ['graf', 'gráfi', 'GRAFICAS', 'straß', 'ωme', 'ñand', 'nand', 'año', '0651', '065', 'graf 0651', 'nope', 'gráfica graphene']) {
      expect(ids({ search, limit: 500 }).sort((a, b) => a - b), search).toEqual(reference(search));
    }
  });

  it('sees new and removed terms at once: writes here, in an open transaction, and from another connection', () => {
    products.upsert([product(1, 'A-1', 'Ventilador')]);
    expect(ids({ search: 'ventilad' })).toEqual([1]); // "vent" is now remembered
    products.upsert([product(2, 'A-2', 'Ventilación')]);
    expect(ids({ search: 'ventila' }).sort()).toEqual([1, 2]);
    products.delete([1]);
    expect(ids({ search: 'ventilad' })).toEqual([]);
    expect(() => db.transaction(() => {
      products.upsert([product(3, 'A-3', 'Ventiladores')]);
      expect(ids({ search: 'ventilad' })).toEqual([3]);
      throw new Error('undo');
    })()).toThrow('undo');
    expect(ids({ search: 'ventilad' })).toEqual([]);
    // A rollback moves no change counter: what was seen inside a transaction must not be remembered.
    expect(() => db.transaction(() => {
      products.delete([2]);
      expect(ids({ search: 'ventila' })).toEqual([]);
      throw new Error('undo');
    })()).toThrow('undo');
    expect(ids({ search: 'ventila' })).toEqual([2]);

    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vitrina-search-'));
    try {
      const file = path.join(dir, 'store.db');
      const mine = openLocalDatabase(file);
      const theirs = openLocalDatabase(file);
      const table = new ProductsTable(mine);
      new ProductsTable(theirs).upsert([product(1, 'A-1', 'Ventilador')]);
      expect(table.list({ search: 'ventilad' }).map((p) => p.id)).toEqual([1]);
      new ProductsTable(theirs).upsert([product(2, 'A-2', 'Ventiladores')]);
      expect(table.list({ search: 'ventilad' }).map((p) => p.id).sort()).toEqual([1, 2]);
      theirs.close();
      mine.close();
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('search results: relevance, paging and filters', () => {
  it('ranks the typed SKU first, then whole words, more fields, shorter names, and SKU', () => {
    const candidate = (id: number, sku: string, name: string, brand = 'X', category = 'Y'): Candidate => [id, sku, name, brand, category];
    const rank = (rows: Candidate[], search: string) => rankCandidates(rows, searchWords(search)).map(([id]) => id);
    expect(rank([candidate(1, 'B-1', 'Cable SYN-065 adaptador'), candidate(2, 'SYN-0651', 'Cable'), candidate(3, 'SYN-065', 'Cable')], 'SYN-065')).toEqual([3, 2, 1]);
    expect(rank([candidate(1, 'A', 'Ramos'), candidate(2, 'B', 'Memoria RAM')], 'ram')).toEqual([2, 1]);
    expect(rank([candidate(1, 'A', 'Disipador Noctua'), candidate(2, 'B', 'Disipador Noctua', 'Noctua')], 'noctua')).toEqual([2, 1]);
    expect(rank([candidate(1, 'A', 'Ventilador Noctua NF-A14 PWM'), candidate(2, 'B', 'Ventilador Noctua')], 'noctua')).toEqual([2, 1]);
    expect(rank([candidate(2, 'b-2', 'Same'), candidate(1, 'B-10', 'Same'), candidate(3, 'a-9', 'Same')], 'same')).toEqual([3, 1, 2]);
    expect(rank([candidate(1, 'A', 'Refrigeracion'), candidate(2, 'B', 'Refrigeración líquida')], 'refrigeración líquida')).toEqual([2, 1]);
  });

  it('pages a narrow search by offset in relevance order, with filters', () => {
    products.upsert(Array.from({ length: 40 }, (_, i) => product(i + 1, `FAN-${String(i).padStart(2, '0')}`, `Ventilador ${'x'.repeat(i % 7)}`, 'Noctua', i % 2 ? 'Ventilación' : 'Refrigeración')));
    const all = ids({ search: 'ventila', limit: 500 });
    expect(all).toHaveLength(40);
    const paged = [0, 15, 30].flatMap((offset) => ids({ search: 'ventila', offset, limit: 15 }));
    expect(paged).toEqual(all);
    const filtered = ids({ search: 'ventila', category: 'Ventilación', limit: 500 });
    expect(filtered).toEqual(all.filter((id) => id % 2 === 0));
  });

  it('pages a broad search in rowid order, across the 501st match and with filters that keep few', () => {
    const n = RANKED_SEARCH_MAX + 400;
    products.upsert(Array.from({ length: n }, (_, i) => product(i + 1, `BULK-${String(i).padStart(4, '0')}`, `Bulk item ${i}`, 'Generic', i % 50 === 0 ? 'Rare' : 'Bulk')));
    const approved = db.prepare("INSERT INTO product_reviews (product_id, status, updated_at, version) VALUES (?, 'approved', 'x', 1)");
    for (let id = 3; id <= n; id += 97) approved.run(id);
    const all = reference('bulk');
    expect(all).toHaveLength(n);
    for (const limit of [50, 120]) {
      const pages: number[] = [];
      for (let offset = 0; offset < n + limit; offset += limit) pages.push(...ids({ search: 'bulk', offset, limit }));
      expect(pages).toEqual(all);
    }
    const cases = [
      [{ category: 'Rare' }, "p.category = 'Rare'"],
      [{ reviewStatus: 'approved' }, "r.status = 'approved'"],
      [{ reviewStatus: 'unreviewed' }, 'r.product_id IS NULL'],
      [{ category: 'Bulk', missingImages: true }, "p.category = 'Bulk' AND p.image_count = 0"],
    ] as const;
    for (const [filter, where] of cases) {
      const expected = db.prepare(`SELECT p.id FROM products p LEFT JOIN product_reviews r ON r.product_id = p.id WHERE ${where} ORDER BY p.id`).pluck().all() as number[];
      const offsets = [0, 7, 300, 600];
      const pages = offsets.flatMap((offset, i) => ids({ search: 'bulk', ...filter, offset, limit: Math.min(500, (offsets[i + 1] ?? 2000) - offset) }));
      expect(pages, JSON.stringify(filter)).toEqual(expected.slice(0, pages.length));
      expect(pages.length).toBe(Math.min(expected.length, 1100));
    }
  });

  it('finds nothing when no indexed word starts with a typed one', () => {
    products.upsert([product(1, 'A-1', 'Tarjeta gráfica')]);
    expect(ids({ search: 'tarjeta zzzz' })).toEqual([]);
    expect(ids({ search: 'tarjetaz' })).toEqual([]);
  });
});
