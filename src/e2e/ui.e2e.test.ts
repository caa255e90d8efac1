import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Browser, launchBrowser } from './browser.js';
import { type Child, killAll, repoRoot, runCli, startServeProcess, startSimulatorProcess } from './processes.js';

/**
 * The product as a person uses it, in a real browser against real processes: the simulator, `serve` on a
 * fresh data directory and the UI that `vite build` made (npm test builds it first).
 */

const SCREENSHOTS = path.join(repoRoot, 'test-results');
// Through a locator rather than a function run in the page: this file is node code, type-checked without DOM types.
const panelsLoaded = (page: Page, timeout?: number) =>
  page.locator('section.panel[data-state="loading"]').first().waitFor({ state: 'detached', timeout });
const DASHBOARDS = ['Mimecast - Overview', 'Mimecast - Email Activity Summary', 'Mimecast - Target Threat Protection'];
const CURRENT_DASHBOARDS = [
  'Mimecast - Audit Events Overview',
  'Mimecast - DLP Policy Monitoring',
  'Mimecast - Hold Message Analysis',
  'Mimecast SIEM Logs - Overview',
  'Mimecast SIEM Logs - Threat Protection',
  'Mimecast SIEM Logs - Email Processing and Delivery',
];
const slug = (title: string) => title.toLowerCase().replace(/[^a-z0-9]+/g, '-');

let dataDir: string;
let simulator: Child;
let server: Child;
let browser: Browser;
let page: Page;
let key: { accessId: string; accessKey: string };

beforeAll(async () => {
  if (!existsSync(path.join(repoRoot, 'dist', 'ui', 'index.html'))) {
    throw new Error('dist/ui is missing: build the UI first (npm run build:ui; npm test does it before the tests)');
  }
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'mc2c-ui-e2e-'));
  await mkdir(SCREENSHOTS, { recursive: true });
  const created = await runCli(['access-keys', 'create', '--name', 'ui', '--data', dataDir, '--json']);
  if (created.code !== 0) throw new Error(`access-keys create failed: ${created.stderr}`);
  key = JSON.parse(created.stdout);
  simulator = await startSimulatorProcess(['--seed', '5']);
  server = await startServeProcess(dataDir, { MIMECAST_BASE_URL: simulator.url });
  browser = await launchBrowser();
  page = await browser.context.newPage();
  page.setDefaultTimeout(30_000);
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await killAll();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

const sourceRow = () => page.locator('tr[data-source="Mimecast"]');

async function setFaults(faults: Record<string, unknown>): Promise<void> {
  const res = await fetch(`${simulator.url}/__admin/faults`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(faults),
  });
  if (!res.ok) throw new Error(`setting faults failed: ${res.status} ${await res.text()}`);
}

