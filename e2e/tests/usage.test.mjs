// Limits before a 429: the header badge counts what is left and, at the limit, counts down to
// the reset; the Usage page shows the windows as bars.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { withServer, newPage, getJson } from './helpers.mjs';

const env = withServer(['--speed', '200']);

async function createTasks(count) {
  const environments = await getJson(`${env.server.api}/wham/environments`);
  const statuses = [];
  for (let index = 0; index < count; index++) {
    const body = {
      new_task: { environment_id: environments[0].id, branch: 'main', run_environment_in_qa_mode: false },
      input_items: [{ type: 'message', role: 'user', content: [{ content_type: 'text', text: `Task number ${index}` }] }],
    };
    const response = await fetch(`${env.server.api}/wham/tasks`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    statuses.push(response.status);
  }
  return statuses;
}

// First, while the server's task window is unused: its reset time is now.
test('a window with nothing used says no reset time; one that resets later says when', async () => {
  const usage = await getJson(`${env.server.api}/wham/usage`);
  assert.equal(usage.rate_limit.primary_window.used_percent, 0);
  assert.equal(usage.rate_limit.primary_window.reset_after_seconds, 0);
  const page = await newPage(env.browser);
  await page.goto(`${env.server.url}/usage`);
  const lines = page.locator('.usage-window p');
  await lines.first().waitFor();
  // Not "resets just now", which reads as if something were about to happen.
  assert.deepEqual(await lines.allInnerTexts(), ['0% used', '0% used · resets in 3 days']);
  // No task started yet: the days say so in words, not as a box of flat bars.
  await page.getByText(/^\d{4}-\d\d-\d\d – \d{4}-\d\d-\d\d: no tasks in these 14 days\.$/).waitFor();
  assert.equal(await page.locator('.usage-chart').count(), 0);
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('when a window\'s reset time comes while the page is open, the usage is read again', async () => {
  const page = await newPage(env.browser);
  // The browser's clock, moved on by hand below (the server's stays where it is).
  await page.clock.install();
  const asked = [];
  page.on('request', (request) => {
    if (new URL(request.url()).pathname.endsWith('/wham/usage')) asked.push(request.url());
  });
  await page.goto(`${env.server.url}/usage`);
  const secondary = page.locator('.usage-window p').nth(1);
  await secondary.filter({ hasText: 'resets in 3 days' }).waitFor();
  const before = asked.length;
  // Three and a half days pass for the browser: past the secondary window's reset.
  const reread = page.waitForResponse((response) => new URL(response.url()).pathname.endsWith('/wham/usage'));
  await page.clock.fastForward(3.5 * 86_400_000 + 60_000);
  await reread;
  await page.waitForFunction(() => !/resets in 3 days/.test(document.querySelectorAll('.usage-window p')[1]?.textContent ?? ''), null, { timeout: 10_000 });
  assert.ok(asked.length > before, 'the usage was asked for again');
  // The new reading's reset (half a week from the server's now) is read against the browser's
  // moved clock: never a reset in the past.
  assert.doesNotMatch(await secondary.innerText(), /ago/);
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('the header badge and the Usage page show one reading of the task limit, read again when the page opens on an old one', async () => {
  const before = await getJson(`${env.server.api}/wham/tasks/rate_limit`);
  const page = await newPage(env.browser);
  const asked = [];
  page.on('request', (request) => {
    if (new URL(request.url()).pathname.endsWith('/wham/tasks/rate_limit')) asked.push(request.url());
  });
  await page.goto(env.server.url);
  const badge = page.locator('.usage-badge');
  await badge.waitFor();
  assert.equal((await badge.innerText()).trim(), `${before.remaining} tasks left`);
  // A task started elsewhere (another tab, the CLI) uses one; a page opened over ten seconds
  // after the badge's reading asks again, and the badge shows the same new count.
  assert.deepEqual(await createTasks(1), [200]);
  await page.waitForTimeout(10_500);
  await badge.click();
  await page.waitForURL(/\/usage$/);
  await page.getByText(`${before.remaining - 1} of ${before.limit} task creations left`).waitFor();
  assert.equal((await badge.innerText()).trim(), `${before.remaining - 1} tasks left`);
  assert.equal(asked.length, 2, asked.join('\n'));
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('the header counts the tasks left, and counts down to the reset at the limit', async () => {
  const before = await getJson(`${env.server.api}/wham/tasks/rate_limit`);
  const page = await newPage(env.browser);
  await page.goto(env.server.url);
  const badge = page.locator('.usage-badge');
  await badge.waitFor();
  assert.equal((await badge.innerText()).trim(), `${before.remaining} tasks left`);
  assert.deepEqual(await createTasks(2), [200, 200]);
  await page.reload();
  await page.getByText(`${before.remaining - 2} tasks left`).waitFor();
  // Use up the rest of the window: the badge says so and counts down.
  const statuses = await createTasks(before.remaining - 2 + 1);
  assert.equal(statuses.at(-1), 429);
  await page.reload();
  await page.locator('.usage-badge.usage-reached').waitFor();
  const first = (await badge.innerText()).trim();
  assert.match(first, /^Limit reached · resets in (\d+:)?\d+:\d\d$/);
  await page.waitForFunction((text) => document.querySelector('.usage-badge').innerText.trim() !== text, first, { timeout: 5000 });
  // The Usage page shows the windows.
  await badge.click();
  await page.waitForURL(/\/usage$/);
  await page.getByRole('heading', { name: 'Usage and limits' }).waitFor();
  const meters = page.getByRole('meter');
  await meters.first().waitFor();
  assert.equal(await meters.count(), 2);
  assert.equal(await meters.first().getAttribute('aria-valuenow'), '100');
  await page.getByText('0 of 60 task creations left').waitFor();
  assert.equal(await page.title(), 'Usage · WHAM Web');
  // Per day: the tasks just started are on today's bar, counted like the server counts them.
  const breakdown = await getJson(`${env.server.api}/wham/usage/daily-token-usage-breakdown`);
  const today = breakdown.data.at(-1);
  const bars = page.locator('.usage-chart rect');
  await bars.first().waitFor();
  assert.equal(await bars.count(), breakdown.data.length);
  assert.equal(await bars.last().locator('title').textContent(), `${today.date}: ${today.tasks} tasks`);
  await page.getByText('No credits spent.').waitFor();
  assert.equal(await page.locator('.requirement.done').count(), 2);
  // The composer says when a task can start again, and keeps the draft.
  await page.goto(`${env.server.url}/new`);
  await page.locator('#prompt').fill('Wait for the window');
  await page.getByText('Task limit reached: you can start one again in').waitFor();
  await page.reload();
  assert.equal(await page.locator('#prompt').inputValue(), 'Wait for the window');
});
