/**
 * Finds the exact text of each element of one array inside a JSON document, so every event keeps the
 * bytes Mimecast sent (the document is parsed once by JSON.parse; this only finds boundaries). The input
 * must already have passed JSON.parse: the scanner assumes it is well formed.
 */

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const COMMA = 0x2c;
const COLON = 0x3a;

function skipSpace(text: string, i: number): number {
  let c = text.charCodeAt(i);
  while (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) c = text.charCodeAt(++i);
  return i;
}

/** Index just after the string that starts at `i` (a quote). */
function skipString(text: string, i: number): number {
  let j = i + 1;
  for (;;) {
    const q = text.indexOf('"', j);
    if (q < 0) return text.length;
    let backslashes = 0;
    for (let k = q - 1; text.charCodeAt(k) === BACKSLASH; k--) backslashes++;
    if (backslashes % 2 === 0) return q + 1;
    j = q + 1;
  }
}

/** Index just after the value that starts at `i`. */
function skipValue(text: string, i: number): number {
  const c = text.charCodeAt(i);
  if (c === QUOTE) return skipString(text, i);
  if (c !== OPEN_BRACE && c !== OPEN_BRACKET) {
    let j = i;
    for (;;) {
      const d = text.charCodeAt(j);
      if (
        d === COMMA ||
        d === CLOSE_BRACE ||
        d === CLOSE_BRACKET ||
        d === 0x20 ||
        d === 0x0a ||
        d === 0x0d ||
        d === 0x09 ||
        Number.isNaN(d)
      )
        return j;
      j++;
    }
  }
  let depth = 0;
  let j = i;
  for (;;) {
    const d = text.charCodeAt(j);
    if (d === QUOTE) {
      j = skipString(text, j);
      continue;
    }
    if (d === OPEN_BRACE || d === OPEN_BRACKET) depth++;
    else if (d === CLOSE_BRACE || d === CLOSE_BRACKET) {
      depth--;
      if (depth === 0) return j + 1;
    } else if (Number.isNaN(d)) return j;
    j++;
  }
}

/**
 * Start index of the value at `path` (object keys and array indexes), or -1 when absent. When the last
 * step is a key, `visit` walks each value found for it (it returns the index just after the value), so
 * the caller reads the value while locate steps over it instead of both scanning it.
 */
function locate(
  text: string,
  path: readonly (string | number)[],
  visit: (start: number) => number = (start) => skipValue(text, start),
): number {
  let i = skipSpace(text, 0);
  for (let n = 0; n < path.length; n++) {
    const step = path[n] as string | number;
    const last = n === path.length - 1;
    const c = text.charCodeAt(i);
    if (typeof step === 'string') {
      if (c !== OPEN_BRACE) return -1;
      i = skipSpace(text, i + 1);
      let found = -1;
      while (text.charCodeAt(i) === QUOTE) {
        const keyEnd = skipString(text, i);
        const key = JSON.parse(text.slice(i, keyEnd)) as string;
        i = skipSpace(text, keyEnd);
        if (text.charCodeAt(i) !== COLON) return -1;
        i = skipSpace(text, i + 1);
        const match = key === step;
        if (match) found = i;
        i = skipSpace(text, match && last ? visit(i) : skipValue(text, i));
        if (text.charCodeAt(i) === COMMA) i = skipSpace(text, i + 1);
      }
      // JSON.parse keeps the last of duplicate keys; so do we.
      if (found < 0) return -1;
      i = found;
    } else {
      if (c !== OPEN_BRACKET) return -1;
      i = skipSpace(text, i + 1);
      for (let n = 0; n < step; n++) {
        if (text.charCodeAt(i) === CLOSE_BRACKET) return -1;
        i = skipSpace(text, skipValue(text, i));
        if (text.charCodeAt(i) === COMMA) i = skipSpace(text, i + 1);
      }
      if (text.charCodeAt(i) === CLOSE_BRACKET) return -1;
    }
  }
  return i;
}

/** The texts of the elements of the array starting at `start`, and the index just after it. */
function splitArray(text: string, start: number): { texts: string[]; end: number } {
  const texts: string[] = [];
  let i = skipSpace(text, start + 1);
  while (i < text.length && text.charCodeAt(i) !== CLOSE_BRACKET) {
    const end = skipValue(text, i);
    texts.push(text.slice(i, end));
    i = skipSpace(text, end);
    if (text.charCodeAt(i) === COMMA) i = skipSpace(text, i + 1);
  }
  return { texts, end: i + 1 };
}

/** The text of every element of the array at `path`; null when there is no array there. */
export function arrayElementTexts(text: string, path: readonly (string | number)[]): string[] | null {
  // The array is split while locate passes over it; JSON.parse keeps the last of duplicate keys, so the last split wins.
  let split: string[] | null = null;
  const start = locate(text, path, (at) => {
    if (text.charCodeAt(at) !== OPEN_BRACKET) {
      split = null;
      return skipValue(text, at);
    }
    const { texts, end } = splitArray(text, at);
    split = texts;
    return end;
  });
  if (start < 0 || text.charCodeAt(start) !== OPEN_BRACKET) return null;
  return typeof path[path.length - 1] === 'string' ? split : splitArray(text, start).texts;
}

/** The exact text of the value at `path` in a well-formed document; null when there is none. */
export function valueTextAt(text: string, path: readonly (string | number)[]): string | null {
  const start = locate(text, path);
  return start < 0 ? null : text.slice(start, skipValue(text, start));
}
