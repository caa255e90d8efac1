import { readFileSync } from 'node:fs';

const VISUALS: Record<string, string> = {
  'single value': 'singleValue',
  'line, daily': 'line',
  bar: 'bar',
  pie: 'pie',
  table: 'table',
  'world map': 'map',
};

export interface DocumentedDashboard {
  title: string;
  filters: string[];
  panels: { title: string; visual: string | undefined }[];
}

/**
 * The dashboards of docs/app.md, the app's definition in words: `### title`, a `Filters:` line, then a
 * table of panel | visualisation | what it computes.
 */
export function documentedDashboards(): DocumentedDashboard[] {
  const doc = readFileSync(new URL('../../../docs/app.md', import.meta.url), 'utf8');
  return doc
    .split(/^### /m)
    .slice(1)
    .filter((s) => s.startsWith('Mimecast - '))
    .map((section) => {
      const lines = section.split('\n');
      const filters = [...(lines.find((l) => l.startsWith('Filters:')) ?? '').matchAll(/`([^`]+)`/g)].map((m) => m[1]);
      const panels = lines
        .filter((l) => l.startsWith('| ') && !l.startsWith('| panel') && !l.startsWith('| ---'))
        .map((l) => l.split('|').map((c) => c.trim()))
        .map((cells) => ({ title: cells[1], visual: VISUALS[cells[2]] }));
      return { title: lines[0].trim(), filters, panels };
    });
}
