// The live turn view: events appear as the agent works, the stream survives being cut, the
// final page equals the server's turn, and leaving the page closes the stream.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launchBrowser, newPage, getJson, recordNotifications, createTask, createFollowUp } from './helpers.mjs';

let browser;
const servers = [];

after(async () => {
  await browser?.close();
  for (const server of servers) await server.stop();
});

async function setup(args) {
  const server = await startServer(args);
  servers.push(server);
  browser ??= await launchBrowser();
  return server;
}

/** The answer's text and activity as the page shows them, once the turn is done. */
async function finalContent(page) {
  await page.locator('.assistant-turn .turn-head .badge', { hasText: /Ready|Failed|Cancelled/ }).first().waitFor({ timeout: 60000 });
  await page.locator('.assistant-turn:not(.live)').waitFor({ timeout: 20000 });
  // What the agent did is the Activity tab beside the answer.
  await page.locator('.assistant-turn .tool-tab', { hasText: 'Activity' }).first().click();
  return {
    message: (await page.locator('.assistant-turn .message .markdown').first().innerText()).trim(),
    activity: await page.locator('.assistant-turn .worklog').first().locator('summary').innerText(),
    status: (await page.locator('.assistant-turn .turn-head .badge').first().innerText()).trim(),
  };
}

/** Text without markdown marks and extra spaces, to compare rendered and raw messages. */
const plain = (text) => text.replace(/[`#*_]/g, '').replace(/\s+/g, ' ').trim();

async function serverContent(server, taskId, turnId) {
  const { turn } = await getJson(`${server.api}/wham/tasks/${taskId}/turns/${encodeURIComponent(turnId)}`);
  const message = turn.output_items.find((item) => item.type === 'message');
  return { turn, text: message.content.find((part) => part.content_type === 'text').text };
}

/** Headless Chromium cannot put a tab in the background, so this does what Chromium does to one
 * while `window.__hidden` (set here to `hiddenAtStart`): document.visibilityState is "hidden"
 * and animation frames wait until `window.__show()`. */
async function emulateHiddenTab(page, hiddenAtStart) {
  await page.addInitScript((hiddenAtStart) => {
    window.__hidden = hiddenAtStart;
    const realFrame = window.requestAnimationFrame.bind(window);
    const waiting = [];
    window.requestAnimationFrame = (callback) => (window.__hidden ? (waiting.push(callback), 0) : realFrame(callback));
    Object.defineProperty(document, 'visibilityState', { get: () => (window.__hidden ? 'hidden' : 'visible') });
    window.__show = () => { window.__hidden = false; for (const callback of waiting.splice(0)) realFrame(callback); };
  }, hiddenAtStart);
}

test('a new task streams into the page in order until the final message', async () => {
  const server = await setup(['--seed', '7', '--speed', '2']);
  const created = await createTask(server, 'Add structured logging to the worker.');
  const page = await newPage(browser);
  const states = [];
  await page.exposeFunction('recordState', (text) => states.push(text));
  await page.goto(`${server.url}/tasks/${created.task.id}`);
  await page.locator('.stream-state', { hasText: 'Live' }).waitFor({ timeout: 15000 });
  // Watch the latest-event line change as events arrive.
  await page.evaluate(() => {
    const seen = new Set();
    const observer = new MutationObserver(() => {
      const text = document.querySelector('.now-doing .latest')?.textContent;
      if (text && !seen.has(text)) { seen.add(text); window.recordState(text); }
    });
    observer.observe(document.body, { subtree: true, childList: true, characterData: true });
  });
  await page.locator('.task-header h1', { hasText: 'Add structured logging to the worker' }).waitFor({ timeout: 30000 });
  const final = await finalContent(page);
  const { turn, text } = await serverContent(server, created.task.id, created.turn.id);
  assert.equal(turn.turn_status, 'completed');
  assert.equal(final.status, 'Ready');
  assert.ok(final.message.startsWith('Summary'), final.message);
  assert.ok(plain(final.message).includes(plain(text.split('\n')[1]).slice(0, 60)), 'the page shows the server\'s final message');
  assert.ok(states.length >= 3, `saw the agent's progress: ${states.join(' | ')}`);
  assert.ok(states.some((state) => /Running|Writing/.test(state)), states.join(' | '));
  assert.deepEqual(page.errors, []);
});

