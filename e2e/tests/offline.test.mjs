// A lost connection is recovered: with the server down the composer says so in plain words and
// cannot send a task without an environment; when the server is back it loads by itself and
// the task starts, without a reload.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launchBrowser, newPage } from './helpers.mjs';

let server;
let browser;

after(async () => {
  await browser?.close();
  await server?.stop();
});

test('the composer recovers when the server comes back', async () => {
  server = await startServer(['--speed', '100']);
  const port = new URL(server.url).port;
  browser = await launchBrowser();
  const page = await newPage(browser);
  await page.goto(server.url);
  await page.locator('.task-row').first().waitFor();
  // Every page's code has been fetched in the background by now (see the next test for a page
  // whose code did not come).
  await page.locator('html[data-pages-loaded]').waitFor({ state: 'attached' });
  await server.stop();
  // In-app navigation: the page is loaded, the server is not there.
  await page.getByRole('link', { name: 'New task' }).click();
  await page.waitForURL(/\/new$/);
  const problem = page.locator('.composer .field-error[role=alert]');
  await problem.waitFor({ timeout: 30000 });
  const text = await problem.innerText();
  assert.match(text, /Can't reach the server/);
  assert.doesNotMatch(text, /TypeError|HTTP/);
  assert.equal(await page.getByRole('button', { name: 'Start task' }).isDisabled(), true);
  await page.locator('#prompt').fill('Add a changelog entry for the release');

  server = await startServer(['--speed', '100'], { port });
  // Tried again by itself: the environments appear and the task can start.
  await page.locator('#environment').waitFor({ timeout: 20000 });
  const start = page.getByRole('button', { name: 'Start task' });
  assert.equal(await start.isDisabled(), false);
  await start.click();
  await page.waitForURL(/\/tasks\//, { timeout: 20000 });
  await page.locator('.task-header h1').waitFor();
});

test('a page whose code cannot be fetched says so and opens by itself once it can', async () => {
  const page = await newPage(browser);
  // The composer's chunk does not arrive (as when the network drops before it was fetched).
  let blocked = true;
  await page.route(/split_composer_page-[0-9a-f]+\.wasm$/, (route) => (blocked ? route.abort() : route.continue()));
  await page.goto(server.url);
  await page.locator('.task-row').first().waitFor();
  await page.getByRole('link', { name: 'New task' }).click();
  await page.waitForURL(/\/new$/);
  await page.getByText("Can't reach the server to open this page").waitFor({ timeout: 20000 });
  assert.equal(await page.locator('#prompt').count(), 0);
  blocked = false;
  // Tried again by itself: the composer appears in place, no reload.
  await page.locator('#prompt').waitFor({ timeout: 20000 });
  assert.equal(await page.getByText("Can't reach the server to open this page").count(), 0);
  // The chunk loader logs each failed fetch; those were provoked here. Anything else still fails.
  page.errors = page.errors.filter((error) => !/TypeError: Failed to fetch/.test(error));
});
