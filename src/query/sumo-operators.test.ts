import { describe, expect, it } from 'vitest';
import { AppError } from '../core/errors.js';
import { SUMO_OPERATOR_INDEX } from './__fixtures__/sumo-operator-index.js';
import { compileQuery } from './index.js';

const compile = (query: string, dialect: 'duckdb' | 'postgres') => compileQuery(query, { dialect, from: 0, to: 86_400_000 });

/** Issue 11 item 9: an operator of Sumo's index that we do not run is refused when the query compiles, with its position. */
describe("Sumo Logic's search operator index", () => {
  for (const op of SUMO_OPERATOR_INDEX) {
    it(`${op.page}: ${op.supported ? 'compiles' : 'is refused as not supported'} — ${op.query}`, () => {
      for (const dialect of ['duckdb', 'postgres'] as const) {
        if (op.supported) {
          expect(() => compile(op.query, dialect)).not.toThrow();
          continue;
        }
        let error: unknown = null;
        try {
          compile(op.query, dialect);
        } catch (e) {
          error = e;
        }
        expect(error, `${op.page} now compiles on ${dialect}: mark it supported`).toBeInstanceOf(AppError);
        const e = error as AppError;
        expect(e.code).toBe('searchQueryError');
        const { line, column } = e.details as { line: number; column: number };
        expect(e.message.startsWith(`line ${line}, column ${column}: `)).toBe(true);
        expect(e.message).toMatch(/ is not supported/);
      }
    });
  }

  it('covers the index: 76 pages, 28 of their forms refused', () => {
    expect(new Set(SUMO_OPERATOR_INDEX.map((o) => o.page)).size).toBe(76);
    expect(SUMO_OPERATOR_INDEX.filter((o) => !o.supported).length).toBe(28);
  });
});