test('as a live turn ends, its tools panel is replaced without a moment empty', async () => {
  // The page builds a tools panel a task after the answers only on its first build: at a
  // turn's end the finished view replaces the live one, and a panel built a task later would
  // stand empty in between (a flash of the diff or activity going away).
  const server = await setup(['--seed', '11', '--speed', '2']);
  const created = await createTask(server, 'Tidy the config loader.');
  const page = await newPage(browser);
  await page.goto(`${server.url}/tasks/${created.task.id}`);
  await page.locator('.assistant-turn.live .tool-panel > *').first().waitFor({ timeout: 30000 });
  await page.evaluate(() => {
    window.emptyPanels = 0;
    new MutationObserver(() => {
      for (const panel of document.querySelectorAll('.assistant-turn .tool-panel')) if (!panel.firstElementChild) window.emptyPanels++;
    }).observe(document.body, { subtree: true, childList: true });
  });
  await finalContent(page);
  assert.equal(await page.locator('.assistant-turn:not(.live) .tool-panel > *').count() > 0, true, 'the finished turn shows its tools');
  assert.equal(await page.evaluate(() => window.emptyPanels), 0, 'no moment with an empty tools panel');
  assert.deepEqual(page.errors, []);
});

test('with streams cut mid-turn the page resumes and ends equal to the server', async () => {
  const server = await setup(['--seed', '8', '--speed', '3', '--chaos', '0.35']);
  let created;
  for (let i = 0; i < 10 && !created; i++) {
    try { created = await createTask(server, 'Make the importer resumable.'); } catch { /* chaos said no */ }
  }
  assert.ok(created, 'a task was created despite the chaos');
  const page = await newPage(browser);
  await page.goto(`${server.url}/tasks/${created.task.id}`);
  const final = await finalContent(page);
  const { turn, text } = await serverContent(server, created.task.id, created.turn.id);
  assert.equal(final.status, 'Ready');
  assert.equal(turn.turn_status, 'completed');
  assert.ok(plain(final.message).includes(plain(text.split('\n')[1]).slice(0, 60)), `page: ${final.message}\nserver: ${text}`);
  const commands = turn.thread_events.events.filter((event) => event.method === 'item/completed' && event.params.item.type === 'commandExecution').length;
  assert.ok(commands >= 2);
  assert.deepEqual(page.errors, []);
});

test('leaving the page closes the stream', async () => {
  const server = await setup(['--seed', '9', '--speed', '0.3']);
  const created = await createTask(server, 'A slow refactor of the scheduler.');
  const page = await newPage(browser);
  await page.goto(`${server.url}/tasks/${created.task.id}`);
  await page.locator('.stream-state', { hasText: 'Live' }).waitFor({ timeout: 15000 });
  const open = async () => (await getJson(`${server.api}/_debug/streams`)).open;
  assert.equal(await open(), 1);
  await page.getByRole('link', { name: '← Tasks' }).click();
  await page.locator('.task-row').first().waitFor();
  for (let i = 0; i < 50 && (await open()) !== 0; i++) await page.waitForTimeout(100);
  assert.equal(await open(), 0, 'the server saw the stream close');
});

test('with a token, the stream is read with fetch and the credentials', async () => {
  const server = await setup(['--seed', '10', '--speed', '2', '--require-auth', 'tok-123456789']);
  const headers = { authorization: 'Bearer tok-123456789', 'chatgpt-account-id': 'acct-1' };
  const created = await createTask(server, 'Document the deploy process.', headers);
  const page = await newPage(browser);
  await page.goto(`${server.url}/`);
  // A 401 brings the person to Settings → Connection.
  await page.waitForURL(/\/settings/);
  await page.getByRole('alert').filter({ hasText: '401' }).waitFor();
  await page.getByLabel('Bearer token').fill('tok-123456789');
  await page.getByLabel('ChatGPT-Account-Id').fill('acct-1');
  await page.getByRole('button', { name: 'Save connection' }).click();
  await page.getByText('Saved.').waitFor();
  assert.equal(await page.getByLabel('Bearer token').inputValue(), '', 'the token is not shown back');
  await page.goto(`${server.url}/tasks/${created.task.id}`);
  const final = await finalContent(page);
  assert.equal(final.status, 'Ready');
  assert.deepEqual(page.errors, []);
});

