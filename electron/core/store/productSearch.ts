import type Database from 'better-sqlite3';
import type { LocalDatabase } from './database';
import { IndexTerms } from './productSearchTerms';
import { rankCandidates, type Candidate } from './productSearchRank';
import { ftsQueryOf } from './searchQuery';

/** Searches with at most this many matches are ordered by relevance; broader ones by rowid, which stops after one page. */
export const RANKED_SEARCH_MAX = 500;

/** The list's filters as SQL over `products p` (and `product_reviews r` when `joinReviews`). */
export interface ListFilter {
  where: string[];
  params: Record<string, unknown>;
  joinReviews: boolean;
}

/** Every SQL statement search runs. Exported for the query-plan tests, which must check the very SQL the app runs. */
export const searchSql = {
  /** The first 501 matches in rowid order: all of a narrow search, or enough to tell that it is broad. */
  candidates: 'SELECT rowid FROM products_fts WHERE products_fts MATCH ? ORDER BY rowid LIMIT ?',
  /** The candidates that pass the filters, with the text ranking needs, by primary key. */
  candidateRows: (filter: ListFilter) => `
    SELECT p.id, p.sku, p.name, p.brand, p.category
      FROM products p ${filter.joinReviews ? 'LEFT JOIN product_reviews r ON r.product_id = p.id' : ''}
     WHERE p.id IN (SELECT value FROM json_each(@ids)) ${filter.where.map((w) => `AND ${w}`).join(' ')}
     ORDER BY p.id`,
  /** A page of a broad search beyond what the candidates answer: FTS5 walked in rowid order, joined, filtered. */
  broadPage: (filter: ListFilter) => `
    SELECT p.id
      FROM products_fts JOIN products p ON p.id = products_fts.rowid
      ${filter.joinReviews ? 'LEFT JOIN product_reviews r ON r.product_id = p.id' : ''}
     WHERE products_fts MATCH @fts ${filter.where.map((w) => `AND ${w}`).join(' ')}
     ORDER BY products_fts.rowid
     LIMIT @limit OFFSET @offset`,
};

/**
 * Full-text search over the mirror: which products match every typed word (each a prefix, over SKU, name,
 * brand and category), and in which order. It answers with ids; ProductsTable turns a page of ids into rows.
 *
 * One FTS5 pass per search. It fetches up to 501 matching rowids (no rank): if there are at most 500, that is
 * every match, ranked here (productSearchRank.ts) and paged; if there are more, the search is broad and its
 * first page is those rowids in order, with filters applied to them by primary key. Only a broad search
 * whose filters or offset reach past the 501st match runs FTS5 again. Before this, each search ran FTS5
 * twice (a count, then the page), with long words as prefixes, and ranked with bm25 over every match. The
 * benchmark's queries on 100k products, old and new alternating on one mirror (5 × 1000, load 1.1–1.5):
 * p50 0.68 → 0.41 ms, p95 7.04 → 0.69 ms, max 12.6 → 6.8 ms. Without the term expansion p95 is 3.7 ms;
 * with the term memo emptied before every search, 2.2 ms.
 */
export class ProductSearch {
  private readonly terms: IndexTerms;
  private readonly statements = new Map<string, Database.Statement>();

  constructor(private readonly db: LocalDatabase) {
    this.terms = new IndexTerms(db);
  }

  /** The ids of one page of the products matching every word of `words` (from `searchWords`, not empty). */
  pageIds(words: readonly string[], filter: ListFilter, page: { offset: number; limit: number }): number[] {
    const expansions = this.terms.expand(words);
    if (expansions.some((terms) => terms?.length === 0)) return []; // a word that no indexed term starts with
    const fts = ftsQueryOf(words, expansions);
    const candidates = this.statement(searchSql.candidates).pluck().all(fts, RANKED_SEARCH_MAX + 1) as number[];
    const end = page.offset + page.limit;
    if (candidates.length <= RANKED_SEARCH_MAX) {
      const rows = this.candidateRows(candidates, filter);
      return rankCandidates(rows, words).slice(page.offset, end).map(([id]) => id);
    }
    // Broad: the candidates are every match up to the 501st rowid, so the ones passing the filters are the
    // first filtered matches in rowid order. Only when they are not enough is FTS5 walked again.
    const kept = filter.where.length === 0 ? candidates : this.candidateRows(candidates, filter).map(([id]) => id);
    if (end <= kept.length) return kept.slice(page.offset, end);
    return this.statement(searchSql.broadPage(filter)).pluck().all({ ...filter.params, fts, ...page }) as number[];
  }

  private candidateRows(ids: readonly number[], filter: ListFilter): Candidate[] {
    if (ids.length === 0) return [];
    return this.statement(searchSql.candidateRows(filter)).raw().all({ ...filter.params, ids: JSON.stringify(ids) }) as Candidate[];
  }

  /** Statements are kept per SQL text: there are only as many as combinations of filters. */
  private statement(sql: string): Database.Statement {
    let statement = this.statements.get(sql);
    if (!statement) this.statements.set(sql, (statement = this.db.prepare(sql)));
    return statement;
  }
}
