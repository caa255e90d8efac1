import type { PathSegment } from './ast.js';

/** The field name `json "<path>"` gives without `as`: the path's last key. */
export function lastKey(segments: PathSegment[]): string {
  for (let i = segments.length - 1; i >= 0; i--) {
    const s = segments[i];
    if ('key' in s) return s.key;
  }
  return 'value';
}

/** A JSON path as both databases' JSON functions read it: `$."key"[0]."odd key"`. */
export function jsonPath(segments: PathSegment[]): string {
  return `$${segments.map((s) => ('key' in s ? `."${s.key.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"` : 'index' in s ? `[${s.index}]` : '[*]')).join('')}`;
}

/**
 * `a[*].b` → the path to the array (`$."a"`), the path of each item's value (`$."b"`) and the items' filter
 * (`[?(…)]`); null without `[*]` or a filter.
 */
export function wildcardPaths(
  segments: PathSegment[],
): { array: string; item: string; filter: { path: string; op: '==' | '!='; value: string } | null } | null {
  const at = segments.findIndex((s) => 'wildcard' in s);
  if (at < 0) return null;
  const w = segments[at];
  return {
    array: jsonPath(segments.slice(0, at)),
    item: jsonPath(segments.slice(at + 1)),
    filter: 'wildcard' in w && w.filter ? w.filter : null,
  };
}

/** `?(@.a.b == 'x')`, `?(@.n != 5)`: the filter Sumo's JSONPath examples use, compared as text. */
const FILTER = /^\?\(\s*@((?:\.[A-Za-z0-9_$-]+)+)\s*(==|!=)\s*(?:'([^']*)'|"([^"]*)"|(-?[0-9]+(?:\.[0-9]+)?|true|false))\s*\)$/;

function filterSegment(inner: string): PathSegment | null {
  const m = FILTER.exec(inner);
  if (!m) return null;
  const keys = m[1]
    .slice(1)
    .split('.')
    .map((key) => ({ key }));
  return { wildcard: true, filter: { path: jsonPath(keys), op: m[2] as '==' | '!=', value: m[3] ?? m[4] ?? m[5] } };
}

/** `a.b[0]['odd key']` → its segments, or null when it is not a path (an empty key, an unclosed bracket). */
export function splitJsonPath(text: string): PathSegment[] | null {
  const segments: PathSegment[] = [];
  let i = 0;
  while (i < text.length) {
    if (text[i] === '[') {
      const close = text.indexOf(']', i);
      if (close < 0) return null;
      const inner = text.slice(i + 1, close);
      if (/^[0-9]+$/.test(inner)) segments.push({ index: Number(inner) });
      else if (inner === '*') segments.push({ wildcard: true });
      else if (inner.startsWith('?')) {
        const filter = filterSegment(inner);
        if (!filter) return null;
        segments.push(filter);
      } else if (/^'.*'$/.test(inner) || /^".*"$/.test(inner)) segments.push({ key: inner.slice(1, -1) });
      else return null;
      i = close + 1;
      if (text[i] === '.') i++;
      continue;
    }
    let j = i;
    while (j < text.length && text[j] !== '.' && text[j] !== '[') j++;
    if (j === i) return null;
    segments.push({ key: text.slice(i, j) });
    i = j;
    if (text[i] === '.') {
      i++;
      if (i === text.length) return null;
    }
  }
  // One `[*]` (or filter) gives a list; a list of lists has no text form both databases write alike.
  if (segments.filter((s) => 'wildcard' in s).length > 1) return null;
  return segments.length === 0 ? null : segments;
}
