import { type Pos, queryError } from './errors.js';

/** Java date patterns (as Sumo's formatDate takes) to strftime, which both databases understand. */
const TOKENS: [string, string][] = [
  ['yyyy', '%Y'],
  ['yy', '%y'],
  ['MMMM', '%B'],
  ['MMM', '%b'],
  ['MM', '%m'],
  ['dd', '%d'],
  ['HH', '%H'],
  ['hh', '%I'],
  ['mm', '%M'],
  ['ss', '%S'],
  ['SSS', '%g'],
  ['EEEE', '%A'],
  ['EEE', '%a'],
  ['a', '%p'],
  ['Z', '%z'],
];

export function javaToStrftime(format: string, pos: Pos): string {
  let out = '';
  let i = 0;
  while (i < format.length) {
    if (format[i] === "'") {
      const close = format.indexOf("'", i + 1);
      if (close < 0) throw queryError(pos, 'unterminated quote in the date format', "a closing '");
      out += format.slice(i + 1, close).replace(/%/g, '%%');
      i = close + 1;
      continue;
    }
    const token = TOKENS.find(([t]) => format.startsWith(t, i));
    if (token) {
      out += token[1];
      i += token[0].length;
      continue;
    }
    if (/[A-Za-z]/.test(format[i]))
      throw queryError(pos, `unsupported date pattern letter '${format[i]}'`, 'yyyy, MM, dd, HH, mm, ss, SSS, EEE, a, Z');
    out += format[i] === '%' ? '%%' : format[i];
    i++;
  }
  return out;
}
