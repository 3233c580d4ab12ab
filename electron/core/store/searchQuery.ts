/**
 * Turns what a person types into an FTS5 query: every word must match (AND), each as a prefix, so
 * "ryzen 78" finds "Ryzen 7 7800X3D" while typing. Words are reduced to letters and digits and quoted, so
 * FTS5 syntax (`OR`, `NEAR`, `*`, `"`, `-`, column filters) typed by a user is never interpreted. Accents
 * are left in: the index's `remove_diacritics 2` tokenizer folds the query the same way as the data.
 * Returns null when nothing searchable remains.
 */
export function toFtsQuery(text: string): string | null {
  const words = text
    .normalize('NFKC')
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean)
    .slice(0, 12);
  if (words.length === 0) return null;
  return words.map((w) => `"${w}"*`).join(' ');
}
