// The bridge as a person meets it: wham-server --upstream in front of a service (here another
// wham-server that demands a token), opened through the sign-in URL it prints.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launchBrowser, newPage, getJson } from './helpers.mjs';

const TOKEN = 'e2e-upstream-token';
let upstream;
let bridge;
let browser;

before(async () => {
  upstream = await startServer(['--seed', '5', '--require-auth', TOKEN]);
  bridge = await startServer(['--upstream', upstream.api], { env: { WHAM_TOKEN: TOKEN, WHAM_ACCOUNT_ID: 'acct-e2e' } });
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await bridge?.stop();
  await upstream?.stop();
});

test('the printed sign-in URL leads to the tasks of the account behind the bridge', async () => {
  const expected = await getJson(`${upstream.api}/wham/tasks/list?task_filter=current&limit=5`, {
    Authorization: `Bearer ${TOKEN}`, 'ChatGPT-Account-Id': 'acct-e2e',
  });
  const page = await newPage(browser);
  await page.goto(bridge.signIn);
  // The secret leaves the address bar at once.
  assert.equal(new URL(page.url()).search, '');
  await page.locator('.task-row').first().waitFor();
  const titles = (await page.locator('.task-row .task-title').allTextContents()).map((t) => t.trim());
  assert.deepEqual(titles.slice(0, 5), expected.items.map((item) => item.title));
  // The cookie is out of the page's reach.
  assert.equal(await page.evaluate(() => document.cookie), '');
  // A running task's stream (an EventSource, same-origin with the cookie) goes through too.
  const running = await getJson(`${upstream.api}/wham/tasks/list?task_filter=current&limit=100`, {
    Authorization: `Bearer ${TOKEN}`, 'ChatGPT-Account-Id': 'acct-e2e',
  });
  const live = running.items.find((item) => item.task_status_display?.latest_turn_status_display?.turn_status === 'in_progress');
  assert.ok(live, 'the seed has a running task');
  await page.goto(`${bridge.url}/tasks/${live.id}`);
  await page.locator('.stream-state', { hasText: 'Live' }).waitFor({ timeout: 15000 });
  await page.goto(`${bridge.url}/settings`);
  await page.getByText('Through the local bridge to 127.0.0.1').waitFor();
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('a browser that has not signed in is told how to', async () => {
  const page = await newPage(browser);
  await page.goto(bridge.url);
  const notice = page.locator('.bridge-notice');
  await notice.waitFor();
  assert.match(await notice.textContent(), /Sign in to the bridge.*\?token=/);
  assert.equal(await page.locator('.task-row').count(), 0);
  assert.deepEqual(page.errors, []);
  await page.context().close();
});
