import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeSourceBody } from '../api/test-helpers.js';
import { type Browser, launchBrowser } from './browser.js';
import { api, type Child, createAccessKey, killAll, repoRoot, startServeProcess, startSimulatorProcess, tempDir } from './processes.js';

/**
 * Mimecast Event Push as an administrator sets it up: the receiver enabled on the source page, its URL
 * given to the simulator (standing in for Mimecast's Event Push), the pushed count shown, and the old URL
 * refused once the token is regenerated.
 */

const SCREENSHOTS = path.join(repoRoot, 'test-results');

let data: { dir: string; remove: () => Promise<void> };
let simulator: Child;
let server: Child;
let browser: Browser;
let page: Page;
let auth: string;
let collectorId: string;
let sourceId: string;

beforeAll(async () => {
  if (!existsSync(path.join(repoRoot, 'dist', 'ui', 'index.html'))) {
    throw new Error('dist/ui is missing: build the UI first (npm run build:ui; npm test does it before the tests)');
  }
  data = await tempDir('mc2c-push-e2e-');
  await mkdir(SCREENSHOTS, { recursive: true });
  auth = await createAccessKey(data.dir);
  simulator = await startSimulatorProcess(['--seed', '3']);
  server = await startServeProcess(data.dir, { MIMECAST_BASE_URL: simulator.url });
  const collector = await api<{ collector: { id: string } }>(server.url, auth, 'POST', '/api/v1/collectors', {
    collector: { collectorType: 'Hosted', name: 'Push' },
  });
  collectorId = collector.body.collector.id;
  const source = await api<{ source: { id: string } }>(
    server.url,
    auth,
    'POST',
    `/api/v1/collectors/${collectorId}/sources`,
    makeSourceBody({ dataCollection: ['siem'], filters: [], region: 'global', startTime: '-10m' }),
  );
  sourceId = source.body.source.id;
  browser = await launchBrowser();
  page = await browser.context.newPage();
  page.setDefaultTimeout(30_000);
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await killAll();
  await data?.remove();
});

async function push(url: string): Promise<{ events: number; statuses: number[] }> {
  const now = Date.now();
  const res = await fetch(`${simulator.url}/__admin/push`, {
    method: 'POST',
    body: JSON.stringify({ url, format: 'ndjson', from: now - 60 * 60_000, to: now - 30 * 60_000 }),
  });
  return (await res.json()) as { events: number; statuses: number[] };
}

describe('Event Push on the source page', { timeout: 180_000 }, () => {
  it('enables the receiver, shows the URL Mimecast pushes to and its count, and regenerates the token', async () => {
    const [accessId, accessKey] = Buffer.from(auth.slice('Basic '.length), 'base64').toString('utf8').split(':');
    await page.goto(server.url);
    await page.getByLabel('Access ID').fill(accessId ?? '');
    await page.getByLabel('Access Key').fill(accessKey ?? '');
    await page.getByRole('button', { name: 'Sign In' }).click();
    await page.getByRole('heading', { name: 'Collection' }).waitFor();

    await page.goto(`${server.url}/#/sources/${collectorId}/${sourceId}`);
    await page.getByRole('button', { name: 'Enable Event Push' }).click();
    const urlInput = page.locator('input[name="pushUrl"]');
    await urlInput.waitFor();
    const url = await urlInput.inputValue();
    expect(url).toMatch(new RegExp(`^${server.url}/receiver/v1/mimecast/[A-Za-z0-9_-]{43}$`));

    const pushed = await push(url);
    expect(pushed.events).toBeGreaterThan(0);
    expect(pushed.statuses.every((s) => s === 200)).toBe(true);
    await page.reload();
    await expect
      .poll(() => page.getByTestId('push-stats').textContent())
      .toMatch(new RegExp(`^${pushed.events.toLocaleString('en-US')} messages pushed, last push `));
    await page.screenshot({ path: path.join(SCREENSHOTS, 'source-event-push.png'), fullPage: true });
    // The Collection list says which sources receive pushes, with the same counts.
    await page.goto(`${server.url}/#/collection`);
    await expect
      .poll(() => page.getByTestId('push-summary').textContent())
      .toMatch(new RegExp(`^Event Push: ${pushed.events.toLocaleString('en-US')} messages pushed, last push `));
    await page.goto(`${server.url}/#/sources/${collectorId}/${sourceId}`);

    await page.getByRole('button', { name: 'Regenerate token' }).click();
    await page.getByRole('button', { name: 'Regenerate', exact: true }).click();
    await expect.poll(() => urlInput.inputValue()).not.toBe(url);
    expect((await push(url)).statuses).toEqual([401]);
    await expect.poll(() => page.getByTestId('push-stats').textContent()).toMatch(/^0 messages pushed, no push yet/);
  });
});
