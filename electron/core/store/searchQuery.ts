/** More typed words than this are ignored: no one types them, and each costs an FTS5 iterator. */
const MAX_WORDS = 12;

/**
 * What a person typed, as search words: NFKC, lower case, split on everything that is not a letter or a
 * digit (so `-`, `"`, `*`, `:` and parentheses are separators, never FTS5 syntax). Accents are left in:
 * the index's `remove_diacritics 2` tokenizer folds the query the same way as the data.
 */
export function searchWords(text: string): string[] {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean)
    .slice(0, MAX_WORDS);
}

/**
 * Turns what a person types into an FTS5 query: every word must match (AND), each as a prefix, so
 * "ryzen 78" finds "Ryzen 7 7800X3D" while typing. Words are quoted, so FTS5 syntax (`OR`, `NEAR`, `*`,
 * `"`, `-`, column filters) typed by a user is never interpreted. Returns null when nothing searchable
 * remains.
 */
export function toFtsQuery(text: string): string | null {
  const words = searchWords(text);
  return words.length === 0 ? null : ftsQueryOf(words);
}

/**
 * The FTS5 query for `words` (from `searchWords`). `expansions[i]`, when given, lists every index term that
 * starts with word i (see productSearchTerms.ts): the word is then matched as those exact terms OR-ed,
 * which FTS5 reads lazily, instead of as a prefix, which FTS5 answers by merging the whole doclist of every
 * such term first however few rows are wanted (first 501 rows of "tarjeta gráfic" on 100k products: 3.7 ms
 * as prefixes, 0.21 ms as terms). An empty expansion is not allowed: the caller knows nothing can match.
 */
export function ftsQueryOf(words: readonly string[], expansions: readonly (readonly string[] | null)[] = []): string {
  return words
    .map((word, i) => {
      const terms = expansions[i];
      if (!terms) return `${quote(word)}*`;
      if (terms.length === 0) throw new Error(`no index term starts with "${word}"`);
      return terms.length === 1 ? quote(terms[0]!) : `(${terms.map(quote).join(' OR ')})`;
    })
    .join(' AND '); // explicit: FTS5 has no implicit AND next to a parenthesised group
}

const quote = (term: string) => `"${term.replaceAll('"', '""')}"`;

/**
 * A search word folded exactly as the index's tokenizer (`unicode61 remove_diacritics 2`) folds it, when
 * that can be computed here: only for words of ASCII letters and digits and the accented letters of
 * Latin-1 and Latin Extended-A ("gráfica" → "grafica", "ñ" → "n"), where stripping the marks of the NFD form
 * is what FTS5 does (checked letter by letter against FTS5 in test/electron/core/store/productSearch.test.ts).
 * Null otherwise (Greek, Cyrillic, "ß", "ø", …): such a word is left to FTS5 as a prefix.
 */
export function foldLikeIndex(word: string): string | null {
  if (/[^\u0000-\u017f]/u.test(word)) return null;
  const folded = word.normalize('NFD').replace(/\p{M}/gu, '');
  return /^[a-z0-9]+$/.test(folded) ? folded : null;
}
