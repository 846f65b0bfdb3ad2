// The `q` of GET /v1/moves: what a service advisor types to find a move — part of the customer's
// name, the RO number, the stock number or the VIN's last characters. Pure: the words a query is
// made of; migration 023 splits the stored fields into words the same way (its triggers keep
// move_search_terms), and move-list.repository.ts matches one against the other.
//
// The rule: every word of q must match the move (so "jane smi" narrows "smi"); a word matches when
// it begins a word of the customer's name, reference or stock ("smi" → "Jane Smith", "12345" →
// "RO# 12345", "bk12" → "BK1234"), or when it is the whole VIN or its last 6, 7 or 8 characters
// ("a004352" → …3A004352). Case never matters; punctuation separates words ("ro#12345" is "ro 12345").

/** Kept equal to migration 023's SEPARATORS (its copy is frozen with it). */
const SEPARATORS = /[-.,#/'"\\&()_:;+~\t\n\r ]+/;

export const Q_MAX = 100;
/** More words than this narrow nothing a person types; each costs the query one more lookup. */
export const Q_MAX_WORDS = 8;

/** ASCII letters only, as both engines fold the stored words (SQLite's lower() is ASCII-only). */
const foldAscii = (s: string) => s.replace(/[A-Z]/g, (c) => c.toLowerCase());

/** The distinct words of a search, folded as the stored terms are; [] when it has none. */
export function searchWords(q: string): string[] {
  return [...new Set(foldAscii(q).split(SEPARATORS).filter(Boolean))];
}

/** Above every character a term can continue a word with: a prefix is the range [word, word + this). */
export const PREFIX_END = '\u{10FFFF}';
/** The VIN terms' mark (a separator, so no word carries it). */
export const VIN_MARK = '~';
