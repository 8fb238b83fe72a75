// Shared helpers of the browser tests: one headless Chromium per test
// file, a fresh context (cookies, storage) per test, and a record of every
// console error, page error and failed request, which fails the test.

import assert from 'node:assert/strict';
import { chromium } from 'playwright-core';

export const BASE = process.env.LIUSHOU_BROWSER_URL ?? 'http://127.0.0.1:8080';
export const DESK = { width: 1280, height: 800 };
export const PHONE = { width: 360, height: 740 };

// As root in a container: no sandbox; nothing phones home.
const ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic',
];

/** Chromium from Debian; playwright-core gives it a fresh user-data-dir. */
export function launch() {
  return chromium.launch({ executablePath: process.env.LIUSHOU_CHROMIUM ?? '/usr/bin/chromium', args: ARGS });
}

/** A fresh context and page that collects everything that went wrong. */
export async function open(browser, { viewport = DESK } = {}) {
  const context = await browser.newContext({ viewport, acceptDownloads: true });
  const page = await context.newPage();
  const problems = [];
  page.on('console', (m) => m.type() === 'error' && problems.push(`console: ${m.text()}`));
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  // A request cut short by leaving the page (ERR_ABORTED) is the browser's
  // doing, not the app's; any other failure is a problem.
  page.on('requestfailed', (r) => {
    const error = r.failure()?.errorText;
    if (error !== 'net::ERR_ABORTED') problems.push(`request failed: ${r.url()} ${error}`);
  });
  return { context, page, problems };
}

/** Closes the context; no console error may have happened in it. */
export async function close({ context, problems }) {
  await context.close();
  assert.deepEqual(problems, [], 'no console errors, page errors or failed requests');
}

export async function login(page, username, password = 'demo') {
  await page.goto(`${BASE}/login`);
  await page.fill('input[name=username]', username);
  await page.fill('input[name=password]', password);
  await page.click('button[type=submit]');
  await page.waitForURL((url) => url.pathname === '/');
}

/** Waits until a table shows rows or says it has none. */
export async function tableReady(page, scope = 'main') {
  await page.locator(`${scope} table tbody tr, ${scope} .status.empty`).first().waitFor();
}

/** The texts of one column of the table in `scope`. */
export function column(page, label, scope = 'main') {
  return page.locator(`${scope} td[data-label="${label}"]`).allInnerTexts();
}

/** Runs a GraphQL query with the page's own session token. */
export async function graphql(page, query, variables = {}) {
  const body = await page.evaluate(async ([query, variables]) => {
    const session = JSON.parse(sessionStorage.getItem('liushou.session'));
    const response = await fetch('/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${session.token}` },
      body: JSON.stringify({ query, variables }),
    });
    return response.json();
  }, [query, variables]);
  assert.equal(body.errors, undefined, JSON.stringify(body.errors));
  return body.data;
}

/** The signed-in user as the session keeps it. */
export function sessionUser(page) {
  return page.evaluate(() => JSON.parse(sessionStorage.getItem('liushou.session')).user);
}

/** Whether the page is wider than the screen (a sideways scroll on a phone). */
export function overflowsSideways(page) {
  return page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth);
}
