import { useMemo, useState } from 'react';
import type { ChartType, DashboardPanel } from '../../model/dashboard.js';
import { barOption, columnOption, labelFieldOf, lineOption, mapOption, pieOption, valueFieldOf } from '../chart-options.js';
import { seriesOf } from '../chart-series.js';
import type { PanelResult } from '../panels.js';
import type { CellValue, TypedRow } from '../search.js';
import { columnsOf, DataTable } from './DataTable.js';
import { EChart, ensureWorldMap } from './EChart.js';

/** A table panel pages through every row, as Sumo's do; this many to a page. */
export const TABLE_PAGE_ROWS = 25;

/** A honeycomb draws one cell per row; past this many the cells would be too small to read. */
const HONEYCOMB_CELLS = 200;

const text = (v: CellValue | undefined) => (v === null || v === undefined || v === '' ? '(none)' : String(v));

/** The rows of one panel drawn as its chart type: every value is text to React, tooltips are canvas text. */
export function PanelChart({ panel, kind, result }: { panel: DashboardPanel; kind: ChartType; result: PanelResult }) {
  const { rows, fields } = result;
  const settings = panel.visualSettings;
  const valueField = valueFieldOf(rows, fields, settings.valueField);
  const labelField = labelFieldOf(rows, valueField, settings.labelField);
  const option = useMemo(() => {
    if (!rows.length || !valueField || !labelField) return undefined;
    if (kind === 'bar') return barOption(rows, labelField, valueField);
    if (kind === 'pie') return pieOption(rows, labelField, valueField);
    if (kind === 'column' || kind === 'line' || kind === 'area') {
      // Time goes along the x axis when the rows have it, as in Sumo, whatever order the query grouped by.
      const x = settings.labelField || !rows.some((r) => '_timeslice' in r) ? labelField : '_timeslice';
      const set = seriesOf(rows, fields, x, valueField, settings.valueField !== undefined);
      return kind === 'column' ? columnOption(set) : lineOption(set, kind === 'area');
    }
    if (kind === 'map') {
      ensureWorldMap();
      return mapOption(rows, valueField);
    }
    return undefined;
  }, [rows, fields, kind, labelField, valueField, settings.labelField, settings.valueField]);

  if (!rows.length) return <div className="panel-message panel-empty">No data in this time range</div>;
  if (kind === 'svp') {
    const value = valueField ? rows[0][valueField] : undefined;
    return (
      <div className="single-value" data-value={value === null || value === undefined ? '' : String(value)}>
        {value === undefined || value === null ? '—' : typeof value === 'number' ? value.toLocaleString('en-US') : String(value)}
      </div>
    );
  }
  if (kind === 'table') return <PagedTable columns={settings.columns ?? columnsOf(rows, fields)} rows={rows} label={panel.title} />;
  if (kind === 'honeyComb') {
    if (!valueField || !labelField) return <div className="panel-message panel-empty">No data in this time range</div>;
    return <Honeycomb rows={rows} labelField={labelField} valueField={valueField} label={panel.title} />;
  }
  if (!option) return <div className="panel-message panel-empty">No data in this time range</div>;
  return <EChart option={option} label={panel.title} />;
}

function PagedTable({ columns, rows, label }: { columns: string[]; rows: TypedRow[]; label: string }) {
  const [page, setPage] = useState(0);
  const pages = Math.max(1, Math.ceil(rows.length / TABLE_PAGE_ROWS));
  const current = Math.min(page, pages - 1);
  const start = current * TABLE_PAGE_ROWS;
  return (
    <div className="paged-table">
      <DataTable columns={columns} rows={rows.slice(start, start + TABLE_PAGE_ROWS)} label={label} />
      {pages > 1 ? (
        <nav className="pager" aria-label={`${label} pages`}>
          <button type="button" disabled={current === 0} onClick={() => setPage(current - 1)}>
            Previous
          </button>
          <span>
            {start + 1}–{Math.min(rows.length, start + TABLE_PAGE_ROWS)} of {rows.length}
          </span>
          <button type="button" disabled={current >= pages - 1} onClick={() => setPage(current + 1)}>
            Next
          </button>
        </nav>
      ) : null}
    </div>
  );
}

/** Sumo's honeycomb: a hexagon per row, darker for a larger value, its label and value inside. */
function Honeycomb({ rows, labelField, valueField, label }: { rows: TypedRow[]; labelField: string; valueField: string; label: string }) {
  const cells = rows.slice(0, HONEYCOMB_CELLS);
  const values = cells.map((r) => (typeof r[valueField] === 'number' ? (r[valueField] as number) : 0));
  const max = Math.max(1, ...values);
  return (
    <ul className="honeycomb" aria-label={label}>
      {cells.map((row, i) => (
        <li
          // biome-ignore lint/suspicious/noArrayIndexKey: rows are a fixed snapshot with no identity of their own
          key={i}
          className="hex"
          style={{ backgroundColor: `rgba(47, 111, 222, ${0.25 + 0.75 * (values[i] / max)})` }}
          title={`${text(row[labelField])}: ${text(row[valueField])}`}
        >
          <span className="hex-label">{text(row[labelField])}</span>
          <span className="hex-value">{text(row[valueField])}</span>
        </li>
      ))}
    </ul>
  );
}
