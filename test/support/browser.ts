import { existsSync, mkdirSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { serve, type ServerType } from '@hono/node-server';
import { chromium, type Browser, type Page } from 'playwright-core';
import { suite } from 'uvu';
import { repoRoot } from '../../src/config.ts';
import { freshApp, type TestApp } from './app.ts';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const screenshotDir = path.join(repoRoot, 'test', 'screenshots');

/**
 * Debian's Chromium, driven by playwright-core (Playwright cannot download browsers here).
 * Without Chromium a developer's run skips the browser suites with a warning; CI installs it
 * (see .ci/run) and there a missing browser is a failure, never a silent skip.
 */
export async function launchBrowser(): Promise<Browser | null> {
  if (!existsSync(CHROMIUM)) {
    if (process.env.CI) throw new Error(`Chromium not found at ${CHROMIUM}; .ci/run should install it`);
    console.warn(`\n  ⚠ browser tests skipped: no Chromium at ${CHROMIUM} (apt-get install chromium)\n`);
    return null;
  }
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      // A name for the loopback address, for pages that must not be a secure context (localhost and 127.0.0.1 are).
      '--host-resolver-rules=MAP venue.test 127.0.0.1',
    ],
  });
}

/**
 * Serves the test app on a free loopback port (or `port`, to come back where a test took the
 * server away), as `npm start` would. `close()` also ends kept-alive connections: a browser
 * that still had one would otherwise keep reaching a server that is meant to be gone.
 */
export async function listen(target: TestApp, port = 0): Promise<{ url: string; port: number; close(): Promise<void> }> {
  let server: ServerType | undefined;
  const bound = await new Promise<number>((resolve) => {
    server = serve({ fetch: target.app.fetch, port, hostname: '127.0.0.1' }, (info: AddressInfo) =>
      resolve(info.port),
    );
  });
  return {
    url: `http://127.0.0.1:${bound}`,
    port: bound,
    close: () => new Promise((resolve) => {
      server!.close(() => resolve());
      (server as { closeAllConnections?: () => void }).closeAllConnections?.();
    }),
  };
}

/** What every browser suite has: the browser (null when skipped), its app and the app's server. */
export interface BrowserSuiteContext {
  browser: Browser | null;
  target: TestApp;
  server: Awaited<ReturnType<typeof listen>>;
}

/**
 * A uvu suite that launches the browser and a fresh app before its tests and closes both after.
 * `setup` runs on the new app before it is served (accounts, events; it may fill in `Extra`).
 */
export function browserSuite<Extra extends object = object>(
  name: string,
  setup?: (ctx: BrowserSuiteContext & Extra) => Promise<void>,
) {
  type Context = BrowserSuiteContext & Extra;
  const test = suite<Context>(name, {} as Context);
  test.before(async (ctx) => {
    ctx.browser = await launchBrowser();
    ctx.target = await freshApp();
    await setup?.(ctx);
    ctx.server = await listen(ctx.target);
  });
  test.after(async (ctx) => {
    await ctx.browser?.close();
    await ctx.server.close();
    await ctx.target.close();
  });
  return test;
}

/** A judge signs in on the tablet's form (event code, number, PIN) and lands on his rounds. */
export async function judgeSignsIn(page: Page, baseUrl: string, eventCode: string, number: number | string, pin: string): Promise<void> {
  await page.goto(`${baseUrl}/judge/login`);
  await page.locator('#judge-event').fill(eventCode);
  await page.locator('#judge-number').fill(String(number));
  await page.locator('#judge-pin').fill(pin);
  await page.locator('form[action="/judge/login"] button[type=submit]').click();
  await page.waitForURL(`${baseUrl}/judge`);
}

/** Signs in through the login form and waits for the dashboard. */
export async function signIn(page: Page, baseUrl: string, username: string, password: string): Promise<void> {
  await page.goto(baseUrl + '/login');
  await page.locator('input[name=username]').fill(username);
  await page.locator('input[name=password]').fill(password);
  await page.locator('form[action="/login"] button[type=submit]').click();
  await page.waitForURL(baseUrl + '/');
}

export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(screenshotDir, { recursive: true });
  const file = path.join(screenshotDir, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

/**
 * Collects script errors, CSP violations and failed assets; a page that has one has a defect.
 * A page answered with 401 or 422 on purpose is not one: Chromium logs those documents as
 * "Failed to load resource", so that line is judged from the response listener instead.
 */
export function watchConsole(page: Page): string[] {
  const problems: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) {
      problems.push(message.text());
    }
  });
  page.on('pageerror', (error) => problems.push(error.message));
  page.on('response', (response) => {
    // 422 is how a refused htmx form comes back with its errors: by design, not a defect.
    const designed = response.status() === 422 && response.request().resourceType() === 'fetch';
    if (response.status() >= 400 && response.request().resourceType() !== 'document' && !designed) {
      problems.push(`${response.status()} ${response.url()}`);
    }
  });
  // Requests cut short by a navigation (ERR_ABORTED) are the browser's business, not a defect.
  page.on('requestfailed', (request) => {
    if (request.failure()?.errorText !== 'net::ERR_ABORTED') problems.push(`failed ${request.url()}`);
  });
  return problems;
}

/** True when nothing sticks out sideways: the page fits the viewport width. */
export async function fitsWidth(page: Page): Promise<boolean> {
  return page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);
}

/**
 * Words a table breaks across lines: names, bibs, ranks, prizes (贺亚/东, 名/次, 一等/奖) and
 * numbers must stay whole; long organization names may wrap. A word is a run without spaces;
 * one with Chinese characters counts up to 5 of them, a Latin or digit one up to 20 characters.
 * Measured from the rendered text: a word on two lines has two client rects.
 */
export async function brokenWords(page: Page, scope = 'table'): Promise<string[]> {
  return page.evaluate((selector) => {
    const broken: string[] = [];
    for (const root of document.querySelectorAll(selector)) {
      const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        // What a closed <details> holds is not on screen (only its summary is).
        const parent = node.parentElement;
        if (parent?.closest('details:not([open])') && !parent.closest('summary')) continue;
        const text = node.textContent ?? '';
        for (const match of text.matchAll(/\S+/g)) {
          const word = match[0];
          const cjk = /[\u3400-\u9fff]/.test(word);
          if (word.length < 2 || (cjk ? word.length > 5 : word.length > 20)) continue;
          const range = document.createRange();
          range.setStart(node, match.index);
          range.setEnd(node, match.index + word.length);
          const lines = new Set([...range.getClientRects()].filter((r) => r.width > 0).map((r) => Math.round(r.top)));
          if (lines.size > 1) broken.push(word);
        }
      }
    }
    return broken;
  }, scope);
}