// Each step waits for real processes on a shared two-core machine: generous time, never a fixed sleep.
describe('the web UI', { timeout: 240_000 }, () => {
  it('signs in with an access key', async () => {
    await page.goto(server.url);
    await page.getByLabel('Access ID').fill(key.accessId);
    await page.getByLabel('Access Key').fill('not-the-key');
    await page.getByRole('button', { name: 'Sign In' }).click();
    await expectVisible(page.locator('.field-error'), /not valid/);

    await page.getByLabel('Access Key').fill(key.accessKey);
    await page.getByRole('button', { name: 'Sign In' }).click();
    await page.getByRole('heading', { name: 'Collection' }).waitFor();
    const cookie = (await browser.context.cookies()).find((c) => c.name === 'mc2c_session');
    expect(cookie?.httpOnly).toBe(true);
    expect(cookie?.sameSite).toBe('Strict');
  });

  it('creates a source through the form; wrong credentials raise a health error that clears after the fix', async () => {
    await page.getByRole('button', { name: 'Add Collector' }).click();
    await page.locator('input[name="collectorName"]').fill('Hosted');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.locator('section[data-collector="Hosted"]').waitFor();
    await page.getByRole('link', { name: 'Add Source' }).click();
    await page.getByRole('heading', { name: 'Add Mimecast Source' }).waitFor();

    // Checked before sending: the errors sit next to their fields.
    await page.getByRole('button', { name: 'Save' }).click();
    await expectVisible(page.locator('[data-field="config.name"]'), /is required/);
    await expectVisible(page.locator('[data-field="config.clientID"]'), /is required/);

    await page.locator('input[name="name"]').fill('Mimecast');
    await page.locator('input[name="category"]').fill('Mimecast');
    await page.locator('input[name="clientID"]').fill('demo-client-id');
    await page.locator('input[name="clientSecret"]').fill('wrong-secret');
    // A newer data type is offered with what it is and the permission it needs.
    const ttpUrl = page.locator('label.checkbox', { has: page.locator('input[name="dataCollection.ttpUrlLogs"]') });
    await expectVisible(ttpUrl, /Needs Monitoring \| URL Protection \| Read/);
    await ttpUrl.locator('input').check();
    await page.getByText('Advanced').click();
    await page.locator('input[name="startTime"]').fill('-24h');

    // A custom field not in the schema is flagged, and can be added to it from the form.
    await page.getByRole('button', { name: '+Add Field' }).click();
    await page.locator('input[name="fieldName0"]').fill('team');
    await page.locator('input[name="fieldValue0"]').fill('soc');
    await page.locator('[data-indicator="missing"]').waitFor();
    await page.getByRole('button', { name: 'Add to schema' }).click();
    await page.locator('[data-indicator="exists"]').waitFor();

    // A processing rule is tested live against the sample event, then removed again.
    await page.getByRole('button', { name: '+Add Rule' }).click();
    await page.locator('input[name="ruleName0"]').fill('mask-recipients');
    await page.locator('input[name="ruleRegexp0"]').fill('"recipients":"([^"]+)"');
    await expectVisible(page.locator('[data-rule-test]'), /"recipients":"#####"/);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'source-form.png'), fullPage: true });
    await page.getByRole('button', { name: 'Remove rule' }).click();

    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('heading', { name: 'Collection' }).waitFor();
    await sourceRow().locator('[data-state="Error"]').waitFor({ timeout: 60_000 });
    await sourceRow().locator('[data-status="Error"]').waitFor({ timeout: 30_000 });
    expect(await sourceRow().locator('[data-status="Error"]').getAttribute('title')).toMatch(/1 error/);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'collection-error.png'), fullPage: true });

    await page.getByRole('link', { name: 'Health Events' }).click();
    await expectVisible(page.getByRole('table', { name: 'Health events' }), /ThirdPartyConfigError/);

    // The API application lacks the DLP and URL Protection permissions: the other data types collect, the
    // source shows a warning.
    await setFaults({ forbidden: ['dlp', 'ttpUrlLogs'] });
    await page.getByRole('link', { name: 'Collection' }).click();
    await sourceRow().getByRole('link', { name: 'Edit' }).click();
    await page.locator('input[name="clientSecret"]').fill('demo-client-secret');
    await page.getByRole('button', { name: 'Save' }).click();
    await sourceRow().locator('[data-state="Collecting"]').waitFor({ timeout: 90_000 });
    await sourceRow().locator('[data-status="Warning"]').waitFor({ timeout: 60_000 });
    await expectVisible(sourceRow().locator('[data-data-type="dlp"]'), /dlp: 403/);
    await expectVisible(sourceRow().locator('[data-data-type="ttpUrlLogs"]'), /ttpUrlLogs: 403/);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'collection-warning.png'), fullPage: true });

    // Granted: a restart collects DLP at once (without one, the next probe would).
    await setFaults({ forbidden: [] });
    await sourceRow().getByRole('button', { name: 'Restart Source' }).click();
    await page.getByRole('button', { name: 'Restart', exact: true }).click();
    await sourceRow().locator('[data-state="Collecting"]').waitFor({ timeout: 90_000 });
    await sourceRow().locator('[data-status="Healthy"]').waitFor({ timeout: 60_000 });
    await page.screenshot({ path: path.join(SCREENSHOTS, 'collection.png'), fullPage: true });
  });

  it('installs the Mimecast app into a new folder', async () => {
    await page.getByRole('link', { name: 'App Catalog' }).click();
    await page
      .getByRole('link', { name: /Mimecast/ })
      .first()
      .click();
    await page.getByTestId('dashboard-preview').waitFor();
    await page.screenshot({ path: path.join(SCREENSHOTS, 'app-catalog.png'), fullPage: true });
    await page.getByRole('button', { name: 'Install App' }).click();
    const dialog = page.getByRole('dialog', { name: 'Install Mimecast' });
    await expect.poll(() => dialog.locator('select[aria-label="Source Category"]').inputValue(), { timeout: 15_000 }).toBe('Mimecast');
    await dialog.getByRole('button', { name: 'New Folder' }).click();
    const folderDialog = page.getByRole('dialog', { name: 'New Folder' });
    await folderDialog.locator('input[name="folderName"]').fill('Security');
    await folderDialog.getByRole('button', { name: 'Create' }).click();
    await expectVisible(dialog.getByTestId('folder-picker'), /Security/);
    // The app installs the detection pack too: its embargoed countries are an install parameter.
    await dialog.locator('input[name="embargoedCountries"]').fill('cu ir kp sy ru');
    await page.screenshot({ path: path.join(SCREENSHOTS, 'install-wizard.png') });
    await dialog.getByRole('button', { name: 'Install' }).click();
    for (const title of DASHBOARDS) await page.getByRole('link', { name: title }).waitFor();
  });

  for (const title of DASHBOARDS) {
    it(`shows data in every panel of ${title}`, async () => {
      await page.getByRole('link', { name: title }).click();
      await page.getByRole('heading', { name: title }).waitFor();
      const panels = page.locator('section.panel');
      await expect.poll(() => panels.count()).toBeGreaterThan(0);
      // Collection runs in the background: refresh until every panel has data (or the time is up).
      await expect
        .poll(
          async () => {
            await panelsLoaded(page, 60_000);
            const empty = await emptyPanels(page);
            if (empty.length) await page.getByRole('button', { name: 'Refresh' }).click();
            return empty;
          },
          { timeout: 120_000, interval: 3000 },
        )
        .toEqual([]);
      await page.screenshot({ path: path.join(SCREENSHOTS, `${slug(title)}.png`), fullPage: true });
      await page.getByRole('link', { name: '← Library' }).click();
    });
  }

  it('filters a dashboard with its variables', async () => {
    await page.getByRole('link', { name: DASHBOARDS[0] }).click();
    await expect.poll(() => page.locator('#var-account_id option').count(), { timeout: 30_000 }).toBeGreaterThan(1);
    const total = page.locator('section.panel[data-panel-title="Total Messages Delivered"] .single-value');
    const all = Number(await total.getAttribute('data-value'));
    await page.locator('.filter-bar input[name="direction"]').fill('inbound');
    await page.getByRole('button', { name: 'Apply filters' }).click();
    // Inbound deliveries are some of all deliveries (the simulator also delivers outbound and internal mail).
    await expect.poll(async () => Number(await total.getAttribute('data-value')), { timeout: 30_000 }).toBeLessThan(all);
    expect(Number(await total.getAttribute('data-value'))).toBeGreaterThan(0);
    await panelsLoaded(page);
    expect(await page.locator('.panel-error').count()).toBe(0);
    // "Open in Search" opens the query as the server ran it, the filter value substituted.
    const link = await page.locator('section.panel[data-panel-title="Total Messages Delivered"] a.panel-link').getAttribute('href');
    const opened = new URLSearchParams((link ?? '').split('?')[1]).get('q') ?? '';
    expect(opened).toContain('"inbound"');
    expect(opened).not.toContain('{{');
    await page.getByRole('link', { name: '← Library' }).click();
  });

  it('opens a panel in Search and runs searches', async () => {
    await page.getByRole('link', { name: DASHBOARDS[1] }).click();
    const panel = page.locator('section.panel[data-panel-title="Received Message Status"]');
    await panel.getByRole('link', { name: 'Open in Search' }).click();
    await page.getByRole('heading', { name: 'Search' }).waitFor();
    expect(await page.getByLabel('Query').inputValue()).toContain('count by action');
    // A link fills the query box and runs nothing until Search is pressed.
    await page.getByTestId('not-run').waitFor();
    expect(await page.getByRole('table', { name: 'Records' }).count()).toBe(0);
    await page.getByRole('button', { name: 'Search' }).click();
    await expectVisible(page.getByRole('table', { name: 'Records' }), /Acc/);

    await page.getByLabel('Query').fill('_sourceCategory=Mimecast | json "eventType" as event_type | where event_type = "receipt"');
    await page.getByRole('button', { name: 'Search' }).click();
    const messages = page.getByRole('table', { name: 'Messages' });
    await expectVisible(messages, /receipt/);
    await messages.getByRole('button', { name: 'Expand message' }).first().click();
    await expectVisible(messages.locator('pre.json').first(), /"eventType": "receipt"/);
    await page.getByTestId('histogram').locator('canvas').first().waitFor();
    await page.screenshot({ path: path.join(SCREENSHOTS, 'search.png') });

    await page.getByLabel('Query').fill('_sourceCategory=Mimecast | count by');
    await page.getByRole('button', { name: 'Search' }).click();
    await expectVisible(page.locator('.query-error'), /line 1, column \d+/);
    await page.getByTestId('error-position').waitFor();
  });

  it('adds a partition, refuses a retention of 0 naming the field, and shortens a retention for later', async () => {
    await page.getByRole('link', { name: 'Partitions' }).click();
    const table = page.getByRole('table', { name: 'Partitions' });
    await expectVisible(table.getByRole('row').filter({ hasText: 'sumologic_default' }), /30/);
    await page.getByRole('button', { name: 'Add Partition' }).click();
    const dialog = page.getByRole('dialog', { name: 'Add Partition' });
    await dialog.getByLabel('Name').fill('siem_only');
    await dialog.getByLabel('Routing expression').fill('_sourceName=siem');
    await dialog.getByLabel('Retention period (days)').fill('0');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await expectVisible(dialog.getByRole('alert'), /retentionPeriod/);
    await dialog.getByLabel('Retention period (days)').fill('14');
    await dialog.getByRole('button', { name: 'Save' }).click();
    const row = table.getByRole('row').filter({ hasText: 'siem_only' });
    await expectVisible(row, /_sourceName=siem.*14/);
    await row.getByRole('button', { name: 'Edit' }).click();
    const edit = page.getByRole('dialog', { name: 'Edit siem_only' });
    await edit.getByLabel('Retention period (days)').fill('7');
    await edit.getByRole('button', { name: 'Save' }).click();
    await expectVisible(row, /14 → 7 from/);
  });

  it('installs the current Mimecast app beside the legacy one, with data in every panel of its six dashboards', async () => {
    await page.getByRole('link', { name: 'App Catalog' }).click();
    await page.locator('a.card', { has: page.getByRole('heading', { name: 'Mimecast', exact: true }) }).click();
    await page.getByRole('button', { name: 'Install App' }).click();
    const dialog = page.getByRole('dialog', { name: 'Install Mimecast', exact: true });
    await expect.poll(() => dialog.locator('select[aria-label="Source Category"]').inputValue(), { timeout: 15_000 }).toBe('Mimecast');
    await dialog.getByRole('button', { name: 'Install' }).click();
    for (const title of CURRENT_DASHBOARDS) {
      await page.getByRole('link', { name: title, exact: true }).click();
      await page.getByRole('heading', { name: title }).waitFor();
      await expect.poll(() => page.locator('section.panel').count()).toBeGreaterThan(0);
      await panelsLoaded(page, 60_000);
      // The legacy app's dashboards were filled by now: the same data fills these at once.
      expect(await emptyPanels(page), title).toEqual([]);
      await page.screenshot({ path: path.join(SCREENSHOTS, `current-${slug(title)}.png`), fullPage: true });
      await page.getByRole('link', { name: '← Library' }).click();
    }
  });

  it("draws an outlier panel of the current app: the hourly count, the band's upper edge and the violations", async () => {
    const title = 'Mimecast - Audit Events Overview';
    await page.getByRole('link', { name: title, exact: true }).click();
    await page.getByRole('heading', { name: title }).waitFor();
    const panel = page.locator('section.panel[data-panel-title="Audit Event Anomalies"]');
    await expect.poll(() => panel.getAttribute('data-state'), { timeout: 60_000 }).toBe('done');
    // The chart names what it draws: outlier's three columns as three series over the hours.
    const chart = panel.getByRole('img', { name: 'Audit Event Anomalies' });
    expect((await chart.getAttribute('data-series'))?.split('\n').sort()).toEqual(['_count', '_count_upper', '_count_violation']);
    await expect.poll(() => chart.locator('canvas').count()).toBeGreaterThan(0);
    await panel.screenshot({ path: path.join(SCREENSHOTS, 'current-audit-event-anomalies.png') });
    await page.getByRole('link', { name: '← Library' }).click();
  });

  it('shows the detection pack the apps installed in the monitors library, with the countries chosen at install', async () => {
    await page.getByRole('link', { name: 'Monitors', exact: true }).click();
    await page.getByRole('button', { name: /Mimecast Detections/ }).click();
    await page.getByRole('link', { name: 'Mimecast - Sender from Embargoed Geo Locations' }).click();
    await page.getByRole('heading', { name: 'Edit Mimecast - Sender from Embargoed Geo Locations' }).waitFor();
    expect(await page.locator('textarea[name="query"]').inputValue()).toContain('| where country_code in ("CU", "IR", "KP", "SY", "RU")');
    await page.screenshot({ path: path.join(SCREENSHOTS, 'detection-pack.png'), fullPage: true });
  });

  it('creates a lookup table in the library, uploads CSV, shows its rows, refuses a bad file and deletes it', async () => {
    await page.getByRole('link', { name: 'Library' }).click();
    await page.getByRole('button', { name: 'New Lookup Table' }).click();
    const dialog = page.getByRole('dialog', { name: 'New Lookup Table' });
    await dialog.getByLabel('Name', { exact: true }).fill('Owners');
    await dialog.getByLabel(/^Fields/).fill('ip, owner, risk:int');
    await dialog.getByLabel('Primary keys').fill('ip');
    await dialog.getByRole('button', { name: 'Create' }).click();
    await page.getByRole('heading', { name: 'Owners' }).waitFor();
    const csv = (text: string) => ({ name: 'owners.csv', mimeType: 'text/csv', buffer: Buffer.from(text) });
    await page.getByLabel(/^CSV file/).setInputFiles(csv('ip,owner,risk\n10.0.0.1,ann,3\n10.0.0.2,bob,1\n'));
    await page.getByRole('button', { name: 'Upload' }).click();
    const rows = page.getByRole('table', { name: 'Lookup table rows' });
    await expectVisible(rows.getByRole('row').filter({ hasText: '10.0.0.2' }), /bob/);
    await page.getByLabel(/^CSV file/).setInputFiles(csv('ip,owner,risk\n10.0.0.3,cy,high\n'));
    await page.getByRole('button', { name: 'Upload' }).click();
    await expectVisible(page.getByRole('alert'), /row 2, column 3: risk is not a whole number/);
    page.once('dialog', (d) => d.accept());
    await page.getByRole('button', { name: 'Delete' }).click();
    await page.getByRole('button', { name: 'New Lookup Table' }).waitFor();
    expect(await page.getByRole('link', { name: 'Owners' }).count()).toBe(0);
  });

  it('signs out', async () => {
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('button', { name: 'Sign In' }).waitFor();
  });
});

async function expectVisible(locator: ReturnType<Page['locator']>, text: RegExp): Promise<void> {
  await locator.first().waitFor();
  await expect.poll(async () => (await locator.first().textContent()) ?? '', { timeout: 30_000 }).toMatch(text);
}

/** Titles of the panels without data: no canvas, no table row, no positive value, or an error shown. */
function emptyPanels(page: Page): Promise<string[]> {
  return page.$$eval('section.panel', (sections) =>
    sections
      .filter((s) => {
        // A single value of 0 counts as not filled yet: on demo data every count becomes positive.
        const hasData =
          s.querySelector('canvas') ||
          s.querySelector('tbody tr') ||
          s.querySelector('.single-value:not([data-value=""]):not([data-value="0"])');
        return !hasData || s.querySelector('.panel-error');
      })
      .map((s) => `${s.getAttribute('data-panel-title')}: ${s.querySelector('.panel-message')?.textContent ?? 'no data'}`),
  );
}
