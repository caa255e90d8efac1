import { AppError } from '../core/errors.js';
import { csvFields } from '../model/csv.js';
import { INDICATOR_LIMITS, INDICATOR_TYPES, type IndicatorType, type ThreatIndicator } from '../model/threat-indicator.js';

/**
 * Reads threat indicators from the files `import-indicators` takes: STIX 2.x bundles (indicator objects whose
 * pattern compares one observable, `[ipv4-addr:value = '203.0.113.7']`) and CSV with a header row
 * (`indicator,type[,actors,confidence,threat_type,valid_from,valid_until,id]`). Errors name the object or the
 * row and column; nothing of a bad file is imported.
 */

const invalid = (file: string, where: string, message: string) => new AppError('indicators.invalid', `${file}: ${where}: ${message}`);

/** STIX observable paths → our types (the hash names as STIX writes them, quoted or not). */
const STIX_PATHS: Record<string, IndicatorType> = {
  'ipv4-addr:value': 'ipv4-addr:value',
  'ipv6-addr:value': 'ipv6-addr:value',
  'domain-name:value': 'domain-name:value',
  'url:value': 'url:value',
  'email-addr:value': 'email-addr:value',
  'file:hashes.md5': "file:hashes.'MD5'",
  'file:hashes.sha-1': "file:hashes.'SHA-1'",
  'file:hashes.sha1': "file:hashes.'SHA-1'",
  'file:hashes.sha-256': "file:hashes.'SHA-256'",
  'file:hashes.sha256': "file:hashes.'SHA-256'",
};

/** `[path = 'value']` with nothing else: the patterns an indicator table can match exactly. */
const SIMPLE_PATTERN = /^\[\s*([a-z0-9-]+:[a-z0-9_.'-]+)\s*=\s*'((?:[^'\\]|\\.)*)'\s*\]$/i;

function time(text: unknown, file: string, where: string, field: string): number | null {
  if (text === undefined || text === null || text === '') return null;
  const ms = typeof text === 'string' ? Date.parse(text) : Number.NaN;
  if (Number.isNaN(ms)) throw invalid(file, where, `${field} is not a timestamp (RFC 3339, e.g. 2026-01-31T00:00:00Z)`);
  return ms;
}

function checkedValue(value: string, file: string, where: string): string {
  const v = value.trim();
  if (v === '') throw invalid(file, where, 'the indicator value is empty');
  if (v.length > INDICATOR_LIMITS.maxValueLength)
    throw invalid(file, where, `the indicator value is longer than ${INDICATOR_LIMITS.maxValueLength} characters`);
  return v;
}

function fromStixObject(o: Record<string, unknown>, file: string, source: string): ThreatIndicator | 'skipped' {
  const id = typeof o.id === 'string' ? o.id : '';
  const where = `object ${id || '(without id)'}`;
  if (!id) throw invalid(file, where, 'an indicator needs an id');
  if (typeof o.pattern !== 'string') throw invalid(file, where, 'an indicator needs a pattern');
  if (o.pattern_type !== undefined && o.pattern_type !== 'stix') return 'skipped';
  const m = SIMPLE_PATTERN.exec(o.pattern.trim());
  const type = m ? STIX_PATHS[m[1].toLowerCase().replace(/'/g, '')] : undefined;
  if (!m || !type) return 'skipped';
  const confidence = o.confidence === undefined ? null : Number(o.confidence);
  if (confidence !== null && !(Number.isInteger(confidence) && confidence >= 0 && confidence <= 100))
    throw invalid(file, where, 'confidence must be a whole number from 0 to 100');
  const raw = JSON.stringify(o);
  if (Buffer.byteLength(raw) > INDICATOR_LIMITS.maxRawBytes)
    throw invalid(file, where, `the object is larger than ${INDICATOR_LIMITS.maxRawBytes} bytes`);
  const list = (v: unknown) => (Array.isArray(v) && v.length > 0 ? v.map(String).join(',') : null);
  const phases = Array.isArray(o.kill_chain_phases)
    ? o.kill_chain_phases.map((p) => String((p as { phase_name?: unknown }).phase_name))
    : [];
  return {
    source,
    id,
    indicator: checkedValue(m[2].replace(/\\(.)/g, '$1'), file, where),
    type,
    actors: list(o.x_actors ?? o.actors),
    confidence,
    threatType: list(o.indicator_types),
    killChain: phases.length > 0 ? phases.join(',') : null,
    validFrom: time(o.valid_from, file, where, 'valid_from'),
    validUntil: time(o.valid_until, file, where, 'valid_until'),
    raw,
  };
}

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
      indicator: checkedValue(get('indicator'), file, at('indicator')),
      type,
      actors: get('actors') || null,
      confidence,
      threatType: get('threat_type') || null,
      killChain: null,
      validFrom: time(get('valid_from'), file, at('valid_from'), 'valid_from'),
      validUntil: time(get('valid_until'), file, at('valid_until'), 'valid_until'),
      raw: JSON.stringify(record),
    });
  });
  return { indicators, skipped: 0 };
}
