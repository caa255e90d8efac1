import type { CellValue } from '../search.js';

/** A row of the Search Job API (text) or of a dashboard panel (typed values). */
type TableRow = Record<string, CellValue | undefined>;

const cellText = (v: CellValue | undefined) => (v === null || v === undefined ? '' : String(v));

/** Rows as a plain table; every value is rendered as text. */
export function DataTable(props: { columns: string[]; rows: TableRow[]; label?: string }) {
  return (
    <div className="table-wrap">
      <table className="data-table" aria-label={props.label}>
        <thead>
          <tr>
            {props.columns.map((c) => (
              <th key={c}>{c}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {props.rows.map((row, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: rows are a fixed snapshot with no identity of their own
            <tr key={i}>
              {props.columns.map((c) => (
                <td key={c} title={cellText(row[c])}>
                  {cellText(row[c])}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** Columns for rows with no declared ones: every field, metadata (`_…`) last. */
export function columnsOf(rows: TableRow[], fields?: { name: string }[]): string[] {
  const names = fields?.length ? fields.map((f) => f.name) : [...new Set(rows.flatMap((r) => Object.keys(r)))];
  return [...names.filter((n) => !n.startsWith('_')), ...names.filter((n) => n.startsWith('_') && n !== '_raw')];
}
