// A failed turn explains itself: the error, what it ran last, and the next steps.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { withServer, newPage, getJson, createTask } from './helpers.mjs';

const env = withServer(['--seed', '3']);

test('a failed turn shows what failed and offers the next steps', async () => {
  const list = await getJson(`${env.server.api}/wham/tasks/list?task_filter=all&limit=100`);
  const failed = list.items.find((item) => item.task_status_display?.latest_turn_status_display?.turn_status === 'failed');
  assert.ok(failed, 'the seed has a failed task');
  const page = await newPage(env.browser);
  await page.goto(`${env.server.url}/tasks/${failed.id}`);
  const help = page.getByRole('region', { name: 'Why it failed' });
  await help.waitFor();
  assert.match(await help.locator('.failure-output').innerText(), /npm ERR! code ERESOLVE/);
  assert.match(await page.locator('.turn-error').first().innerText(), /setup script exited with status 1/);
  assert.match(await help.getByRole('link', { name: 'Test the environment' }).getAttribute('href'), /^\/environments\/[^/]+$/);
  await help.getByRole('button', { name: 'Retry as a follow-up' }).click();
  const field = page.locator('#follow-up-text');
  assert.match(await field.inputValue(), /failed/);
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'follow-up-text');
  await help.getByRole('button', { name: 'Open the logs' }).click();
  await page.getByRole('tabpanel', { name: 'Logs' }).locator('.log-line').first().waitFor();
  assert.equal(await page.getByRole('tab', { name: 'Logs' }).getAttribute('aria-selected'), 'true');
});

test('a turn watched until it fails shows the last lines of its log', async () => {
  const created = await createTask(env.server, 'Upgrade the dependencies. [fail]');
  const page = await newPage(env.browser);
  await page.goto(`${env.server.url}/tasks/${created.task.id}`);
  await page.locator('.assistant-turn.live').waitFor();
  // The stream ends; the page shows the server's copy of the failed turn, logs and all.
  const help = page.getByRole('region', { name: 'Why it failed' });
  await help.waitFor({ timeout: 60000 });
  assert.match(await help.locator('.failure-output').innerText(), /Running setup script\nnpm ERR! code ERESOLVE/);
  assert.deepEqual(page.errors, []);
});

test('a task whose reading fails says so, and Try again opens it once the server answers', async () => {
  const [task] = (await getJson(`${env.server.api}/wham/tasks/list?task_filter=all&limit=1`)).items;
  const page = await newPage(env.browser);
  let failing = true;
  // The task itself (not its turns) answers 503 while `failing`, to the early request and to
  // every retry of the app's.
  await page.route((url) => url.pathname === `/backend-api/wham/tasks/${task.id}`, (route) => (failing
    ? route.fulfill({ status: 503, contentType: 'application/json', body: '{"detail":"The service is busy."}' })
    : route.continue()));
  await page.goto(`${env.server.url}/tasks/${task.id}`);
  const alert = page.getByRole('alert').filter({ hasText: 'busy' });
  await alert.waitFor({ timeout: 20000 });
  assert.equal(await page.locator('.task-header h1').count(), 0);
  failing = false;
  await alert.getByRole('button', { name: 'Try again' }).click();
  await page.locator('.task-header h1').waitFor();
  assert.equal((await page.locator('.task-header h1').textContent()).trim(), task.title);
  await page.locator('.assistant-turn').first().waitFor();
  assert.equal(await alert.count(), 0, 'the error went once the task came');
  assert.deepEqual(page.errors, []);
});