test('the task list updates a running task without a reload, and its notification opens it', async () => {
  const server = await setup(['--seed', '11', '--speed', '1.5']);
  const page = await newPage(browser);
  await recordNotifications(page);
  await page.goto(server.url);
  await page.locator('.task-row').first().waitFor();
  const created = await createTask(server, 'Tidy the CI configuration.');
  const row = page.locator(`.task-row[data-task-id="${created.task.id}"]`);
  await row.waitFor({ timeout: 15000 });
  await row.locator('.badge', { hasText: 'Ready' }).waitFor({ timeout: 40000 });
  await row.locator('.unread-dot').waitFor();
  const tags = await page.evaluate(() => window.__notifications.map((notification) => notification.tag));
  assert.deepEqual(tags, [created.task.id], 'one notification, for the task that finished');
  await page.evaluate(() => window.__notifications[0].onclick());
  await page.waitForURL(`**/tasks/${created.task.id}`);
  await page.locator('.task-header h1').waitFor();
  assert.deepEqual(page.errors, []);
});

test('coming back to the window, the list shows what changed meanwhile', async () => {
  // One task and nothing running: the list has no reason to re-read itself on its timer.
  const server = await setup(['--seed', '19', '--speed', '2', '--tasks', '0']);
  const created = await createTask(server, 'Tidy the CI configuration.');
  const turnUrl = `${server.api}/wham/tasks/${created.task.id}/turns/${encodeURIComponent(created.turn.id)}`;
  for (let waited = 0; (await getJson(turnUrl)).turn.turn_status !== 'completed'; waited++) {
    assert.ok(waited < 120, 'the task finishes');
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  const page = await newPage(browser);
  await page.goto(server.url);
  const badge = page.locator(`.task-row[data-task-id="${created.task.id}"] .badge`);
  await badge.filter({ hasText: 'Ready' }).waitFor();
  // Meanwhile, elsewhere (another tab, the CLI), a follow-up starts: the task runs again.
  await createFollowUp(server, created.task.id, created.turn.id, 'Also lint the workflows.');
  // The person comes back to the window: the row says so at once, without a reload (queued or
  // already running: the list re-reads itself every few seconds from then on, and at speed 2
  // the follow-up can be done between two of those).
  await page.evaluate(() => window.dispatchEvent(new Event('focus')));
  await badge.filter({ hasText: /Pending|Running/ }).waitFor();
  assert.equal(await page.locator('.task-row').count(), 1, 'the same row, updated in place');
  assert.deepEqual(page.errors, []);
});

test('a hidden tab keeps the stream without frames, notices the end and notifies', async () => {
  const server = await setup(['--seed', '12', '--speed', '3']);
  const created = await createTask(server, 'Rename the config loader.');
  const page = await newPage(browser);
  await recordNotifications(page);
  // Shown at first, hidden once the stream is live.
  await emulateHiddenTab(page, false);
  await page.goto(`${server.url}/tasks/${created.task.id}`);
  await page.locator('.stream-state', { hasText: 'Live' }).waitFor({ timeout: 15000 });
  await page.evaluate(() => { window.__hidden = true; });
  // The turn ends while the tab is hidden: the page notices and tells the person.
  await page.waitForFunction(() => window.__notifications.length > 0, null, { timeout: 60000, polling: 200 });
  const [notification] = await page.evaluate(() => window.__notifications.map(({ title, body, tag }) => ({ title, body, tag })));
  assert.equal(notification.title, 'Codex task finished');
  assert.equal(notification.tag, created.task.id);
  assert.match(notification.body, /Ready/);
  const { turn } = await serverContent(server, created.task.id, created.turn.id);
  assert.equal(turn.turn_status, 'completed', 'the server agrees the turn ended');
  assert.equal(await page.locator('.assistant-turn.live').count(), 1, 'nothing is re-rendered while hidden');
  // Back in front, the page shows the finished turn as the server holds it.
  await page.evaluate(() => window.__show());
  const final = await finalContent(page);
  assert.equal(final.status, 'Ready');
  assert.deepEqual(page.errors, []);
});

test('a section collapsed during a live turn stays collapsed as events arrive', async () => {
  const server = await setup(['--seed', '13', '--speed', '1']);
  const created = await createTask(server, 'Speed up the importer. [flood 3000]');
  const page = await newPage(browser);
  await page.goto(`${server.url}/tasks/${created.task.id}`);
  const activity = page.locator('.assistant-turn.live details.worklog', { hasText: 'Agent activity' });
  await activity.locator('summary').waitFor({ timeout: 30000 });
  const count = async () => Number((await activity.locator('summary').innerText()).match(/\d+/)[0]);
  const before = await count();
  await activity.locator('summary').click();
  assert.equal(await activity.evaluate((details) => details.open), false);
  // The agent goes on (more items arrive) while the section is closed.
  for (let i = 0; i < 100 && (await count()) <= before; i++) await page.waitForTimeout(100);
  assert.ok((await count()) > before, 'new activity arrived');
  assert.equal(await activity.evaluate((details) => details.open), false, 'still collapsed');
  assert.deepEqual(page.errors, []);
});

test('cancelling a running turn ends its stream and shows it cancelled', async () => {
  const server = await setup(['--seed', '14', '--speed', '0.5']);
  const created = await createTask(server, 'Port the scheduler to async.');
  const page = await newPage(browser);
  page.on('dialog', (dialog) => dialog.accept());
  await page.goto(`${server.url}/tasks/${created.task.id}`);
  await page.locator('.stream-state', { hasText: 'Live' }).waitFor({ timeout: 15000 });
  // One Cancel for the one running thing.
  assert.equal(await page.getByRole('button', { name: /^Cancel/ }).count(), 1);
  await page.locator('.assistant-turn.live').getByRole('button', { name: 'Cancel', exact: true }).click();
  await page.locator('.assistant-turn:not(.live) .turn-head .badge', { hasText: 'Cancelled' }).waitFor({ timeout: 20000 });
  const { turn } = await getJson(`${server.api}/wham/tasks/${created.task.id}/turns/${encodeURIComponent(created.turn.id)}`);
  assert.equal(turn.turn_status, 'cancelled');
  for (let i = 0; i < 50 && (await getJson(`${server.api}/_debug/streams`)).open !== 0; i++) await page.waitForTimeout(100);
  assert.equal((await getJson(`${server.api}/_debug/streams`)).open, 0, 'the stream is closed');
  assert.deepEqual(page.errors, []);
});

test('a follow-up starts a new round that streams live to its answer', async () => {
  const server = await setup(['--seed', '15', '--speed', '3']);
  const created = await createTask(server, 'Add a health check endpoint.');
  const page = await newPage(browser);
  await page.goto(`${server.url}/tasks/${created.task.id}`);
  await finalContent(page);
  await page.getByRole('textbox', { name: 'Follow up' }).fill('Also document it in the README.');
  await page.getByRole('button', { name: 'Send' }).click();
  // The second round appears with its own live answer, then ends.
  await page.locator('.round').nth(1).locator('.prompt', { hasText: 'Also document it in the README.' }).waitFor({ timeout: 15000 });
  await page.locator('.round').nth(1).locator('.assistant-turn:not(.live) .turn-head .badge', { hasText: 'Ready' }).waitFor({ timeout: 60000 });
  const { turn_mapping: mapping } = await getJson(`${server.api}/wham/tasks/${created.task.id}/turns`);
  const assistants = Object.values(mapping).filter((node) => node.turn.role === 'assistant');
  assert.equal(assistants.length, 2);
  assert.ok(assistants.every((node) => node.turn.turn_status === 'completed'));
  assert.deepEqual(page.errors, []);
});

test('a long log\'s tab renders only the lines in view, and scrolls to its last line', async () => {
  const server = await setup(['--seed', '16', '--speed', '4']);
  const created = await createTask(server, 'Run the whole test suite verbosely. [flood 3000]');
  for (let waited = 0; waited < 240; waited++) {
    const { turn } = await serverContent(server, created.task.id, created.turn.id).catch(() => ({ turn: {} }));
    if (turn.turn_status === 'completed') break;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  const { turn } = await getJson(`${server.api}/wham/tasks/${created.task.id}/turns/${encodeURIComponent(created.turn.id)}`);
  const lines = turn.logs.logs.length;
  assert.ok(lines >= 3000, `the turn has ${lines} log lines`);
  const page = await newPage(browser);
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.goto(`${server.url}/tasks/${created.task.id}?tab=logs`);
  const list = page.getByRole('tabpanel', { name: 'Logs' }).locator('.log-lines');
  await list.locator('.log-line').first().waitFor({ timeout: 30000 });
  const rendered = await list.locator('.log-line').count();
  assert.ok(rendered < 200, `${rendered} of ${lines} lines are in the page`);
  await list.evaluate((element) => { element.scrollTop = element.scrollHeight; });
  await list.locator('.line-number', { hasText: new RegExp(`^${lines}$`) }).waitFor();
  assert.ok(await list.locator('.log-line').count() < 200);
  assert.deepEqual(page.errors, []);
});

test('a task of several answers, opened by its address, builds each answer\'s diff once', async () => {
  const server = await setup(['--seed', '5', '--speed', '20']);
  const created = await createTask(server, 'Add a retry to the uploader.');
  const current = async () => (await getJson(`${server.api}/wham/tasks/${created.task.id}`)).current_assistant_turn;
  const finished = async () => {
    for (;;) {
      const turn = await current();
      if (!['pending', 'in_progress'].includes(turn.turn_status)) return turn;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  };
  for (let round = 0; round < 5; round++) {
    const turn = await finished();
    await createFollowUp(server, created.task.id, turn.id, `Also cover case ${round} in the tests.`);
    // The follow-up is the task's current turn once it is recorded.
    while ((await current()).id === turn.id) await new Promise((resolve) => setTimeout(resolve, 100));
  }
  await finished();
  const page = await newPage(browser);
  // Each answer's diff as it enters the page (the app is built outside it and moved in).
  await page.addInitScript(() => {
    window.__diffsBuilt = {};
    new MutationObserver((records) => {
      for (const record of records) for (const node of record.addedNodes) {
        if (node.nodeType !== 1) continue;
        for (const diff of [node, ...node.querySelectorAll('section.diff')].filter((element) => element.matches('section.diff'))) {
          const turn = diff.closest('[data-turn-id]')?.dataset.turnId;
          window.__diffsBuilt[turn] = (window.__diffsBuilt[turn] ?? 0) + 1;
        }
      }
    }).observe(document, { childList: true, subtree: true });
  });
  await page.goto(`${server.url}/tasks/${created.task.id}`);
  await page.locator('.assistant-turn section.diff').nth(5).waitFor();
  await page.waitForTimeout(1500);
  const built = await page.evaluate(() => window.__diffsBuilt);
  assert.equal(Object.keys(built).length, 6, JSON.stringify(built));
  // Built again, an answer's diff would lose where it was scrolled to, and each build of every
  // diff for every answer held the page for a second and a half.
  for (const [turn, count] of Object.entries(built)) assert.equal(count, 1, `${turn}'s diff was built ${count} times`);
  assert.deepEqual(page.errors, []);
});

test('a task of several rounds opened in a hidden tab follows its running answer and notifies', async () => {
  // The rounds below the first are built one a frame; a hidden tab paints none, and its
  // running answer (the last round) must still be followed.
  const server = await setup(['--seed', '15', '--speed', '1']);
  const created = await createTask(server, 'Tidy the CLI flags.');
  for (;;) {
    const { turn } = await getJson(`${server.api}/wham/tasks/${created.task.id}/turns/${encodeURIComponent(created.turn.id)}`);
    if (!['pending', 'in_progress'].includes(turn.turn_status)) break;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  await createFollowUp(server, created.task.id, created.turn.id, 'Also document the new flags.');
  const page = await newPage(browser);
  await recordNotifications(page);
  await emulateHiddenTab(page, true);
  await page.goto(`${server.url}/tasks/${created.task.id}`);
  await page.locator('.assistant-turn.live').waitFor({ timeout: 15000 });
  await page.waitForFunction(() => window.__notifications.length > 0, null, { timeout: 60000, polling: 200 });
  const [notification] = await page.evaluate(() => window.__notifications.map(({ title, tag }) => ({ title, tag })));
  assert.equal(notification.title, 'Codex task finished');
  assert.equal(notification.tag, created.task.id);
  assert.equal(await page.locator('.round').count(), 2);
  assert.deepEqual(page.errors, []);
});
