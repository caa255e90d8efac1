import type { Row } from './search.js';

/**
 * Rows as CSV (RFC 4180, CRLF). Subjects and addresses come from senders: a text cell starting with
 * = + - @ (or a tab or CR) gets a leading ' so a spreadsheet shows it instead of running it as a formula.
 */
export function toCsv(columns: string[], rows: Row[]): string {
  const cell = (value: string | undefined) => {
    const v = value ?? '';
    const s = /^[=+\-@\t\r]/.test(v) && !/^-?\d+(\.\d+)?$/.test(v) ? `'${v}` : v;
    return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  return [columns.map(cell).join(','), ...rows.map((r) => columns.map((c) => cell(r[c])).join(','))].join('\r\n');
}
