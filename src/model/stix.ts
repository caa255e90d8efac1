import { AppError } from '../core/errors.js';
import { INDICATOR_LIMITS, type IndicatorType, type ThreatIndicator } from './threat-indicator.js';

/**
 * STIX 2.x indicator objects as threat indicators: the one reading shared by `import-indicators` and the
 * Mimecast threat-intel feed. Only patterns that compare one observable (`[ipv4-addr:value = '203.0.113.7']`)
 * become indicators; others are 'skipped'. A malformed object is an `indicators.invalid` error naming it.
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

export function stixTime(text: unknown, file: string, where: string, field: string): number | null {
  if (text === undefined || text === null || text === '') return null;
  const ms = typeof text === 'string' ? Date.parse(text) : Number.NaN;
  if (Number.isNaN(ms)) throw invalid(file, where, `${field} is not a timestamp (RFC 3339, e.g. 2026-01-31T00:00:00Z)`);
  return ms;
}

export function checkedIndicatorValue(value: string, file: string, where: string): string {
  const v = value.trim();
  if (v === '') throw invalid(file, where, 'the indicator value is empty');
  if (v.length > INDICATOR_LIMITS.maxValueLength)
    throw invalid(file, where, `the indicator value is longer than ${INDICATOR_LIMITS.maxValueLength} characters`);
  return v;
}

export function fromStixObject(o: Record<string, unknown>, file: string, source: string): ThreatIndicator | 'skipped' {
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
  if (new TextEncoder().encode(raw).length > INDICATOR_LIMITS.maxRawBytes)
    throw invalid(file, where, `the object is larger than ${INDICATOR_LIMITS.maxRawBytes} bytes`);
  const list = (v: unknown) => (Array.isArray(v) && v.length > 0 ? v.map(String).join(',') : null);
  const phases = Array.isArray(o.kill_chain_phases)
    ? o.kill_chain_phases.map((p) => String((p as { phase_name?: unknown }).phase_name))
    : [];
  return {
    source,
    id,
    indicator: checkedIndicatorValue(m[2].replace(/\\(.)/g, '$1'), file, where),
    type,
    actors: list(o.x_actors ?? o.actors),
    confidence,
    threatType: list(o.indicator_types),
    killChain: phases.length > 0 ? phases.join(',') : null,
    validFrom: stixTime(o.valid_from, file, where, 'valid_from'),
    validUntil: stixTime(o.valid_until, file, where, 'valid_until'),
    raw,
  };
}
