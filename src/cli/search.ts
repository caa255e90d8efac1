import { AppError } from '../core/errors.js';
import { explainQuery } from '../query/index.js';
import type { ResultRow } from '../query/post.js';
import { valueToString } from '../query/values.js';
import { resolveRange } from '../search/time-range.js';
import { parseCommandArgs } from './args.js';
import type { CommandIO } from './io.js';
import { openCliServices } from './open-cli-services.js';

const HELP = `Usage:
  mimecast-c2c search 'QUERY' [--from -24h] [--to now] [--time-zone UTC] [--data DIR | --db URL]
                              [--format table|json|csv] [--auto-parse] [--explain]

Runs a query (see docs/query-language.md) over the stored messages and prints its messages or records.
--from/--to take now, -15m, -24h, -7d, an ISO time (read in --time-zone) or epoch milliseconds.
--explain prints the compilation stages (tokens, AST, plan, SQL) instead of running the query.
With the embedded store (--data), run this while no server uses that directory.
`;

const CELL_WIDTH = 60;

function table(fields: string[], rows: ResultRow[]): string {
  const cells = rows.map((r) =>
    fields.map((f) => {
      const text = (valueToString(r[f]) ?? '').replace(/\s+/g, ' ');
      return text.length > CELL_WIDTH ? `${text.slice(0, CELL_WIDTH - 1)}…` : text;
    }),
  );
  const widths = fields.map((f, i) => Math.max(f.length, ...cells.map((c) => c[i].length)));
  const line = (values: string[]) =>
    values
      .map((v, i) => v.padEnd(widths[i]))
      .join('  ')
      .trimEnd();
  return [line(fields), line(widths.map((w) => '-'.repeat(w))), ...cells.map(line)].join('\n');
}

function csvCell(v: unknown): string {
  const text = valueToString(v) ?? '';
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** `--from -24h` reads naturally but looks like an option to parseArgs: join such values to their flag. */
function joinRelativeTimes(args: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) {
    if ((args[i] === '--from' || args[i] === '--to') && /^-\d/.test(args[i + 1] ?? '')) {
      out.push(`${args[i]}=${args[i + 1]}`);
      i++;
    } else {
      out.push(args[i]);
    }
  }
  return out;
}

export async function run(args: string[], io: CommandIO): Promise<number> {
  const { values, positionals } = parseCommandArgs(
    'search',
    joinRelativeTimes(args),
    {
      from: { type: 'string', default: '-24h' },
      to: { type: 'string', default: 'now' },
      'time-zone': { type: 'string', default: 'UTC' },
      data: { type: 'string' },
      db: { type: 'string' },
      format: { type: 'string', default: 'table' },
      'auto-parse': { type: 'boolean' },
      explain: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
    true,
  );
  if (values.help) {
    io.stdout.write(HELP);
    return 0;
  }
  if (positionals.length !== 1) {
    io.stderr.write(HELP);
    return 2;
  }
  const format = values.format;
  if (format !== 'table' && format !== 'json' && format !== 'csv') throw new AppError('usage', '--format: must be one of table, json, csv');
  const query = positionals[0];
  const request = {
    query,
    from: values.from,
    to: values.to,
    timeZone: values['time-zone'],
    autoParsingMode: values['auto-parse'] ? ('AutoParse' as const) : ('Manual' as const),
  };

  if (values.explain) {
    const range = resolveRange(request, Date.now());
    const stages = explainQuery(query, { dialect: values.db ? 'postgres' : 'duckdb', ...range, autoParse: values['auto-parse'] === true });
    io.stdout.write(
      `== tokens ==\n${stages.tokens}\n\n== AST ==\n${stages.ast}\n\n== plan ==\n${stages.plan}\n\n== SQL ==\n${stages.sql}\n`,
    );
    return 0;
  }

  const opened = await openCliServices('search', values, io);
  try {
    const result = await opened.services.search.run(request);
    const fields = result.fields.map((f) => f.name);
    if (format === 'json') {
      const rows =
        result.kind === 'messages'
          ? result.rows
          : result.rows.map((r) => Object.fromEntries(fields.filter((f) => f in r).map((f) => [f, r[f]])));
      io.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
    } else if (format === 'csv') {
      io.stdout.write(
        `${[fields.map(csvCell).join(','), ...result.rows.map((r) => fields.map((f) => csvCell(r[f])).join(','))].join('\n')}\n`,
      );
    } else {
      io.stdout.write(`${table(fields, result.rows)}\n(${result.rows.length} ${result.kind === 'records' ? 'records' : 'messages'})\n`);
    }
    return 0;
  } finally {
    await opened.close();
  }
}
