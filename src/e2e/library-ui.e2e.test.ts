import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Browser, launchBrowser } from './browser.js';
import { type Child, killAll, repoRoot, runCli, startServeProcess } from './processes.js';

/**
 * The library in a real browser against a real `serve`: a Sumo export imported from a file, breadcrumbs,
 * rename, copy, move, delete (confirmed), export to a file, and a search saved from the Search page and
 * opened again from the library.
 */

const SCREENSHOTS = path.join(repoRoot, 'test-results');
const SUMO_EXPORT = path.join(repoRoot, 'src', 'content', '__fixtures__', 'sumo-folder-export.json');

let dataDir: string;
let server: Child;
let browser: Browser;
let page: Page;

const item = (name: string) =>
  page.locator('.content-list li').filter({ has: page.locator('.item-name').getByText(name, { exact: true }) });

beforeAll(async () => {
  if (!existsSync(path.join(repoRoot, 'dist', 'ui', 'index.html'))) {
    throw new Error('dist/ui is missing: build the UI first (npm run build:ui; npm test does it before the tests)');
  }
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'mc2c-library-ui-'));
  await mkdir(path.join(dataDir, 'downloads'));
  await mkdir(SCREENSHOTS, { recursive: true });
  const created = await runCli(['access-keys', 'create', '--name', 'ui', '--data', dataDir, '--json']);
  if (created.code !== 0) throw new Error(`access-keys create failed: ${created.stderr}`);
  const key = JSON.parse(created.stdout);
  server = await startServeProcess(dataDir, {});
  browser = await launchBrowser();
  page = await browser.context.newPage();
  page.setDefaultTimeout(30_000);
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

