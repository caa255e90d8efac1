import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Receiver, startReceiver } from '../monitors/__fixtures__/receiver.js';
import { type SmtpReceiver, startSmtpReceiver } from '../monitors/__fixtures__/smtp-receiver.js';
import { type Browser, launchBrowser } from './browser.js';
import { type Child, killAll, repoRoot, runCli, startServeProcess } from './processes.js';

/**
 * Monitors in a real browser against a real `serve`: a webhook connection to a local receiver, a monitor
 * made from a search (evaluated when it is created), its alert on the Alerts page, acknowledged there; the
 * server's SMTP server (a local smtp-server) on the Connections page, an e-mail notification, and one given
 * up shown as the monitor's health event.
 */

const SCREENSHOTS = path.join(repoRoot, 'test-results');
const QUERY = '_sourceCategory=mimecast | json "action" | where action = "Rej"';

let dataDir: string;
let server: Child;
let receiver: Receiver;
let smtp: SmtpReceiver;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  if (!existsSync(path.join(repoRoot, 'dist', 'ui', 'index.html'))) {
    throw new Error('dist/ui is missing: build the UI first (npm run build:ui; npm test does it before the tests)');
  }
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'mc2c-monitors-ui-'));
  await mkdir(SCREENSHOTS, { recursive: true });
  const now = Date.now();
  // Three rejections a minute ago (inside the monitor's 15 minutes) and one accepted message.
  const events = [...['Rej', 'Rej', 'Rej', 'Acc'].map((action, i) => ({ timestamp: now - 60_000 + i, action }))];
  const file = path.join(dataDir, 'events.ndjson');
  await writeFile(file, `${events.map((e) => JSON.stringify(e)).join('\n')}\n`);
  const imported = await runCli(['import', '--category', 'mimecast', '--source', 'mimecast', '--data', dataDir, file]);
  if (imported.code !== 0) throw new Error(`import failed: ${imported.stderr}`);
  const created = await runCli(['access-keys', 'create', '--name', 'ui', '--data', dataDir, '--json']);
  if (created.code !== 0) throw new Error(`access-keys create failed: ${created.stderr}`);
  const key = JSON.parse(created.stdout);
  receiver = await startReceiver();
  smtp = await startSmtpReceiver();
  server = await startServeProcess(dataDir, {
    MC2C_WEBHOOK_ALLOWED_HOSTS: '127.0.0.1',
    MC2C_SMTP_HOST: '127.0.0.1',
    MC2C_SMTP_PORT: String(smtp.port),
    MC2C_SMTP_SECURITY: 'none',
    MC2C_SMTP_FROM: 'alerts@mc2c.example',
  });
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
  await receiver?.close();
  await smtp?.close();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

