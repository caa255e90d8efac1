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
  return `$${segments.map((s) => ('key' in s ? `."${s.key.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"` : `[${s.index}]`)).join('')}`;
}
