// The start's early requests (index.html asks for the list's first page while the app
// downloads): an answer kept too long is not shown. Its own server, since it adds a task.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launchBrowser, newPage, createTask } from './helpers.mjs';

let server;
let browser;

before(async () => {
  server = await startServer(['--seed', '3']);
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

test('an early answer older than ten seconds is not shown: the app asks again and shows what changed', async () => {
  const page = await newPage(browser);
  const firstPages = [];
  page.on('request', (request) => {
    const url = new URL(request.url());
    if (url.pathname.endsWith('/wham/tasks/list') && !url.searchParams.has('cursor')) firstPages.push(url.search);
  });
  // The titles of the first rows the page shows (the refresh every few seconds would bring the
  // new task in later either way).
  await page.addInitScript(() => {
    new MutationObserver((_, observer) => {
      const titles = [...document.querySelectorAll('.task-row .task-title')].map((title) => title.textContent.trim());
      if (titles.length) { window.__firstTitles = titles; observer.disconnect(); }
    }).observe(document, { subtree: true, childList: true });
  });
  // The app's code is held back past the early answer's ten seconds, as on a very slow line.
  let release;
  const held = new Promise((resolve) => { release = resolve; });
  await page.route(/\/wham-web-[0-9a-f]+_bg\.wasm$/, async (route) => { await held; await route.continue(); });
  await page.goto(server.url, { waitUntil: 'commit' });
  await page.waitForFunction(() => window.__whamEarly && Object.keys(window.__whamEarly).length === 2);
  // Meanwhile a task starts elsewhere: the early answer does not have it.
  await createTask(server, 'Freshness check after a slow start');
  await page.waitForTimeout(10500);
  release();
  await page.locator('.task-row').first().waitFor({ timeout: 15000 });
  const firstTitles = await page.evaluate(() => window.__firstTitles);
  assert.ok(firstTitles.includes('Freshness check after a slow start'), firstTitles.join('\n'));
  assert.equal(firstPages.length, 2, `the first page was asked for by index.html, then by the app: ${firstPages.join(', ')}`);
});
