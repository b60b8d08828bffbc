// The keyboard on the task page and the composer: attempts, diff, logs, copy, follow-up, `?`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { withServer, newPage, getJson } from './helpers.mjs';

const env = withServer(['--seed', '3']);

test('a task page answers to its keys, and ? lists them', async () => {
  const list = await getJson(`${env.server.api}/wham/tasks/list?task_filter=all&limit=100`);
  const task = list.items.find((item) => item.task_status_display.latest_turn_status_display.sibling_turn_ids.length > 0 && item.task_status_display.latest_turn_status_display.turn_status === 'completed');
  const page = await newPage(env.browser, { permissions: ['clipboard-read', 'clipboard-write'] });
  await page.goto(`${env.server.url}/tasks/${task.id}`);
  const tabs = page.getByRole('tablist', { name: 'Attempts' }).getByRole('tab');
  await tabs.first().waitFor();
  const first = await page.locator('.assistant-turn').getAttribute('data-turn-id');
  await page.keyboard.press(']');
  await page.waitForFunction((id) => document.querySelector('.assistant-turn')?.dataset.turnId !== id, first);
  assert.equal(await tabs.nth(1).getAttribute('aria-selected'), 'true');
  await page.keyboard.press('[');
  await page.waitForFunction((id) => document.querySelector('.assistant-turn')?.dataset.turnId === id, first);
  await page.keyboard.press('l');
  await page.getByRole('tabpanel', { name: 'Logs' }).waitFor();
  assert.equal(await page.getByRole('tab', { name: 'Logs' }).getAttribute('aria-selected'), 'true');
  await page.keyboard.press('d');
  await page.getByRole('tabpanel', { name: 'Diff' }).locator('.diff-row').first().waitFor();
  // The copy is reported to the service for the attempt shown, as the official clients do.
  const reported = page.waitForRequest((request) => request.method() === 'POST' && request.url().endsWith(`/turns/${encodeURIComponent(first)}/copy_git_apply`));
  await page.keyboard.press('y');
  await page.getByText('Copied the git apply command').waitFor();
  assert.match(await page.evaluate(() => navigator.clipboard.readText()), /^base64 --decode <<'WHAM_PATCH_END' \| git apply --3way/);
  assert.equal((await (await reported).response()).status(), 200);
  await page.keyboard.press('r');
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'follow-up-text');
  await page.locator('#follow-up-text').press('Escape');
  await page.evaluate(() => document.activeElement?.blur());
  await page.keyboard.press('?');
  const dialog = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
  await dialog.waitFor();
  assert.match(await dialog.innerText(), /Next attempt/);
  await page.keyboard.press('Escape');
  await dialog.waitFor({ state: 'detached' });
  // Tabs follow the WAI-ARIA pattern: arrows move and choose, only the chosen tab is in the
  // Tab order.
  await tabs.first().focus();
  await page.keyboard.press('ArrowRight');
  await page.waitForFunction(() => document.activeElement?.getAttribute('aria-selected') === 'true' && document.activeElement.textContent.includes('Attempt 2'));
  assert.equal(await tabs.nth(1).getAttribute('tabindex'), '0');
  assert.equal(await tabs.first().getAttribute('tabindex'), '-1');
  const tools = page.getByRole('tablist', { name: 'Show' }).getByRole('tab');
  await tools.first().focus();
  await page.keyboard.press('End');
  await page.waitForURL(/[?&]tab=activity/);
  assert.equal(await page.getByRole('tab', { name: 'Activity' }).getAttribute('aria-selected'), 'true');
});

test('the composer starts with the cursor in the prompt', async () => {
  const page = await newPage(env.browser);
  await page.goto(env.server.url);
  await page.locator('.task-row').first().waitFor();
  await page.keyboard.press('c');
  await page.waitForURL(/\/new$/);
  await page.waitForFunction(() => document.activeElement?.id === 'prompt');
});

test('the composer starts a task with Ctrl+Enter, or ⌘+Enter on a Mac, and says which', async () => {
  const cases = [
    { platform: null, chord: 'Ctrl+Enter', key: 'Control+Enter' },
    // No Mac here: the browser says it is one (its `navigator.platform`), and the key is real.
    { platform: 'MacIntel', chord: '⌘+Enter', key: 'Meta+Enter' },
  ];
  for (const { platform, chord, key } of cases) {
    const page = await newPage(env.browser);
    if (platform) {
      await page.addInitScript((platform) => {
        Object.defineProperty(Navigator.prototype, 'platform', { get: () => platform });
      }, platform);
    }
    await page.goto(`${env.server.url}/new`);
    await page.getByText(`${chord} to start. The draft is saved as you type.`).waitFor();
    await page.locator('#prompt').fill(`Started with ${chord}`);
    await page.keyboard.press(key);
    await page.waitForURL(/\/tasks\/[^/]+$/);
    await page.getByText(`Started with ${chord}`).first().waitFor();
    await page.context().close();
  }
});
