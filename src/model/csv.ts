/**
 * One CSV record per line with RFC 4180 quoting (`"a ""b"""`); quoted fields do not span lines. Returns the
 * fields, or the 1-based column and reason where the line does not read.
 */
export function csvFields(line: string): string[] | { column: number; reason: string } {
  const fields: string[] = [];
  let i = 0;
  while (i <= line.length) {
    if (line[i] === '"') {
      let value = '';
      let j = i + 1;
      for (;;) {
        if (j >= line.length) return { column: fields.length + 1, reason: 'unterminated quoted field' };
        if (line[j] === '"' && line[j + 1] === '"') {
          value += '"';
          j += 2;
        } else if (line[j] === '"') break;
        else value += line[j++];
      }
      fields.push(value);
      i = j + 1;
      if (i < line.length && line[i] !== ',') return { column: fields.length, reason: 'text after a closing quote' };
      i++;
    } else {
      const end = line.indexOf(',', i);
      fields.push(line.slice(i, end < 0 ? line.length : end));
      i = end < 0 ? line.length + 1 : end + 1;
    }
  }
  return fields;
}
