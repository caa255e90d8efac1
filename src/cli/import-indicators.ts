import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { AppError } from '../core/errors.js';
import type { ThreatIndicator } from '../model/threat-indicator.js';
import type { ThreatIndicatorsRepository } from '../store/repositories.js';
import { parseCommandArgs } from './args.js';
import { type IndicatorFile, readIndicatorCsv, readStixBundle } from './indicator-files.js';
import type { CommandIO } from './io.js';
import { openCliServices } from './open-cli-services.js';

const HELP = `Usage:
  mimecast-c2c import-indicators [--source NAME] [--data DIR | --db URL] FILE…

Loads threat-intelligence indicators for the threat lookups of the query language (lookup … from
sumo://threat/cs, threatip, threatlookup): STIX 2.x bundles (.json; indicator objects whose pattern compares
one observable: [ipv4-addr:value = '…'], ipv6-addr, domain-name, url, email-addr, file:hashes.MD5/SHA-1/SHA-256)
or CSV (.csv; a header row with indicator and type, optionally actors, confidence, threat_type, valid_from,
valid_until, id). The source (threatlookup's _threatlookup.source) is NAME, else each file's name without its
extension. An indicator of the same source and id is replaced. Every file is read and checked before anything
is stored; a bad file stores nothing and the error names the object or the row and column.
`;

const WRITE_BATCH = 5_000;

export interface IndicatorImportSummary {
  read: number;
  skipped: number;
  stored: number;
}

/** Reads every file, then upserts their indicators in batches, reporting progress as it goes. */
export async function importIndicatorFiles(
  repo: Pick<ThreatIndicatorsRepository, 'upsert'>,
  files: string[],
  options: { source?: string; progress?: (line: string) => void },
): Promise<IndicatorImportSummary> {
  const all: ThreatIndicator[] = [];
  let skipped = 0;
  for (const file of files) {
    try {
      await stat(file);
    } catch {
      throw new AppError('usage', `${file}: no such file`);
    }
    const text = await readFile(file, 'utf8');
    const source = options.source ?? path.basename(file, path.extname(file));
    const read: IndicatorFile = file.toLowerCase().endsWith('.csv')
      ? readIndicatorCsv(text, file, source)
      : readStixBundle(text, file, source);
    options.progress?.(
      `${file}: ${read.indicators.length} indicators${read.skipped ? `, ${read.skipped} skipped (patterns other than one observable = value)` : ''}`,
    );
    all.push(...read.indicators);
    skipped += read.skipped;
  }
  let stored = 0;
  for (let start = 0; start < all.length; start += WRITE_BATCH) {
    stored += await repo.upsert(all.slice(start, start + WRITE_BATCH));
    options.progress?.(`stored ${stored} of ${all.length}`);
  }
  return { read: all.length, skipped, stored };
}

export async function run(args: string[], io: CommandIO): Promise<number> {
  const { values, positionals } = parseCommandArgs(
    'import-indicators',
    args,
    { source: { type: 'string' }, data: { type: 'string' }, db: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
    true,
  );
  if (values.help) {
    io.stdout.write(HELP);
    return 0;
  }
  if (values.source !== undefined && (values.source.trim() === '' || values.source.length > 128))
    throw new AppError('usage', '--source must be 1 to 128 characters');
  if (positionals.length === 0) throw new AppError('usage', 'name at least one FILE to import');
  const opened = await openCliServices('import-indicators', values, io);
  try {
    const summary = await importIndicatorFiles(opened.store.threatIndicators, positionals, {
      source: values.source?.trim(),
      progress: (line) => io.stderr.write(`import-indicators: ${line}\n`),
    });
    io.stdout.write(`read ${summary.read}, stored ${summary.stored}, skipped ${summary.skipped}\n`);
    return 0;
  } finally {
    await opened.close();
  }
}
