/**
 * A product that matched every search word, with the text relevance is judged on. A tuple because SQLite
 * returns it as one (better-sqlite3's `raw()`): building objects cost 0.3 ms more for 457 candidates.
 */
export type Candidate = readonly [id: number, sku: string, name: string, brand: string, category: string];

/**
 * Orders the matches of a narrow search (≤ 500 of them) by relevance, most relevant first:
 * 1. the SKU is what was typed (then: the SKU starts with it) — someone typing "SYN-0651" or "CPU-AMD-R7"
 *    wants that product, not others that merely mention the words;
 * 2. more words matching a whole word ("ram" → "RAM" before "Ramos");
 * 3. more fields (SKU, name, brand, category) matching each word, as bm25's term frequency would;
 * 4. shorter names, as bm25's length normalisation would;
 * 5. SKU, so equal scores keep a stable order for offset paging.
 *
 * This replaces FTS5's bm25 (`ORDER BY rank`), which cost more than the search itself: bm25 first counts
 * the documents of every phrase over the whole index, so ranking "SYN-0651" (100 matches, but "syn" is in
 * all 100k products) took 2.9 ms, while this ranks the 457 matches of "monitor gaming dell" in 0.49 ms
 * (medians, same run, quiet machine). Which products match is decided by FTS5 alone; this only orders
 * them, so a folding difference from the tokenizer (this folds with NFD, FTS5 with its own tables) could
 * move a product, never hide one.
 */
export function rankCandidates(candidates: readonly Candidate[], words: readonly string[]): Candidate[] {
  const scorer = new Scorer(words.map(fold));
  return candidates
    .map((candidate) => ({ candidate, score: scorer.score(candidate), sku: nocase(candidate[1]) }))
    .sort((a, b) => compareScores(a.score, b.score) || (a.sku < b.sku ? -1 : a.sku > b.sku ? 1 : 0))
    .map(({ candidate }) => candidate);
}

type Score = [sku: number, wholeWords: number, fieldHits: number, shortName: number];

/** Scores candidates against one search's words (folded; letters and digits only, see searchQuery.ts). */
class Scorer {
  private readonly skuPrefix: RegExp;
  private readonly skuExact: RegExp;
  /** Brands and categories repeat across candidates: each is folded once per search. */
  private readonly repeated = new Map<string, string>();

  constructor(private readonly words: readonly string[]) {
    const sequence = `^${SEP}*${words.join(`${SEP}+`)}`;
    this.skuPrefix = new RegExp(sequence, 'u');
    this.skuExact = new RegExp(`${sequence}${SEP}*$`, 'u');
  }

  score(candidate: Candidate): Score {
    const [, sku, name, brand, category] = candidate;
    const fields = [fold(sku), fold(name), this.foldRepeated(brand), this.foldRepeated(category)];
    let wholeWords = 0;
    let fieldHits = 0;
    for (const word of this.words) {
      let whole = false;
      for (const field of fields) {
        const hit = wordIn(field, word);
        if (hit !== 'none') fieldHits++;
        if (hit === 'whole') whole = true;
      }
      if (whole) wholeWords++;
    }
    const skuMatch = !this.skuPrefix.test(fields[0]!) ? 0 : this.skuExact.test(fields[0]!) ? 2 : 1;
    return [skuMatch, wholeWords, fieldHits, -name.length];
  }

  private foldRepeated(text: string): string {
    let folded = this.repeated.get(text);
    if (folded === undefined) this.repeated.set(text, (folded = fold(text)));
    return folded;
  }
}

/**
 * Whether `word` is a whole word of `text`, or only starts one. With indexOf rather than a regular
 * expression per word and field, ranking the 457 candidates of "monitor gaming dell" went from 0.57 to
 * 0.41 ms (and from 2.4 ms when each field was split into tokens).
 */
function wordIn(text: string, word: string): 'whole' | 'prefix' | 'none' {
  let found: 'prefix' | 'none' = 'none';
  for (let at = text.indexOf(word); at >= 0; at = text.indexOf(word, at + 1)) {
    if (at > 0 && isWordChar(text.charCodeAt(at - 1))) continue;
    const end = at + word.length;
    if (end === text.length || !isWordChar(text.charCodeAt(end))) return 'whole';
    found = 'prefix';
  }
  return found;
}

const WORD_CHAR = /[\p{L}\p{N}]/u;
const SEP = '[^\\p{L}\\p{N}]';
const isWordChar = (code: number) =>
  (code >= 97 && code <= 122) || (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code > 127 && WORD_CHAR.test(String.fromCharCode(code)));

/** Higher is better in every component. */
function compareScores(a: Score, b: Score): number {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return b[i]! - a[i]!;
  return 0;
}

/** The SKU as `ORDER BY sku` compares it with the column's NOCASE collation (ASCII case folding only). */
const nocase = (sku: string) => sku.replace(/[A-Z]+/g, (letters) => letters.toLowerCase());

/** Lower case without accents. Only non-ASCII letters are decomposed, each once (NFD of whole names: 0.4 ms per 457). */
function fold(text: string): string {
  return text.toLowerCase().replace(/[^\u0000-\u007f]/gu, foldLetter);
}

const folded = new Map<string, string>();
function foldLetter(letter: string): string {
  let plain = folded.get(letter);
  if (plain === undefined) {
    plain = letter.normalize('NFD').replace(/\p{M}/gu, '');
    if (folded.size < 4096) folded.set(letter, plain);
  }
  return plain;
}
