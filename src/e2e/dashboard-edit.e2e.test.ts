import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Browser, launchBrowser } from './browser.js';
import { type Child, killAll, repoRoot, runCli, startServeProcess } from './processes.js';

/**
 * The dashboard editor in a real browser against a real `serve` on imported messages: a dashboard made
 * from a search, its panel edited (title, chart type, a panel filter), a panel added, moved and resized,
 * saved and read back; a save over someone else's refused; a new empty dashboard; panels the UI cannot
 * draw or whose query does not compile saying so in place.
 */

const SCREENSHOTS = path.join(repoRoot, 'test-results');
const QUERY = '_sourceCategory=mimecast | json "action" | where action matches "{{action}}" | count by action | sort by action';

let dataDir: string;
let server: Child;
let browser: Browser;
let page: Page;
let dashboardUrl: string;

/** The dashboards API from inside the page, with its session cookie (what a second editor would do). */
function inPage<T>(method: string, url: string, body?: unknown): Promise<T> {
  return page.evaluate(
    async ([m, u, b]) => {
      const r = await fetch(u as string, {
        method: m as string,
        headers: b ? { 'Content-Type': 'application/json' } : {},
        body: b ? JSON.stringify(b) : undefined,
      });
      return r.json();
    },
    [method, url, body] as const,
  ) as Promise<T>;
}

const panel = (title: string) => page.locator(`section.panel[data-panel-title="${title}"]`);
const cellOf = (title: string) => page.locator('.grid-cell', { has: panel(title) });
const place = async (title: string) => ((await cellOf(title).getAttribute('data-place')) ?? '').split(',').map(Number);

async function drag(handle: ReturnType<Page['locator']>, dx: number, dy: number) {
  const box = await handle.boundingBox();
  if (!box) throw new Error('the handle is not on the page');
  const [x, y] = [box.x + box.width / 2, box.y + box.height / 2];
  await page.mouse.move(x, y);
  await page.mouse.down();
  await page.mouse.move(x + dx, y + dy, { steps: 6 });
  await page.mouse.up();
}

beforeAll(async () => {
  if (!existsSync(path.join(repoRoot, 'dist', 'ui', 'index.html'))) {
    throw new Error('dist/ui is missing: build the UI first (npm run build:ui; npm test does it before the tests)');
  }
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'mc2c-dashboard-ui-'));
  await mkdir(SCREENSHOTS, { recursive: true });
  const now = Date.now();
  const events = ['Rej', 'Rej', 'Acc', 'Acc', 'Acc'].map((action, i) => ({ timestamp: now - 60_000 + i, action }));
  const file = path.join(dataDir, 'events.ndjson');
  await writeFile(file, `${events.map((e) => JSON.stringify(e)).join('\n')}\n`);
  const imported = await runCli(['import', '--category', 'mimecast', '--source', 'mimecast', '--data', dataDir, file]);
  if (imported.code !== 0) throw new Error(`import failed: ${imported.stderr}`);
  // Thirty distinct values for a table that pages.
  const many = path.join(dataDir, 'many.ndjson');
  await writeFile(many, `${Array.from({ length: 30 }, (_, n) => JSON.stringify({ timestamp: now - 60_000 + n, n })).join('\n')}\n`);
  const importedMany = await runCli(['import', '--category', 'many', '--source', 'many', '--data', dataDir, many]);
  if (importedMany.code !== 0) throw new Error(`import failed: ${importedMany.stderr}`);
  const created = await runCli(['access-keys', 'create', '--name', 'ui', '--data', dataDir, '--json']);
  if (created.code !== 0) throw new Error(`access-keys create failed: ${created.stderr}`);
  const key = JSON.parse(created.stdout);
  server = await startServeProcess(dataDir, {});
  browser = await launchBrowser();
  page = await browser.context.newPage();
  page.setDefaultTimeout(30_000);
  await page.setViewportSize({ width: 1400, height: 1000 });
  await page.goto(server.url);
  await page.getByLabel('Access ID').fill(key.accessId);
  await page.getByLabel('Access Key').fill(key.accessKey);
  await page.getByRole('button', { name: 'Sign In' }).click();
  await page.getByRole('heading', { name: 'Collection' }).waitFor();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await killAll();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

