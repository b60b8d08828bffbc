// The task page leads with its outcome: the primary action is in view without scrolling, on a
// desktop and on a phone, and stays in view while the answer scrolls; a PR that exists is one
// click away.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { withServer, newPage, getJson } from './helpers.mjs';

const env = withServer(['--seed', '3']);

/** A finished task of one round (no follow-ups) with a diff and no pull request yet. */
async function singleRoundTask(skip = 0) {
  const list = await getJson(`${env.server.api}/wham/tasks/list?task_filter=all&limit=100`);
  const candidates = list.items.filter((item) => item.task_status_display?.latest_turn_status_display?.turn_status === 'completed' && (item.pull_requests ?? []).length === 0 && (item.task_status_display?.latest_turn_status_display?.diff_stats?.lines_added ?? 0) > 0);
  const found = [];
  for (const item of candidates) {
    const mapping = await getJson(`${env.server.api}/wham/tasks/${item.id}/turns`);
    const users = Object.values(mapping.turn_mapping).filter((node) => node.turn?.role === 'user').length;
    const attempts = Object.values(mapping.turn_mapping).filter((node) => node.turn?.role === 'assistant').length;
    if (users === 1 && attempts === 1) found.push(item);
  }
  assert.ok(found.length > skip, 'the seed has such tasks');
  return found[skip];
}

async function inView(page, locator) {
  const box = await locator.boundingBox();
  const viewport = page.viewportSize();
  return box !== null && box.y >= 0 && box.y + box.height <= viewport.height;
}

test('the primary action is in view at 1280×900 and 390×844, and stays there', async () => {
  const task = await singleRoundTask(0);
  for (const viewport of [{ width: 1280, height: 900 }, { width: 390, height: 844 }]) {
    const page = await newPage(env.browser, { viewport });
    await page.goto(`${env.server.url}/tasks/${task.id}`);
    const create = page.getByRole('button', { name: 'Create PR', exact: true });
    await create.waitFor();
    assert.ok(await inView(page, create), `Create PR in view at ${viewport.width}×${viewport.height}`);
    await page.mouse.wheel(0, 2500);
    await page.waitForTimeout(200);
    assert.ok(await inView(page, create), `Create PR still in view after scrolling at ${viewport.width}×${viewport.height}`);
    await page.context().close();
  }
});

test('once a pull request exists, View PR opens it', async () => {
  const task = await singleRoundTask(1);
  const page = await newPage(env.browser);
  await page.goto(`${env.server.url}/tasks/${task.id}`);
  await page.getByRole('button', { name: 'Create PR', exact: true }).click();
  const view = page.getByRole('link', { name: /^View PR/ });
  await view.waitFor({ timeout: 10000 });
  assert.match(await view.getAttribute('href'), /^https:\/\/github\.com\/[^/]+\/[^/]+\/pull\/\d+$/);
  assert.equal(await view.getAttribute('target'), '_blank');
  assert.match(await view.getAttribute('rel'), /noopener/);
});
