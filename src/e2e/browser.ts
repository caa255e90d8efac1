import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { type BrowserContext, chromium } from 'playwright-core';

/** Where a system Chromium or Chrome usually is: used before the npm build because it starts faster. */
const SYSTEM_BROWSERS = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
  '/usr/bin/google-chrome-stable',
  '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
];

export interface Browser {
  context: BrowserContext;
  close(): Promise<void>;
}

/** Flags for every build: a fresh profile, no background traffic, no sandbox (CI runs as root). */
const COMMON_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-quic',
  '--no-first-run',
  '--disable-component-update',
  '--disable-sync',
];

/**
 * The browser to drive: CHROME_PATH, else a system Chromium/Chrome, else the headless Chromium shipped in
 * the npm package @sparticuz/chromium (unpacked to the temp directory on first use), so the browser test
 * needs nothing beyond npm. MC2C_BROWSER=npm skips the first two, to check the npm build on a machine that
 * has a system browser.
 */
async function chooseBrowser(): Promise<{ executablePath: string; args: string[] }> {
  const forceNpm = process.env.MC2C_BROWSER === 'npm';
  const given = process.env.CHROME_PATH;
  if (given && !forceNpm) {
    if (!existsSync(given)) throw new Error(`CHROME_PATH=${given}: no such file`);
    return { executablePath: given, args: COMMON_ARGS };
  }
  const system = forceNpm ? undefined : SYSTEM_BROWSERS.find((p) => existsSync(p));
  if (system) return { executablePath: system, args: COMMON_ARGS };
  const { default: sparticuz } = await import('@sparticuz/chromium');
  return { executablePath: await sparticuz.executablePath(), args: COMMON_ARGS };
}

/** A headless Chromium with a fresh profile. */
export async function launchBrowser(): Promise<Browser> {
  const { executablePath, args } = await chooseBrowser();
  const profile = await mkdtemp(path.join(os.tmpdir(), 'mc2c-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath,
    headless: true,
    viewport: { width: 1440, height: 1000 },
    args,
  });
  return {
    context,
    async close() {
      await context.close();
      await rm(profile, { recursive: true, force: true });
    },
  };
}
