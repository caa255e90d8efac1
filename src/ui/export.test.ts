import { describe, expect, it } from 'vitest';
import { toCsv } from './export.js';

describe('CSV export', () => {
  it('quotes what needs quoting and keeps formulas as text', () => {
    const csv = toCsv(
      ['subject', 'n'],
      [{ subject: 'a, "b"\nc', n: '-5' }, { subject: '=HYPERLINK("http://x")', n: '2' }, { subject: '@SUM(A1)' }],
    );
    expect(csv.split('\r\n')).toEqual(['subject,n', '"a, ""b""\nc",-5', '"\'=HYPERLINK(""http://x"")",2', "'@SUM(A1),"]);
  });
});