describe('monitors in the web UI', { timeout: 120_000 }, () => {
  it('creates, tests and edits a webhook connection, its secret header masked', async () => {
    await page.getByRole('link', { name: 'Connections' }).click();
    await page.getByRole('button', { name: 'New connection' }).click();
    await page.locator('input[name="name"]').fill('SOC <hook>');
    await page.locator('input[name="url"]').fill(receiver.url);
    await page.locator('textarea[name="headers"]').fill('Authorization: Bearer s3cret');
    await page.getByRole('button', { name: 'Test connection' }).click();
    await expect.poll(() => page.getByTestId('test-result').textContent()).toMatch(/^HTTP 200/);
    await page.getByRole('button', { name: 'Save' }).click();
    // A name is shown as text, markup and all.
    await page.getByRole('cell', { name: 'SOC <hook>' }).waitFor();

    // Edited, the secret comes back masked; left masked it keeps the stored value, which a test then sends.
    await page.getByRole('button', { name: 'Edit' }).click();
    await expect.poll(() => page.locator('textarea[name="headers"]').inputValue()).toBe('Authorization: ********');
    await page.locator('input[name="description"]').fill('to the SOC');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('dialog').waitFor({ state: 'detached' });
    await page.getByRole('button', { name: 'Edit' }).click();
    // The form fills in once the connection is read back: on a loaded machine, after the dialog opens.
    await expect.poll(() => page.locator('input[name="description"]').inputValue()).toBe('to the SOC');
    await page.getByRole('button', { name: 'Test connection' }).click();
    await expect.poll(() => page.getByTestId('test-result').textContent()).toMatch(/^HTTP 200/);
    await page.getByRole('button', { name: 'Cancel' }).click();
    expect(receiver.received.map((r) => r.headers.authorization)).toEqual(['Bearer s3cret', 'Bearer s3cret']);
  });

  it('creates a monitor from a search, previews it and sees its alert, acknowledges and resolves it', async () => {
    await page.goto(`${server.url}/#/search?q=${encodeURIComponent(QUERY)}`);
    await page.getByRole('link', { name: 'Create monitor' }).click();
    await page.getByRole('heading', { name: 'New monitor' }).waitFor();
    expect(await page.getByLabel('Monitor query').inputValue()).toBe(QUERY);
    await page.locator('input[name="name"]').fill('Rejections');
    await page.locator('input[name="Critical-threshold"]').fill('ten');
    await page.locator('input[name="connection-SOC <hook>"]').check();
    await page.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => page.locator('[data-field="triggers[0].threshold"]').textContent()).toMatch(/must be a number/);

    await page.locator('input[name="Critical-threshold"]').fill('2');
    await page.getByRole('button', { name: /^Preview/ }).click();
    await expect.poll(() => page.getByTestId('preview-summary').textContent()).toMatch(/Would have fired in 1 of \d+ windows/);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'monitor-form.png'), fullPage: true });
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('heading', { name: 'Monitors' }).waitFor();
    await page.getByRole('link', { name: 'Rejections' }).waitFor();

    // The monitor's own link to its alerts.
    await page.getByRole('list', { name: 'Monitors' }).getByRole('link', { name: 'Alerts' }).click();
    const row = page.locator('tr[data-alert]', { hasText: 'Rejections' });
    await row.waitFor({ timeout: 60_000 });
    // The notification is sent by the delivery loop, the page reloads every 5 seconds.
    await expect.poll(() => row.textContent(), { timeout: 30_000 }).toMatch(/Critical.*3.*Active.*1 sent/);
    await row.getByRole('button', { name: 'Acknowledge' }).click();
    await expect.poll(() => row.textContent()).toMatch(/Acknowledged/);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'alerts.png'), fullPage: true });
    const payload = JSON.parse(receiver.received[2].body);
    expect(payload).toMatchObject({ name: 'Rejections', triggerType: 'Critical', numQueryResults: '3' });

    await row.getByRole('button', { name: 'Resolve' }).click();
    await page.getByLabel('Status').selectOption('Resolved');
    await expect.poll(() => row.textContent()).toMatch(/Resolved by hand/);
  });

  it('previews an aggregate by its occurrence type, as the evaluator would fire it', async () => {
    // Two data points in the last window: Rej 3 and Acc 1.
    const aggregate = '_sourceCategory=mimecast | json "action" | timeslice 1m | count by _timeslice, action';
    await page.goto(`${server.url}/#/monitors/new?q=${encodeURIComponent(aggregate)}`);
    await page.getByRole('heading', { name: 'New monitor' }).waitFor();
    await page.locator('input[name="Critical-threshold"]').fill('2');
    const preview = async (occurrenceType: string, expected: string) => {
      await page.locator('select[name="occurrenceType"]').selectOption(occurrenceType);
      await page.getByRole('button', { name: /^Preview/ }).click();
      await expect.poll(() => page.getByTestId('preview-summary').textContent()).toBe(expected);
    };
    // ResultCount: two rows, not more than 2; AtLeastOnce: one point is 3; Always: the point 1 is not above 2.
    await preview('ResultCount', 'Would not have fired');
    await preview('AtLeastOnce', 'Would have fired in 1 of 24 windows');
    await page.screenshot({ path: path.join(SCREENSHOTS, 'monitor-preview-at-least-once.png'), fullPage: true });
    await preview('Always', 'Would not have fired');
    await page.getByRole('link', { name: 'Cancel' }).click();
  });

  it('edits, disables and deletes the monitor', async () => {
    await page.getByRole('link', { name: 'Monitors', exact: true }).click();
    await page.getByRole('link', { name: 'Rejections' }).click();
    await page.getByRole('heading', { name: 'Edit Rejections' }).waitFor();
    expect(await page.locator('input[name="Critical-threshold"]').inputValue()).toBe('2');
    expect(await page.locator('input[name="connection-SOC <hook>"]').isChecked()).toBe(true);
    expect(await page.locator('input[name="groupNotifications"]').isChecked()).toBe(true);
    await page.locator('input[name="description"]').fill('More than two rejections');
    await page.locator('select[name="occurrenceType"]').selectOption('AtLeastOnce');
    await page.locator('input[name="groupNotifications"]').uncheck();
    await page.getByRole('button', { name: 'Save' }).click();
    // Saved and read back: the form shows what the server now holds.
    await page.getByRole('link', { name: 'Rejections' }).click();
    await page.getByRole('heading', { name: 'Edit Rejections' }).waitFor();
    expect(await page.locator('select[name="occurrenceType"]').inputValue()).toBe('AtLeastOnce');
    expect(await page.locator('input[name="groupNotifications"]').isChecked()).toBe(false);
    await page.getByRole('link', { name: 'Cancel' }).click();

    const tree = page.getByRole('list', { name: 'Monitors' });
    await tree.getByRole('button', { name: 'Disable' }).click();
    await tree.getByText('Disabled').waitFor();
    await tree.getByRole('button', { name: 'Delete' }).click();
    await page.getByRole('dialog', { name: 'Delete Rejections?' }).getByRole('button', { name: 'Delete' }).click();
    await page.getByText('No monitors yet').waitFor();
  });

  it('shows the SMTP server and tests it, e-mails an alert of a monitor, and shows a notification given up as its health event', async () => {
    await page.getByRole('link', { name: 'Connections' }).click();
    await expect
      .poll(() => page.getByTestId('smtp-status').textContent())
      .toMatch(`127.0.0.1:${smtp.port} (none) from alerts@mc2c.example`);
    await page.getByLabel('Test recipients').fill('soc@example.com');
    await page.getByRole('button', { name: 'Send a test e-mail' }).click();
    await expect.poll(() => page.getByTestId('smtp-test-outcome').textContent()).toMatch(/^250/);
    expect(smtp.mails.map((m) => m.to)).toEqual([['soc@example.com']]);

    // The SMTP server now refuses every message: the alert's e-mail is given up at once (a 550 is not retried).
    smtp.mode = 'reject';
    await page.goto(`${server.url}/#/monitors/new?q=${encodeURIComponent(QUERY)}`);
    await page.locator('input[name="name"]').fill('Mailed');
    await page.locator('input[name="emailRecipients"]').fill('soc@example.com, oncall@example.com');
    await page.locator('input[name="emailSubject"]').fill('{{TriggerType}} on {{Name}}');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('link', { name: 'Mailed' }).waitFor();
    await page.getByRole('link', { name: 'Health Events' }).click();
    // The page reloads every 5 seconds; evaluation and delivery run on their own 5-second loops.
    await expect
      .poll(() => page.getByRole('table', { name: 'Health events' }).textContent(), { timeout: 60_000 })
      .toMatch(/NotificationDeliveryError.*Monitor: Mailed.*550/);
    await page.getByRole('link', { name: 'Monitors', exact: true }).click();
    await expect.poll(() => page.getByRole('region', { name: 'Monitor health' }).textContent()).toMatch(/Monitor: Mailed/);
    await page.getByRole('link', { name: 'Mailed' }).click();
    expect(await page.locator('input[name="emailRecipients"]').inputValue()).toBe('soc@example.com, oncall@example.com');
    await page.screenshot({ path: path.join(SCREENSHOTS, 'monitor-email.png'), fullPage: true });
  });
});