describe('the library in the web UI', { timeout: 120_000 }, () => {
  it('imports a Sumo export from a file and shows it under breadcrumbs, its markup as text', async () => {
    await page.getByRole('link', { name: 'Library' }).click();
    await page.getByRole('heading', { name: 'Personal' }).waitFor();
    await page.getByRole('button', { name: 'Import', exact: true }).click();
    // A file we refuse says which member is wrong, and the dialog stays open for another file.
    await page.locator('input[name="importFile"]').setInputFiles({
      name: 'old.json',
      mimeType: 'application/json',
      buffer: Buffer.from(JSON.stringify({ type: 'MewboardSyncDefinition', name: '<b>old</b>' })),
    });
    await page.getByRole('dialog').getByRole('button', { name: 'Import' }).click();
    await expect
      .poll(() => page.getByRole('dialog').getByRole('alert').textContent())
      .toMatch(/^type: must be one of FolderSyncDefinition/);
    await page.locator('input[name="importFile"]').setInputFiles(SUMO_EXPORT);
    await page.getByRole('dialog').getByRole('button', { name: 'Import' }).click();
    await page.getByRole('dialog').waitFor({ state: 'detached' });

    await item('Mimecast from Sumo').getByRole('link').click();
    await page.getByRole('heading', { name: 'Mimecast from Sumo' }).waitFor();
    const crumbs = page.getByRole('navigation', { name: 'Breadcrumbs' });
    await expect.poll(() => crumbs.textContent()).toBe('Personal / Mimecast from Sumo');
    expect(await item('VIP recipients').getAttribute('data-item-type')).toBe('Lookups');
    await page.screenshot({ path: path.join(SCREENSHOTS, 'library.png'), fullPage: true });

    await item('Mimecast Threats (team copy)').getByRole('link').click();
    await page.getByRole('heading', { name: 'Mimecast Threats (team copy)' }).waitFor();
    // The title is shown as written, and a query we cannot compile or a text panel say why in their panel.
    await page.locator('[data-panel-title="Top Senders <script>alert(1)</script> {{not_a_variable}}"]').waitFor();
    const failing = page.locator('[data-panel-title="Uses a Sumo operator we lack"] [role="alert"]');
    expect(await failing.textContent()).toBeTruthy();
    expect(await page.locator('[data-panel-title="Read me"] .panel-unsupported').textContent()).toBe(
      'Panel type TextPanel is not supported',
    );
    await page.screenshot({ path: path.join(SCREENSHOTS, 'imported-dashboard.png'), fullPage: true });
    await page.goBack();
    await page.getByRole('heading', { name: 'Mimecast from Sumo' }).waitFor();
    await crumbs.getByRole('link', { name: 'Personal' }).click();
    await page.getByRole('heading', { name: 'Personal' }).waitFor();
  });

  it('renames, copies, moves and deletes (after confirming)', async () => {
    await page.getByRole('button', { name: 'New Folder' }).click();
    await page.locator('input[name="folderName"]').fill('Archive');
    await page.getByRole('button', { name: 'Create' }).click();
    await item('Archive').waitFor();

    await page.getByRole('button', { name: 'Rename Mimecast from Sumo' }).click();
    await page.locator('input[name="newName"]').fill('From Sumo');
    await page.getByRole('dialog').getByRole('button', { name: 'Rename' }).click();
    await item('From Sumo').waitFor();

    await page.getByRole('button', { name: 'Copy From Sumo' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Copy' }).click();
    await item('From Sumo (copy)').waitFor();

    await page.getByRole('button', { name: 'Move From Sumo (copy)' }).click();
    const destination = page.getByRole('dialog').locator('select[name="folder"]');
    await destination.locator('option', { hasText: 'Personal / Archive' }).waitFor({ state: 'attached' });
    await destination.selectOption({ label: 'Personal / Archive' });
    await page.getByRole('dialog').getByRole('button', { name: 'Move' }).click();
    await page.getByRole('dialog').waitFor({ state: 'detached' });
    await expect.poll(() => item('From Sumo (copy)').count()).toBe(0);

    await item('Archive').getByRole('link').click();
    await item('From Sumo (copy)').waitFor();
    await page.getByRole('button', { name: 'Delete From Sumo (copy)' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Cancel' }).click();
    await item('From Sumo (copy)').waitFor();
    await page.getByRole('button', { name: 'Delete From Sumo (copy)' }).click();
    expect(await page.getByRole('dialog').textContent()).toContain('and everything in it');
    await page.getByRole('dialog').getByRole('button', { name: 'Delete' }).click();
    await page.getByText('This folder is empty.').waitFor();
    await page.getByRole('navigation', { name: 'Breadcrumbs' }).getByRole('link', { name: 'Personal' }).click();
    await item('From Sumo').waitFor();
  });

  it('exports an item to a file that holds its sync definition', async () => {
    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Export From Sumo' }).click();
    const file = path.join(dataDir, 'downloads', 'export.json');
    await (await download).saveAs(file);
    const exported = JSON.parse(await readFile(file, 'utf8'));
    const original = JSON.parse(await readFile(SUMO_EXPORT, 'utf8'));
    expect(exported).toEqual({ ...original, name: 'From Sumo' });
  });

  it('saves a search from the Search page and opens it from the library', async () => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Search' }).click();
    await page.getByLabel('Query').fill('_sourceCategory=mimecast | count by action');
    await page.getByRole('button', { name: 'Save As' }).click();
    await page.locator('input[name="searchName"]').fill('Actions <b>count</b>');
    await page.getByRole('dialog').locator('select[name="folder"] option').first().waitFor({ state: 'attached' });
    await page.getByRole('dialog').getByRole('button', { name: 'Save' }).click();
    await page.getByRole('status').getByText('Saved in the library.').waitFor();

    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Library' }).click();
    await item('Actions <b>count</b>').getByRole('link').click();
    await page.getByRole('heading', { name: 'Search: Actions <b>count</b>' }).waitFor();
    expect(await page.getByLabel('Query').inputValue()).toBe('_sourceCategory=mimecast | count by action');
    await page.getByTestId('not-run').waitFor();
  });
});
