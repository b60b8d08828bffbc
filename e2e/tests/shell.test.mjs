// The release build served by `wham-server --static`: the task list, bookmarkable routes,
// the not-found page, the Connection panel.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launchBrowser, newPage, getJson } from './helpers.mjs';

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

test('the task list shows the server\'s tasks', async () => {
  const expected = await getJson(`${server.api}/wham/tasks/list?task_filter=current&limit=20`);
  const page = await newPage(browser);
  await page.goto(server.url);
  await page.locator('.task-row').first().waitFor();
  const titles = await page.locator('.task-row .task-title').allTextContents();
  assert.deepEqual(titles.map((t) => t.trim()), expected.items.map((item) => item.title));
  // Status words are visible, not only colours.
  const firstStatus = await page.locator('.task-row .badge').first().textContent();
  assert.match(firstStatus, /Running|Ready|Pending|Failed|Cancelled/);
  assert.deepEqual(page.errors, []);
});

test('load more appends the next page without repeats', async () => {
  const page = await newPage(browser);
  await page.goto(server.url + '/?filter=all');
  await page.locator('.task-row').first().waitFor();
  assert.equal(await page.locator('.task-row').count(), 20);
  await page.getByRole('button', { name: 'Load more' }).click();
  await page.waitForFunction(() => document.querySelectorAll('.task-row').length > 20);
  const ids = await page.locator('.task-row').evaluateAll((rows) => rows.map((row) => row.dataset.taskId));
  assert.equal(new Set(ids).size, ids.length);
});

test('archived filter is in the URL and survives a reload', async () => {
  const expected = await getJson(`${server.api}/wham/tasks/list?task_filter=archived&limit=20`);
  const page = await newPage(browser);
  await page.goto(server.url);
  await page.getByRole('link', { name: 'Archived' }).click();
  await page.waitForURL(/filter=archived/);
  await page.reload();
  await page.locator('.task-row').first().waitFor();
  const titles = await page.locator('.task-row .task-title').allTextContents();
  assert.deepEqual(titles.map((t) => t.trim()), expected.items.map((item) => item.title));
  assert.equal(await page.locator('.tab[aria-current="page"]').textContent(), 'Archived');
});

test('a task link opens the task, and its URL loads directly', async () => {
  const list = await getJson(`${server.api}/wham/tasks/list?task_filter=current&limit=5`);
  const page = await newPage(browser);
  await page.goto(server.url);
  await page.locator('.task-row .task-title').nth(1).click();
  await page.waitForURL(/\/tasks\//);
  await page.locator('.task-header h1').waitFor();
  assert.equal((await page.locator('.task-header h1').textContent()).trim(), list.items[1].title);
  const url = page.url();
  const fresh = await newPage(browser);
  await fresh.goto(url);
  await fresh.locator('.task-header h1').waitFor();
  assert.equal((await fresh.locator('.task-header h1').textContent()).trim(), list.items[1].title);
  assert.deepEqual([...page.errors, ...fresh.errors], []);
});

test('unknown pages and unknown tasks say so', async () => {
  const page = await newPage(browser);
  await page.goto(server.url + '/no/such/page');
  await page.getByRole('heading', { name: 'Page not found' }).waitFor();
  await page.goto(server.url + '/tasks/task_e_does_not_exist');
  const alert = page.getByRole('alert');
  await alert.waitFor();
  assert.match(await alert.textContent(), /not found/i);
});

test('navigation links reach every section', async () => {
  const page = await newPage(browser);
  await page.goto(server.url);
  await page.getByRole('link', { name: 'Environments' }).click();
  await page.getByRole('heading', { name: 'Environments' }).waitFor();
  await page.locator('.card').first().waitFor();
  await page.getByRole('link', { name: 'Settings' }).click();
  await page.getByRole('heading', { name: 'Connection' }).waitFor();
  await page.getByRole('link', { name: 'Tasks', exact: true }).click();
  await page.locator('.task-row').first().waitFor();
});
