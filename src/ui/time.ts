/** Time ranges as the UI offers them: relative (`-15m`, `-24h`, `-7d`) or absolute epoch ms. */

export interface TimeRange {
  /** `-7d` style, or an ISO time. */
  from: string;
  /** `now`, or an ISO time. */
  to: string;
}

export const PRESETS: { label: string; from: string }[] = [
  { label: 'Last 15 minutes', from: '-15m' },
  { label: 'Last 60 minutes', from: '-60m' },
  { label: 'Last 24 hours', from: '-24h' },
  { label: 'Last 7 days', from: '-7d' },
  { label: 'Last 30 days', from: '-30d' },
];

const UNIT_MS: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

/** Returns epoch ms, or undefined when the text is neither relative nor a date. */
export function parseTime(text: string, now: number): number | undefined {
  const t = text.trim();
  if (t === '' || t === 'now') return now;
  const rel = /^-(\d+)([smhdw])$/.exec(t);
  if (rel) return now - Number(rel[1]) * UNIT_MS[rel[2]];
  const ms = Date.parse(t);
  return Number.isNaN(ms) ? undefined : ms;
}

export function resolveRange(range: TimeRange, now = Date.now()): { from: number; to: number } | string {
  const from = parseTime(range.from, now);
  const to = parseTime(range.to, now);
  if (from === undefined) return `From: "${range.from}" is not a time (use -15m, -24h, -7d or a date)`;
  if (to === undefined) return `To: "${range.to}" is not a time (use now or a date)`;
  if (from >= to) return 'From must be before To';
  return { from, to };
}

export function formatTime(value: number | string | null | undefined): string {
  if (value === null || value === undefined || value === '') return '';
  const ms = typeof value === 'number' ? value : /^\d+$/.test(value) ? Number(value) : Date.parse(value);
  if (Number.isNaN(ms)) return String(value);
  return new Date(ms)
    .toISOString()
    .replace('T', ' ')
    .replace(/\.\d+Z$/, ' UTC');
}