describe('editing dashboards in the web UI', { timeout: 120_000 }, () => {
  it('makes a dashboard from a search with Add to Dashboard', async () => {
    await page.goto(`${server.url}/#/search?q=${encodeURIComponent(QUERY)}&from=-24h&to=now`);
    await page.getByRole('button', { name: 'Add to Dashboard' }).click();
    const dialog = page.getByRole('dialog', { name: 'Add to Dashboard' });
    await dialog.locator('input[name="panelTitle"]').fill('Actions');
    await dialog.locator('select[name="chartType"]').selectOption('table');
    await dialog.locator('input[name="dashboardTitle"]').fill('Triage <b>board</b>');
    await dialog.getByRole('button', { name: 'Add' }).click();
    await page.getByRole('heading', { name: 'Triage <b>board</b>' }).waitFor();
    dashboardUrl = page.url();
    const rows = panel('Actions').locator('tbody tr');
    await expect.poll(() => rows.allTextContents()).toEqual(['Rej2', 'Acc3']);
    // The search's relative range became the panel's own.
    expect(await panel('Actions').getByRole('list', { name: 'Panel filters' }).textContent()).toBe('time: -24h');
  });

  it('edits a panel with a panel filter, adds one, moves and resizes them, and saves', async () => {
    await page.getByRole('button', { name: 'Edit Dashboard' }).click();
    await panel('Actions').getByRole('button', { name: 'Edit' }).click();
    const editor = page.getByRole('dialog', { name: 'Edit panel Actions' });
    await editor.locator('input[name="title"]').fill('Rejected');
    await editor.locator('input[name="panelFilter-action"]').fill('Rej');
    await editor.getByRole('button', { name: 'Apply' }).click();
    await expect.poll(() => panel('Rejected').locator('tbody tr').allTextContents()).toEqual(['Rej2']);

    await page.getByRole('button', { name: 'Add Panel' }).click();
    const adder = page.getByRole('dialog', { name: 'Add panel' });
    await adder.locator('input[name="title"]').fill('All messages');
    await adder.locator('textarea[name="query"]').fill('_sourceCategory=mimecast | count');
    await adder.locator('select[name="chartType"]').selectOption('svp');
    await adder.locator('input[name="timeRange"]').fill('-1h');
    await adder.getByRole('button', { name: 'Apply' }).click();
    await expect.poll(() => panel('All messages').locator('.single-value').getAttribute('data-value')).toBe('5');

    expect(await place('Rejected')).toEqual([0, 0, 12, 8]);
    await drag(page.getByRole('button', { name: 'Move Rejected' }), 300, 0);
    const [x] = await place('Rejected');
    expect(x).toBeGreaterThan(0);
    await drag(page.getByRole('button', { name: 'Resize All messages' }), -200, -100);
    const [, , width, height] = await place('All messages');
    expect(width).toBeLessThan(12);
    expect(height).toBeLessThan(8);
    // The keyboard moves a panel one cell at a time.
    await page.getByRole('button', { name: 'Move All messages' }).press('ArrowRight');
    expect((await place('All messages'))[0]).toBe(1);

    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('button', { name: 'Edit Dashboard' }).waitFor();
    await page.screenshot({ path: path.join(SCREENSHOTS, 'dashboard-edit.png'), fullPage: true });
    const saved = { rejected: await place('Rejected'), all: await place('All messages') };

    await page.reload();
    await expect.poll(() => panel('Rejected').locator('tbody tr').allTextContents()).toEqual(['Rej2']);
    expect(await place('Rejected')).toEqual(saved.rejected);
    expect(await place('All messages')).toEqual(saved.all);
    expect(await panel('Rejected').getByRole('list', { name: 'Panel filters' }).textContent()).toContain('action = Rej');
  });

  it('refuses a save over another editor’s and shows the panels it cannot draw', async () => {
    await page.getByRole('button', { name: 'Edit Dashboard' }).click();
    await panel('All messages').getByRole('button', { name: 'Delete' }).click();
    await page.getByRole('dialog', { name: 'Delete panel' }).getByRole('button', { name: 'Delete' }).click();
    await panel('All messages').waitFor({ state: 'detached' });

    // Meanwhile someone else saves the dashboard with two panels of their own.
    const id = new URL(dashboardUrl).hash.split('/')[2];
    const theirs = await inPage<Record<string, unknown> & { panels: unknown[] }>('GET', `/api/v2/dashboards/${id}`);
    const extra = (key: string, title: string, type: string, query: string) => ({
      key,
      title,
      panelType: 'SumoSearchPanel',
      visualSettings: { general: { type } },
      queries: [{ queryKey: 'A', queryString: query, queryType: 'Logs' }],
    });
    await inPage('PUT', `/api/v2/dashboards/${id}`, {
      ...theirs,
      panels: [
        ...theirs.panels,
        extra('sankey1', 'Flows', 'sankey', '_sourceCategory=mimecast | count'),
        extra('broken1', 'Broken', 'table', '_sourceCategory=mimecast | count by'),
        extra('honey1', 'Honey', 'honeyComb', '_sourceCategory=mimecast | json "action" | count by action'),
        extra('column1', 'Columns', 'column', '_sourceCategory=mimecast | json "action" | count by action'),
        extra('area1', 'Area', 'area', '_sourceCategory=many | timeslice 1m | count by _timeslice'),
        extra('series1', 'Series', 'line', '_sourceCategory=mimecast | json "action" | timeslice 1m | count by action, _timeslice'),
        extra(
          'transposed1',
          'Transposed',
          'column',
          '_sourceCategory=mimecast | json "action" | timeslice 1m | count by _timeslice, action | transpose row _timeslice column action',
        ),
        extra('many1', 'Many', 'table', '_sourceCategory=many | json "n" | count by n | sort by n asc'),
      ],
    });

    await page.getByRole('button', { name: 'Save' }).click();
    const conflict = page.locator('[data-conflict="true"]');
    await expect.poll(() => conflict.textContent()).toMatch(/Someone else changed this dashboard/);
    await conflict.getByRole('button', { name: 'Reload' }).click();
    await panel('All messages').waitFor();
    await expect.poll(() => panel('Flows').textContent()).toMatch(/Chart type sankey is not supported/);
    await expect.poll(() => panel('Broken').getByRole('alert').textContent()).toMatch(/.+/);
    await expect.poll(() => panel('Honey').locator('.hex').allTextContents()).toEqual(['Acc3', 'Rej2']);
    await panel('Columns').locator('canvas').waitFor();
    await panel('Area').locator('canvas').waitFor();
    // One series per group, grouped by action or transposed into a column per action.
    const seriesOf = async (title: string) => ((await panel(title).getByRole('img').getAttribute('data-series')) ?? '').split('\n').sort();
    await expect.poll(() => seriesOf('Series')).toEqual(['Acc', 'Rej']);
    await expect.poll(() => seriesOf('Transposed')).toEqual(['Acc', 'Rej']);
    // A table pages through every row the query answers.
    const pager = panel('Many').getByRole('navigation', { name: 'Many pages' });
    await expect.poll(() => pager.textContent()).toMatch(/1–25 of 30/);
    await pager.getByRole('button', { name: 'Next' }).click();
    expect(await panel('Many').locator('tbody tr').count()).toBe(5);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'dashboard-chart-types.png'), fullPage: true });
  });

  it('creates a dashboard from the library and edits its title, description, time range and filters', async () => {
    const personal = await inPage<{ id: string }>('GET', '/api/v2/content/folders/personal');
    await page.goto(`${server.url}/#/library/${personal.id}`);
    await page.getByRole('link', { name: 'New Dashboard' }).click();
    expect(page.url()).toContain(`#/dashboards/new?folderId=${personal.id}`);
    await page.locator('input[name="title"]').fill('Blank');
    await page.getByRole('button', { name: 'Create dashboard' }).click();
    await page.getByRole('heading', { name: 'Blank' }).waitFor();
    await page.getByText('No panels yet').waitFor();

    await page.getByRole('button', { name: 'Settings' }).click();
    const settings = page.getByRole('dialog', { name: 'Dashboard settings' });
    await settings.locator('input[name="title"]').fill('Mail <i>flow</i>');
    await settings.locator('input[name="description"]').fill('Actions {{seen}}');
    await settings.locator('input[name="timeRange"]').fill('-24h');
    await settings.getByRole('button', { name: 'Add filter' }).click();
    const filter = settings.getByRole('group', { name: 'Filter 1' });
    await filter.getByLabel('Name').fill('1action');
    await settings.getByRole('button', { name: 'Apply' }).click();
    await settings.getByText('Filter 1: the name must be').waitFor();
    await filter.getByLabel('Name').fill('action');
    await filter.getByLabel('Label').fill('Action');
    await filter.getByLabel('Default value').fill('Rej');
    await filter.getByLabel('Values').fill('Rej, Acc');
    await settings.getByRole('button', { name: 'Apply' }).click();
    await page.getByRole('heading', { name: 'Mail <i>flow</i>' }).waitFor();
    expect(await page.getByLabel('Time range').inputValue()).toBe('-24h');
    const bar = page.getByRole('form', { name: 'Filters' });
    expect(await bar.getByLabel('Action').inputValue()).toBe('Rej');

    await page.getByRole('button', { name: 'Add Panel' }).click();
    const adder = page.getByRole('dialog', { name: 'Add panel' });
    await adder.locator('input[name="title"]').fill('By action');
    await adder.locator('textarea[name="query"]').fill(QUERY);
    await adder.getByRole('button', { name: 'Apply' }).click();
    await expect.poll(() => panel('By action').locator('tbody tr').allTextContents()).toEqual(['Rej2']);
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('button', { name: 'Edit Dashboard' }).waitFor();

    // Read back from the server, without the ?edit=1 the new dashboard was opened with.
    await page.goto(page.url().split('?')[0]);
    await page.reload();
    await page.getByRole('heading', { name: 'Mail <i>flow</i>' }).waitFor();
    await page.getByText('Actions {{seen}}').waitFor();
    expect(await page.getByLabel('Time range').inputValue()).toBe('-24h');
    await bar.getByLabel('Action').fill('Acc');
    await bar.getByRole('button', { name: 'Apply filters' }).click();
    await expect.poll(() => panel('By action').locator('tbody tr').allTextContents()).toEqual(['Acc3']);

    // Removing the filter: the panel's {{action}} then has no value, and the bar goes.
    await page.getByRole('button', { name: 'Edit Dashboard' }).click();
    await page.getByRole('button', { name: 'Settings' }).click();
    await settings.getByRole('group', { name: 'Filter 1' }).getByRole('button', { name: 'Remove' }).click();
    await settings.getByRole('button', { name: 'Apply' }).click();
    await bar.waitFor({ state: 'detached' });
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('button', { name: 'Edit Dashboard' }).waitFor();
    const folder = await inPage<{ children: { id: string; name: string }[] }>('GET', `/api/v2/content/folders/${personal.id}`);
    expect(folder.children.map((c) => c.name)).toEqual(['Triage <b>board</b>', 'Mail <i>flow</i>']);
    const saved = await inPage<{ variables: unknown[]; timeRange: { from: { relativeTime: string } } }>(
      'GET',
      `/api/v2/dashboards/${folder.children[1].id}`,
    );
    expect(saved.variables).toEqual([]);
    expect(saved.timeRange.from.relativeTime).toBe('-24h');
    await page.screenshot({ path: path.join(SCREENSHOTS, 'dashboard-settings.png'), fullPage: true });
  });
});
