import { AppError } from '../core/errors.js';
import { csvFields } from '../model/csv.js';
import { checkedIndicatorValue, fromStixObject, stixTime } from '../model/stix.js';
import { INDICATOR_TYPES, type IndicatorType, type ThreatIndicator } from '../model/threat-indicator.js';

/**
 * Reads threat indicators from the files `import-indicators` takes: STIX 2.x bundles (indicator objects whose
 * pattern compares one observable, `[ipv4-addr:value = '203.0.113.7']`) and CSV with a header row
 * (`indicator,type[,actors,confidence,threat_type,valid_from,valid_until,id]`). Errors name the object or the
 * row and column; nothing of a bad file is imported.
 */

const invalid = (file: string, where: string, message: string) => new AppError('indicators.invalid', `${file}: ${where}: ${message}`);

export interface IndicatorFile {
  indicators: ThreatIndicator[];
  /** Indicator objects whose pattern is not one observable compared with `=` (kept out, counted). */
  skipped: number;
}

export function readStixBundle(text: string, file: string, source: string): IndicatorFile {
  let bundle: unknown;
  try {
    bundle = JSON.parse(text);
  } catch (error) {
    throw invalid(file, 'line 1', `not valid JSON (${error instanceof Error ? error.message : 'parse error'})`);
  }
  const objects = (bundle as { type?: unknown; objects?: unknown })?.objects;
  if ((bundle as { type?: unknown })?.type !== 'bundle' || !Array.isArray(objects))
    throw invalid(file, 'the top level', 'a STIX 2.x bundle ({"type": "bundle", "objects": […]}) was expected');
  const result: IndicatorFile = { indicators: [], skipped: 0 };
  for (const o of objects) {
    if (o === null || typeof o !== 'object' || (o as { type?: unknown }).type !== 'indicator') continue;
    const read = fromStixObject(o as Record<string, unknown>, file, source);
    if (read === 'skipped') result.skipped++;
    else result.indicators.push(read);
  }
  return result;
}

const CSV_COLUMNS = ['indicator', 'type', 'actors', 'confidence', 'threat_type', 'valid_from', 'valid_until', 'id'] as const;

function csvRow(line: string, file: string, row: number): string[] {
  const fields = csvFields(line);
  if (!Array.isArray(fields)) throw invalid(file, `row ${row}, column ${fields.column}`, fields.reason);
  return fields;
}

export function readIndicatorCsv(text: string, file: string, source: string): IndicatorFile {
  const lines = text.split(/\r?\n/);
  const header = csvRow(lines[0] ?? '', file, 1).map((h) => h.trim().toLowerCase());
  header.forEach((h, n) => {
    if (!(CSV_COLUMNS as readonly string[]).includes(h))
      throw invalid(file, `row 1, column ${n + 1}`, `unknown column '${h}'; the columns are ${CSV_COLUMNS.join(', ')}`);
  });
  for (const required of ['indicator', 'type'] as const)
    if (!header.includes(required)) throw invalid(file, 'row 1', `the header needs a '${required}' column`);
  const indicators: ThreatIndicator[] = [];
  lines.slice(1).forEach((line, k) => {
    const row = k + 2;
    if (line.trim() === '') return;
    const values = csvRow(line, file, row);
    if (values.length !== header.length)
      throw invalid(file, `row ${row}`, `${values.length} columns where the header has ${header.length}`);
    const get = (c: (typeof CSV_COLUMNS)[number]) => {
      const n = header.indexOf(c);
      return n < 0 ? '' : values[n].trim();
    };
    const at = (c: (typeof CSV_COLUMNS)[number]) => `row ${row}, column ${header.indexOf(c) + 1} (${c})`;
    const type = get('type') as IndicatorType;
    if (!INDICATOR_TYPES.includes(type)) throw invalid(file, at('type'), `unknown type '${type}'; one of ${INDICATOR_TYPES.join(', ')}`);
    const c = get('confidence');
    const confidence = c === '' ? null : Number(c);
    if (confidence !== null && !(Number.isInteger(confidence) && confidence >= 0 && confidence <= 100))
      throw invalid(file, at('confidence'), 'confidence must be a whole number from 0 to 100');
    const record = Object.fromEntries(header.map((h, n) => [h, values[n]]));
    indicators.push({
      source,
      id: get('id') || `${type}|${get('indicator').toLowerCase()}`,
      indicator: checkedIndicatorValue(get('indicator'), file, at('indicator')),
      type,
      actors: get('actors') || null,
      confidence,
      threatType: get('threat_type') || null,
      killChain: null,
      validFrom: stixTime(get('valid_from'), file, at('valid_from'), 'valid_from'),
      validUntil: stixTime(get('valid_until'), file, at('valid_until'), 'valid_until'),
      raw: JSON.stringify(record),
    });
  });
  return { indicators, skipped: 0 };
}
