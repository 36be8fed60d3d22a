/** Counts in words people read: `1 byte`, `2 bytes`, `1 datagram`. */

/** `n word`, with an `s` unless n is 1. Only for words whose plural is regular. */
export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
