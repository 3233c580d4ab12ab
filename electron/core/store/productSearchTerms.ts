import type Database from 'better-sqlite3';
import type { LocalDatabase } from './database';
import { foldLikeIndex } from './searchQuery';

/** products_fts has prefix indexes for 1-, 2- and 3-character prefixes (0020-catalog-mirror.ts). */
const INDEXED_PREFIX_MAX = 3;
/** Words are looked up, and remembered, by their first 4 characters: typing "tarj", "tarje", "tarjet" costs one look-up. */
const KEY_LENGTH = INDEXED_PREFIX_MAX + 1;
/** A key with more terms than this (e.g. "0000" over millions of numeric SKUs) is not remembered. */
const KEY_TERMS_MAX = 256;
/** A word matching more terms than this stays an FTS5 prefix: such terms are rare, so their doclists are short. */
const EXPANSION_MAX = 64;
/** Remembered keys; beyond this the memo starts again (typing touches a few keys per search). */
const KEYS_MAX = 512;

/**
 * Which index terms a search word stands for, so productSearch can match a long prefix ("gráfic") as exact
 * terms ("grafica" OR "graficas"), which FTS5 reads lazily, instead of as a prefix, which it answers by
 * merging every such term's whole doclist first. The first 501 matches of "tarjeta gráfic" on 100k
 * products: 3.7 ms as prefixes, 0.21 ms as exact terms.
 *
 * The terms come from an fts5vocab table over products_fts (created in the connection's temp schema, so no
 * migration). Reading a range of it still walks those terms' doclists (0.88 ms for "grafic" on 100k
 * products), so terms are remembered per 4-character key until the database changes: this connection's
 * `total_changes()` or, for other connections' commits, `PRAGMA data_version` moves. Inside a transaction
 * nothing is remembered (a rollback would not move either counter).
 */
export class IndexTerms {
  private readonly memo = new Map<string, readonly string[] | null>();
  private generation = '';
  private statements: { range: Database.Statement; generation: Database.Statement } | undefined;

  constructor(private readonly db: LocalDatabase) {}

  /**
   * For each word: null when FTS5 should match it as a prefix (short words use the prefix index; others
   * cannot be folded here or match too many terms), else every index term starting with it — possibly
   * none, and then nothing can match.
   */
  expand(words: readonly string[]): (readonly string[] | null)[] {
    const { range, generation } = this.prepared();
    const remember = !this.db.inTransaction;
    const now = remember ? (generation.get() as string) : '';
    if (now !== this.generation || this.memo.size >= KEYS_MAX) {
      this.memo.clear();
      this.generation = now;
    }
    return words.map((word) => {
      if (word.length <= INDEXED_PREFIX_MAX) return null;
      const folded = foldLikeIndex(word);
      if (folded === null) return null;
      const key = folded.slice(0, KEY_LENGTH);
      let terms = remember ? this.memo.get(key) : undefined;
      if (terms === undefined) {
        terms = termsStartingWith(range, key, KEY_TERMS_MAX);
        if (remember) this.memo.set(key, terms);
      }
      if (terms === null) terms = termsStartingWith(range, folded, EXPANSION_MAX);
      const matching = terms === null ? null : terms.filter((term) => term.startsWith(folded));
      return matching === null || matching.length > EXPANSION_MAX ? null : matching;
    });
  }

  private prepared(): NonNullable<IndexTerms['statements']> {
    if (!this.statements) {
      this.db.exec("CREATE VIRTUAL TABLE IF NOT EXISTS temp.products_fts_terms USING fts5vocab(main, 'products_fts', 'row')");
      this.statements = {
        range: this.db.prepare('SELECT term FROM temp.products_fts_terms WHERE term >= ? AND term < ? LIMIT ?').pluck(),
        generation: this.db.prepare("SELECT total_changes() || ':' || data_version FROM pragma_data_version").pluck(),
      };
    }
    return this.statements;
  }
}

/** Every term starting with an ASCII `prefix`, in index order; null when there are more than `max`. */
function termsStartingWith(range: Database.Statement, prefix: string, max: number): string[] | null {
  const end = prefix.slice(0, -1) + String.fromCharCode(prefix.charCodeAt(prefix.length - 1) + 1);
  const terms = range.all(prefix, end, max + 1) as string[];
  return terms.length > max ? null : terms;
}
