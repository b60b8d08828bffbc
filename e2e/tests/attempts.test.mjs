// A best-of-2 task: the header, the attempt tabs and the answer agree while it runs, and every
// tab ends Ready without a reload.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { withServer, newPage, getJson } from './helpers.mjs';

const env = withServer(['--speed', '1']);

test('every attempt of a running task is followed until it ends', async () => {
  const environments = await getJson(`${env.server.api}/wham/environments`);
  const body = {
    new_task: { environment_id: environments[0].id, branch: 'main', run_environment_in_qa_mode: false },
    input_items: [{ type: 'message', role: 'user', content: [{ content_type: 'text', text: 'Tidy the release notes script' }] }],
    metadata: { best_of_n: 2 },
  };
  const response = await fetch(`${env.server.api}/wham/tasks`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  assert.equal(response.status, 200);
  const { task } = await response.json();
  const page = await newPage(env.browser);
  await page.goto(`${env.server.url}/tasks/${task.id}`);
  const tabs = page.getByRole('tablist', { name: 'Attempts' }).getByRole('tab');
  await tabs.nth(1).waitFor({ timeout: 10000 });
  // While it runs, the header and the chosen tab say what the answer says, at the same moment.
  await page.waitForFunction(() => {
    const text = (selector) => document.querySelector(selector)?.textContent.trim();
    const answer = text('.assistant-turn .turn-head .badge');
    return answer === 'Running' && text('[role=tab][aria-selected=true] .badge') === answer && text('.task-header .badge') === answer;
  }, null, { timeout: 30000 });
  // Both end Ready without a reload, the one not on screen too.
  for (const index of [0, 1]) {
    await tabs.nth(index).locator('.badge', { hasText: 'Ready' }).waitFor({ timeout: 60000 });
  }
  await page.locator('.task-header .badge', { hasText: 'Ready' }).waitFor({ timeout: 10000 });
});
