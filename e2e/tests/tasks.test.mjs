// The heart of the product against a real wham-server: filters, pagination, the task page with
// best-of-N tabs, citations, the diff, actions, the composer, the keyboard, accessibility.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { startServer, launchBrowser, newPage, getJson, createFollowUp, createTask, lineEndInView, waitForCompletedTurn } from './helpers.mjs';

const require = createRequire(import.meta.url);
let server;
let browser;

before(async () => {
  server = await startServer(['--seed', '5', '--speed', '60']);
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

async function findTask(predicate) {
  const list = await getJson(`${server.api}/wham/tasks/list?task_filter=all&limit=100`);
  return list.items.find(predicate);
}

test('the first rows are those the window shows; the rows just below follow without a scroll', async () => {
  const page = await newPage(browser);
  // The number of rows in the list when its first rows are put in the page.
  await page.addInitScript(() => {
    new MutationObserver((records, observer) => {
      const rows = document.querySelectorAll('.task-row').length;
      if (rows) {
        window.firstRows = rows;
        observer.disconnect();
      }
    }).observe(document, { subtree: true, childList: true });
  });
  await page.goto(server.url + '/?filter=all');
  await page.locator('.task-row').first().waitFor();
  // 72: the list's row height (`ROW_HEIGHT`); one more row for a row cut at the bottom.
  const { firstRows, fit } = await page.evaluate(() => ({ firstRows: window.firstRows, fit: Math.ceil(innerHeight / 72) + 1 }));
  assert.ok(firstRows <= fit, `${firstRows} rows built first, ${fit} fit the window`);
  // A quick scroll finds rows below the window already there (the first page has 20).
  await page.waitForFunction((fit) => document.querySelectorAll('.task-row').length > fit, fit);
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('scrolling loads more pages while the DOM stays bounded', async () => {
  const page = await newPage(browser);
  await page.goto(server.url + '/?filter=all');
  await page.locator('.task-row').first().waitFor();
  for (let i = 0; i < 6; i++) {
    await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
    await page.waitForTimeout(250);
  }
  const loaded = Number(await page.locator('.task-row').first().getAttribute('aria-setsize'));
  assert.ok(loaded >= 40 && loaded < 60, `loaded ${loaded}`);
  const rendered = await page.locator('.task-row').count();
  assert.ok(rendered < 40, `only rows in view are rendered, got ${rendered}`);
  // One scroll container: the page. The list has no scrolling box of its own.
  const list = await page.locator('.task-list').evaluate((element) => ({ scroll: element.scrollHeight, client: element.clientHeight, overflow: getComputedStyle(element).overflowY }));
  assert.ok(list.scroll <= list.client + 1 && list.overflow === 'visible', JSON.stringify(list));
  assert.deepEqual(page.errors, []);
});

test('scrolling a long list up and down twenty times leaves its memory nearly level', async () => {
  // A list of its own, long enough for a pass to build a few hundred rows.
  const long = await startServer(['--seed', '5', '--tasks', '200']);
  try {
    const page = await newPage(browser);
    await page.addInitScript(() => addEventListener('TrunkApplicationStarted', (event) => { window.wasmMemory = event.detail?.wasm?.memory; }));
    await page.goto(long.url + '/?filter=all');
    await page.locator('.task-row').first().waitFor();
    await page.waitForFunction(async () => {
      window.scrollTo(0, document.documentElement.scrollHeight);
      await new Promise((resolve) => setTimeout(resolve, 100));
      return Number(document.querySelector('.task-row')?.getAttribute('aria-setsize')) === 200;
    }, null, { timeout: 30000, polling: 200 });
    // Top to bottom, a frame at each step, the way a person flicks through it.
    const pass = () => page.evaluate(async () => {
      const height = document.documentElement.scrollHeight;
      for (let top = 0; top < height; top += 500) {
        window.scrollTo(0, top);
        await new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
      }
    });
    const memoryKb = () => page.evaluate(() => window.wasmMemory.buffer.byteLength / 1024);
    await pass();
    await pass();
    const before = await memoryKb();
    for (let round = 0; round < 20; round++) await pass();
    const grown = (await memoryKb()) - before;
    // Each row read the list's own signals, and each signal kept an entry for every row that
    // ever read it: 1.4-1.8 MB more after these 20 passes. What is left (under 0.4 MB) is
    // Leptos 0.8's own: an owner keeps a small entry for each row built (see row_state.rs).
    assert.ok(grown < 900, `the wasm memory grew by ${grown} KB over 20 passes`);
    assert.equal(await page.locator('.task-row').first().getAttribute('aria-setsize'), '200');
    assert.deepEqual(page.errors, []);
  } finally {
    await long.stop();
  }
});

test('opening tasks and coming straight back leaves no list page behind', async () => {
  // A list page left before its prompt box's code came (that waits for a pause in scrolling)
  // was kept for ever, rows and all, with its key listener still on the window.
  const list = await getJson(`${server.api}/wham/tasks/list?task_filter=all&limit=20`);
  const ids = list.items.filter((item) => item.task_status_display?.latest_turn_status_display?.turn_status === 'completed').map((item) => item.id);
  assert.ok(ids.length >= 3, 'finished tasks to open');
  const page = await newPage(browser);
  const session = await page.context().newCDPSession(page);
  const keyListeners = async () => {
    const { result } = await session.send('Runtime.evaluate', { expression: 'window' });
    const { listeners } = await session.send('DOMDebugger.getEventListeners', { objectId: result.objectId });
    return listeners.filter((listener) => listener.type === 'keydown').length;
  };
  await page.goto(`${server.url}/?filter=all`);
  await page.locator('.task-row').first().waitFor();
  const visit = async (id) => {
    await page.locator(`.task-row[data-task-id="${id}"] .task-title`).click();
    await page.locator('.assistant-turn').first().waitFor();
    await page.goBack();
    await page.locator(`.task-row[data-task-id="${id}"]`).waitFor();
  };
  // A page left is let go once its part's load, if one is under way, is over (a moment).
  const settled = async () => {
    let count = await keyListeners();
    for (let tries = 0; tries < 30; tries++) {
      await page.waitForTimeout(200);
      const now = await keyListeners();
      if (now === count && tries >= 5) return now;
      count = now;
    }
    return count;
  };
  await visit(ids[0]);
  const afterOne = await settled();
  for (let round = 0; round < 8; round++) await visit(ids[round % ids.length]);
  assert.equal(await settled(), afterOne, 'key listeners on the window after nine visits, against after one');
  assert.deepEqual(page.errors, []);
});

test('scrolled to the end, the next page is asked for as soon as one comes, not at the next scroll', async () => {
  // A page ahead of the person: the request for the page after the one they reached leaves
  // when that one comes, so scrolling on finds its rows already there or on the way.
  const longList = await startServer(['--seed', '7', '--tasks', '200']);
  try {
    const page = await newPage(browser);
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.goto(longList.url + '/?filter=all');
    await page.locator('.task-row').first().waitFor();
    const setSize = async () => Number(await page.locator('.task-row').first().getAttribute('aria-setsize'));
    await page.waitForTimeout(1000);
    const atStart = await setSize();
    assert.ok(atStart >= 20 && atStart <= 40, `loaded at start: ${atStart}`);
    await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
    // One scroll: the page it reached, then the next, and no further.
    await page.waitForFunction((count) => Number(document.querySelector('.task-row')?.getAttribute('aria-setsize')) >= count, atStart + 40, { timeout: 10000 });
    await page.waitForTimeout(1000);
    assert.equal(await setSize(), atStart + 40);
    // Idle a page ahead of the person, with more to come: the list's end offers the next.
    assert.equal((await page.locator('.load-more').innerText()).trim(), 'Load more');
    assert.deepEqual(page.errors, []);
  } finally {
    await longList.stop();
  }
});

/** A server whose tasks all rest (none runs, so the list's five-second re-read never comes),
 * and a finished task of its first page with its last turn. */
async function quietServer(seed) {
  const server = await startServer(['--seed', String(seed), '--tasks', '60']);
  const status = (item) => item.task_status_display?.latest_turn_status_display?.turn_status;
  const all = await getJson(`${server.api}/wham/tasks/list?task_filter=all&limit=100`);
  for (const item of all.items.filter((item) => ['in_progress', 'pending'].includes(status(item)))) {
    const response = await fetch(`${server.api}/wham/tasks/${encodeURIComponent(item.id)}/cancel`, { method: 'POST' });
    assert.equal(response.status, 200, `cancel ${item.id}`);
  }
  const first = await getJson(`${server.api}/wham/tasks/list?task_filter=all&limit=20`);
  assert.ok(!first.items.some((item) => ['in_progress', 'pending'].includes(status(item))), 'no task of the first page runs');
  const chosen = first.items.find((item) => status(item) === 'completed');
  const bundle = await getJson(`${server.api}/wham/tasks/${encodeURIComponent(chosen.id)}`);
  return { server, chosen, turnId: bundle.current_assistant_turn.id };
}

/** The status the row of task `id` shows. */
const rowStatus = async (page, id) => (await page.locator(`.task-row[data-task-id="${id}"] .badge`).innerText()).trim();

/** Resolves once the row of task `id` shows a status other than `before`. */
const rowStatusChanges = (page, id, before) => page.waitForFunction(([id, before]) => {
  const shown = document.querySelector(`.task-row[data-task-id="${id}"] .badge`)?.textContent.trim();
  return shown && shown !== before;
}, [id, before], { timeout: 10000 });

test('coming back while the next page loads, the list re-reads its first page at once', async () => {
  const { server: quiet, chosen, turnId } = await quietServer(11);
  const page = await newPage(browser);
  try {
    await page.setViewportSize({ width: 1280, height: 900 });
    const held = [];
    await page.route(/\/wham\/tasks\/list\?.*cursor=/, (route) => { held.push(route); });
    await page.goto(quiet.url + '/?filter=all');
    const before = await rowStatus(page, chosen.id);
    // The next page is asked for (the first page's end is in view) and held.
    while (held.length === 0) await page.waitForTimeout(20);
    await createFollowUp(quiet, chosen.id, turnId, 'Also update the changelog.');
    await page.evaluate(() => window.dispatchEvent(new Event('focus')));
    await rowStatusChanges(page, chosen.id, before);
    assert.deepEqual(page.errors, []);
  } finally {
    // Closed before its server stops: the page fetches the pages' code in the background, and
    // a fetch cut off by the server's end is an error on the page (it failed this test now
    // and then, after its own checks).
    await page.context().close();
    await quiet.stop();
  }
});

test('coming back while a new first page loads, the list re-reads it once that answer is in', async () => {
  // The first page asked for before the task changed comes after the person is back: it is
  // not the last word, the re-read they are owed follows it.
  const { server: quiet, chosen, turnId } = await quietServer(12);
  const page = await newPage(browser);
  try {
    await page.setViewportSize({ width: 1280, height: 900 });
    let holding = false;
    const held = [];
    await page.route(/\/wham\/tasks\/list\?/, async (route) => {
      if (!holding || route.request().url().includes('cursor=')) return route.continue();
      held.push({ route, response: await route.fetch() }); // answered now, delivered later
    });
    await page.goto(quiet.url + '/?filter=all');
    const before = await rowStatus(page, chosen.id);
    // A search typed and cleared: the list asks for its first page again.
    holding = true;
    const search = page.getByRole('searchbox', { name: 'Search tasks' });
    await search.fill('x');
    await search.fill('');
    while (held.length === 0) await page.waitForTimeout(20);
    await createFollowUp(quiet, chosen.id, turnId, 'Also update the changelog.');
    await page.evaluate(() => window.dispatchEvent(new Event('focus')));
    holding = false;
    const { route, response } = held.shift();
    await route.fulfill({ response });
    await rowStatusChanges(page, chosen.id, before);
    assert.deepEqual(page.errors, []);
  } finally {
    // Closed before its server stops: the page fetches the pages' code in the background, and
    // a fetch cut off by the server's end is an error on the page (it failed this test now
    // and then, after its own checks).
    await page.context().close();
    await quiet.stop();
  }
});

test('each row\'s time gives the exact time on hover, on the person\'s clock', async () => {
  const page = await newPage(browser);
  await page.goto(server.url + '/?filter=all');
  await page.locator('.task-row').first().waitFor();
  // Read back as a local time, each tooltip is its row's moment.
  const times = await page.locator('.task-row time').evaluateAll((elements) => elements.map((element) => ({
    title: element.getAttribute('title'),
    shown: new Date(element.getAttribute('title').replace(' ', 'T')).getTime(),
    expected: Math.floor(new Date(element.dateTime).getTime() / 1000) * 1000,
  })));
  assert.ok(times.length > 0);
  for (const time of times) {
    assert.match(time.title, /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
    assert.equal(time.shown, time.expected, time.title);
  }
  await page.close();
});

test('a row\'s relative time moves on while the page stays open', async () => {
  const created = await createTask(server, 'Watch the clock on this row');
  const page = await newPage(browser);
  // The browser's clock, moved on by hand below.
  await page.clock.install();
  await page.goto(server.url + '/?filter=all');
  const time = page.locator(`.task-row[data-task-id="${created.task.id}"] time`);
  await time.filter({ hasText: /^just now$/ }).waitFor();
  // Three minutes on, with no scroll, no click and no new answer for the row's time: it says so.
  await page.clock.fastForward(3 * 60_000 + 5_000);
  await time.filter({ hasText: /^3 minutes ago$/ }).waitFor({ timeout: 10_000 });
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('a task changed just now reads "just now" where the browser\'s clock runs behind the server\'s', async () => {
  const created = await createTask(server, 'A row seen from a slow clock');
  const page = await newPage(browser);
  // This browser's clock three minutes behind: the server's "now" is three minutes ahead of it.
  await page.clock.install({ time: Date.now() - 3 * 60_000 });
  await page.goto(server.url + '/?filter=all');
  const time = page.locator(`.task-row[data-task-id="${created.task.id}"] time`);
  await time.waitFor();
  assert.equal(await time.innerText(), 'just now');
  await page.locator(`.task-row[data-task-id="${created.task.id}"] .task-title`).click();
  await page.locator('.task-header .updated time').waitFor();
  assert.equal(await page.locator('.task-header .updated time').innerText(), 'just now');
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('search and filters are in the URL and narrow the list', async () => {
  const page = await newPage(browser);
  await page.goto(server.url);
  await page.locator('.task-row').first().waitFor();
  await page.getByLabel('Search tasks').fill('cache');
  await page.waitForURL(/q=cache/);
  await page.waitForFunction(() => [...document.querySelectorAll('.task-row .task-title')].every((t) => /cache/i.test(t.textContent)));
  const expected = await getJson(`${server.api}/wham/tasks/search?query=cache&task_filter=current&limit=20`);
  await page.waitForFunction((count) => document.querySelectorAll('.task-row').length === count, Math.min(expected.items.length, 20));
  // A short list is as tall as its rows: no empty box under them.
  const fit = await page.evaluate(() => {
    const rows = document.querySelectorAll('.task-row');
    const list = document.querySelector('.task-list').getBoundingClientRect();
    return { list: list.height, rows: [...rows].reduce((sum, row) => sum + row.getBoundingClientRect().height, 0) };
  });
  assert.ok(Math.abs(fit.list - fit.rows) <= 2, JSON.stringify(fit));
  await page.reload();
  await page.locator('.task-row').first().waitFor();
  assert.equal(await page.getByLabel('Search tasks').inputValue(), 'cache');
  await page.getByLabel('Status').selectOption('failed');
  await page.waitForURL(/status=failed/);
  const badges = await page.locator('.task-row .badge').allTextContents();
  assert.ok(badges.every((badge) => badge === 'Failed'), badges.join(','));
  // Another filter is another list: Archived shows the server's archived tasks, not the rows
  // of the list before it.
  await page.getByLabel('Status').selectOption('');
  await page.getByLabel('Search tasks').fill('');
  await page.getByRole('navigation', { name: 'Task filter' }).getByRole('link', { name: 'Archived' }).click();
  const archived = await getJson(`${server.api}/wham/tasks/list?task_filter=archived&limit=20`);
  await page.waitForFunction((id) => document.querySelector('.task-row')?.dataset.taskId === id, archived.items[0].id);
  const shown = await page.locator('.task-row').evaluateAll((rows) => rows.map((row) => row.dataset.taskId));
  assert.ok(shown.every((id) => archived.items.some((item) => item.id === id)), shown.join(','));
});

test('best-of-N attempts are switchable tabs and the view is recorded', async () => {
  const task = await findTask((item) => item.task_status_display.latest_turn_status_display.sibling_turn_ids.length > 0 && item.task_status_display.latest_turn_status_display.turn_status === 'completed');
  const page = await newPage(browser);
  const viewed = [];
  page.on('request', (request) => { if (request.url().includes('/view')) viewed.push(request.url()); });
  await page.goto(`${server.url}/tasks/${task.id}`);
  const tabs = page.getByRole('tablist', { name: 'Attempts' }).getByRole('tab');
  await tabs.first().waitFor();
  assert.ok(await tabs.count() >= 2);
  const firstTurn = await page.locator('.assistant-turn').getAttribute('data-turn-id');
  await tabs.nth(1).click();
  await page.waitForFunction((first) => document.querySelector('.assistant-turn')?.dataset.turnId !== first, firstTurn);
  assert.equal(await tabs.nth(1).getAttribute('aria-selected'), 'true');
  await page.waitForTimeout(300);
  assert.ok(viewed.some((url) => url.includes('speculative_turns')), 'the speculative turn view was recorded');
  // The attempt and the tab beside the answer are in the address: a reload opens them again.
  const secondTurn = await page.locator('.assistant-turn').getAttribute('data-turn-id');
  assert.equal(new URL(page.url()).searchParams.get('attempt'), secondTurn);
  await page.getByRole('tab', { name: 'Activity' }).click();
  await page.waitForURL(/[?&]tab=activity/);
  await page.reload();
  await page.getByRole('tabpanel', { name: 'Activity' }).waitFor();
  assert.equal(await page.locator('.assistant-turn').getAttribute('data-turn-id'), secondTurn);
  assert.equal(await tabs.nth(1).getAttribute('aria-selected'), 'true');
  assert.equal(await page.getByRole('tab', { name: 'Activity' }).getAttribute('aria-selected'), 'true');
});

test('citations open the logs at the cited lines and preview the file', async () => {
  const task = await findTask((item) => item.task_status_display.latest_turn_status_display.turn_status === 'completed');
  const page = await newPage(browser);
  await page.goto(`${server.url}/tasks/${task.id}`);
  // A terminal chip opens the answer's Logs tab at the cited lines, and says so in the address.
  await page.locator('.chip-terminal').first().click();
  const logs = page.getByRole('tabpanel', { name: 'Logs' });
  await logs.locator('.log-line.cited').first().waitFor();
  assert.equal(await page.getByRole('tab', { name: 'Logs' }).getAttribute('aria-selected'), 'true');
  assert.equal(await logs.locator('.log-line.cited').count(), 2);
  assert.deepEqual(await logs.locator('.log-line.cited .line-number').allTextContents(), ['5', '6']);
  assert.match(page.url(), /[?&]tab=logs/);
  // A file chip opens the preview: the cited lines from the snapshot, GitHub as an explicit link.
  await page.locator('.chip-file').first().click();
  const preview = page.getByRole('dialog');
  await preview.locator('.snippet-line').first().waitFor();
  assert.equal(await preview.locator('.snippet-line').count(), 4);
  const github = preview.getByRole('link', { name: /Open on GitHub/ });
  assert.match(await github.getAttribute('href'), /^https:\/\/github\.com\/[^/]+\/[^/]+\/blob\/[0-9a-f]+\/.+#L1-L4$/);
  assert.equal(await github.getAttribute('target'), '_blank');
  assert.match(await github.getAttribute('rel'), /noopener/);
  await page.keyboard.press('Escape');
  await preview.waitFor({ state: 'detached' });
  // The inline link in the answer's text opens the same preview, not GitHub.
  const inline = page.locator('.message .markdown a[href^="#file-"]').first();
  const cited = (await inline.innerText()).trim();
  await inline.click();
  await preview.waitFor();
  assert.equal((await preview.getByRole('heading').innerText()).trim(), cited);
  assert.ok(page.url().startsWith(server.url), 'still in the app');
  await preview.getByRole('button', { name: 'Close' }).click();
  await preview.waitFor({ state: 'detached' });
  // The inline terminal citation opens the logs, and the task's logs open over the page;
  // Esc closes those.
  await page.getByRole('tab', { name: 'Diff' }).click();
  await page.locator('.message .markdown a[href^="#log-"]').first().click();
  await logs.locator('.log-line.cited').first().waitFor();
  await page.getByRole('button', { name: 'Task logs' }).click();
  const taskLogs = page.getByRole('complementary', { name: 'Task logs' });
  await taskLogs.locator('.log-line').first().waitFor();
  await page.keyboard.press('Escape');
  await taskLogs.waitFor({ state: 'detached' });
});

test('the diff viewer jumps to a file and collapses it', async () => {
  const task = await findTask((item) => item.task_status_display.latest_turn_status_display.diff_stats && item.task_status_display.latest_turn_status_display.diff_stats.files_modified > 1);
  const page = await newPage(browser);
  await page.goto(`${server.url}/tasks/${task.id}`);
  const files = page.locator('.diff-files button');
  await files.first().waitFor();
  const count = await files.count();
  assert.equal(count, task.task_status_display.latest_turn_status_display.diff_stats.files_modified);
  const lastName = await files.nth(count - 1).textContent();
  await files.nth(count - 1).click();
  await page.waitForFunction((name) => [...document.querySelectorAll('.diff-body .diff-file')].some((row) => row.textContent.includes(name) && row.getBoundingClientRect().top >= row.closest('.diff-body').getBoundingClientRect().top - 1), lastName);
  const added = await page.locator('.diff-body .added-line').first().locator('.diff-mark').textContent();
  assert.equal(added, '+');
  await page.getByRole('button', { name: 'Collapse all' }).click();
  assert.equal(await page.locator('.diff-body .diff-line').count(), 0);
  assert.equal(await page.locator('.diff-body .diff-file').count(), count);
  // Expanded again, the box is filled with lines, not a few lines above blank space.
  await page.getByRole('button', { name: 'Expand all' }).click();
  await page.waitForFunction(() => {
    const body = document.querySelector('.diff-body');
    const rows = [...body.querySelectorAll('.diff-row')];
    const bottom = Math.max(...rows.map((row) => row.getBoundingClientRect().bottom));
    return rows.length > 10 && bottom >= body.getBoundingClientRect().bottom - 1;
  }, null, { timeout: 5000 });
});

test('long diff lines wrap on request on a phone', async () => {
  const task = await findTask((item) => item.task_status_display.latest_turn_status_display.turn_status === 'completed' && item.task_status_display.latest_turn_status_display.diff_stats?.lines_added > 0);
  const page = await newPage(browser, { viewport: { width: 390, height: 844 } });
  await page.goto(`${server.url}/tasks/${task.id}?tab=diff`);
  await page.getByRole('button', { name: 'Unified' }).click();
  await page.locator('.diff-line').first().waitFor();
  // Before wrapping, long lines are read by scrolling the diff sideways; every row is one high.
  const sideways = () => page.locator('.diff-body').evaluate((body) => body.scrollWidth > body.clientWidth + 1);
  const overflowing = () => page.locator('.diff-line').evaluateAll((rows) => rows.filter((row) => row.scrollWidth > row.clientWidth + 1).length);
  const tallest = () => page.locator('.diff-line').evaluateAll((rows) => Math.max(...rows.map((row) => row.getBoundingClientRect().height)));
  assert.ok(await sideways(), 'a phone scrolls long lines sideways before wrapping');
  assert.ok(await tallest() <= 21);
  await page.getByRole('button', { name: 'Wrap lines' }).click();
  await page.waitForFunction(() => document.querySelector('.diff-body.wrapped'));
  assert.equal(await page.getByRole('button', { name: 'Wrap lines' }).getAttribute('aria-pressed'), 'true');
  assert.equal(await sideways(), false, 'nothing left to scroll to');
  assert.equal(await overflowing(), 0, 'every line is read whole');
  assert.ok(await tallest() > 21, 'a long line takes more than one row');
});

test('a long line is read to its end by scrolling sideways: the diff, unified and split, and the logs', async () => {
  const { task } = await createTask(server, 'Minify the fixtures. [longline 600]');
  await waitForCompletedTurn(server, task.id);
  const page = await newPage(browser);
  await page.goto(`${server.url}/tasks/${task.id}?tab=diff`);
  // Scrolled as far right as it goes, the line's end is inside the box and nothing is cut.
  const endInView = (box, text) => lineEndInView(page, box, '.diff-code, .log-text', text);
  for (const layout of ['Unified', 'Split']) {
    await page.getByRole('button', { name: layout, exact: true }).click();
    await page.locator('.diff-files button', { hasText: 'docs/wide.txt' }).click();
    await page.locator('.diff-body .diff-code', { hasText: 'END-OF-LONG-LINE' }).waitFor();
    assert.equal(await endInView('.diff-body', 'END-OF-LONG-LINE'), 'in view', layout);
    // The file's name stays at the left while its lines are scrolled.
    const name = await page.locator('.diff-body .diff-file .link-button', { hasText: 'docs/wide.txt' }).boundingBox();
    const body = await page.locator('.diff-body').boundingBox();
    assert.ok(name.x >= body.x && name.x < body.x + 40, `${layout}: file name at ${name.x}, box at ${body.x}`);
  }
  // Collapsed, the long line leaves no empty scroll behind.
  await page.getByRole('button', { name: 'Collapse all' }).click();
  await page.waitForFunction(() => {
    const body = document.querySelector('.diff-body');
    return body.scrollWidth <= body.clientWidth + 1;
  }, null, { timeout: 5000 });
  await page.getByRole('tab', { name: 'Logs' }).click();
  await page.locator('.log-lines .log-text', { hasText: 'END-OF-LONG-LINE' }).waitFor();
  assert.equal(await endInView('.log-lines', 'END-OF-LONG-LINE'), 'in view', 'logs');
});

test('discarding an attempt moves to a remaining one and offers Undo', async () => {
  const task = await findTask((item) => item.task_status_display.latest_turn_status_display.sibling_turn_ids.length > 0 && item.task_status_display.latest_turn_status_display.turn_status === 'completed');
  const page = await newPage(browser);
  page.on('dialog', (dialog) => dialog.accept());
  await page.goto(`${server.url}/tasks/${task.id}`);
  await page.getByRole('tablist', { name: 'Attempts' }).getByRole('tab').first().waitFor();
  const discarded = await page.locator('.assistant-turn').getAttribute('data-turn-id');
  await page.getByRole('button', { name: 'Discard', exact: true }).click();
  const toast = page.locator('.toast', { hasText: 'Attempt discarded' });
  await toast.waitFor();
  // The page shows another attempt, whose actions do not offer to discard what is gone.
  await page.waitForFunction((gone) => document.querySelector('.assistant-turn')?.dataset.turnId !== gone, discarded);
  const bundle = await getJson(`${server.api}/wham/tasks/${task.id}/turns/${encodeURIComponent(discarded)}`);
  assert.equal(bundle.turn?.discarded ?? bundle.discarded, true);
  await toast.getByRole('button', { name: 'Undo' }).click();
  await page.locator('.toast', { hasText: 'Discard undone' }).waitFor();
  const restored = await getJson(`${server.api}/wham/tasks/${task.id}/turns/${encodeURIComponent(discarded)}`);
  assert.notEqual(restored.turn?.discarded ?? restored.discarded, true);
});

test('archive, find it under archived, and bring it back', async () => {
  const task = await findTask((item) => !item.archived && item.task_status_display.latest_turn_status_display.turn_status === 'completed');
  const page = await newPage(browser);
  await page.goto(`${server.url}/tasks/${task.id}`);
  await page.getByRole('button', { name: 'Archive', exact: true }).click();
  await page.getByText('Archived', { exact: true }).first().waitFor();
  await page.getByRole('button', { name: 'Unarchive' }).waitFor();
  await page.goto(server.url + '/?filter=archived');
  await page.locator(`.task-row[data-task-id="${task.id}"]`).waitFor();
  await page.locator(`.task-row[data-task-id="${task.id}"] .task-title`).click();
  await page.getByRole('button', { name: 'Unarchive' }).click();
  await page.getByRole('button', { name: 'Archive', exact: true }).waitFor();
});

test('Fork copies a finished task into a new one and opens it', async () => {
  const task = await findTask((item) => !item.archived && item.task_status_display.latest_turn_status_display.turn_status === 'completed');
  const page = await newPage(browser);
  await page.goto(`${server.url}/tasks/${task.id}`);
  await page.getByRole('button', { name: 'Fork', exact: true }).click();
  await page.locator('.toast', { hasText: 'Forked into a new task' }).waitFor();
  await page.waitForURL((url) => url.pathname.startsWith('/tasks/') && !url.pathname.endsWith(task.id));
  await page.locator('.task-header h1', { hasText: '(fork)' }).waitFor();
  const forkId = decodeURIComponent(new URL(page.url()).pathname.split('/').pop());
  const forked = await getJson(`${server.api}/wham/tasks/${encodeURIComponent(forkId)}`);
  assert.match(forked.task.title, /\(fork\)$/);
});

test('a code review task says so in the list and on its page, and its findings are fixed in a new task', async () => {
  const review = await createTask(server, '[review] Review pull request #7.');
  await waitForCompletedTurn(server, review.task.id);
  const page = await newPage(browser);
  await page.goto(server.url + '/?filter=all');
  const row = page.locator(`.task-row[data-task-id="${review.task.id}"]`);
  await row.getByText('Code review', { exact: true }).waitFor();
  // Other rows are not reviews.
  assert.equal(await page.locator('.task-row').getByText('Code review', { exact: true }).count(), 1);
  await row.locator('.task-title').click();
  await page.locator('.task-header').getByText('Code review', { exact: true }).waitFor();
  await page.getByRole('button', { name: 'Fix the findings' }).click();
  await page.locator('.toast', { hasText: 'Started a task to fix the findings' }).waitFor();
  await page.waitForURL((url) => url.pathname.startsWith('/tasks/') && !url.pathname.endsWith(review.task.id));
  const fixId = decodeURIComponent(new URL(page.url()).pathname.split('/').pop());
  const fix = await getJson(`${server.api}/wham/tasks/${encodeURIComponent(fixId)}`);
  assert.equal(fix.task.is_review, false);
  await page.getByText('Fix the issues code review found in "Review pull request #7"').first().waitFor();
  // The new task is no review: no badge, nothing to fix.
  await page.locator('.task-header h1').waitFor();
  assert.equal(await page.locator('.task-header').getByText('Code review', { exact: true }).count(), 0);
  assert.equal(await page.getByRole('button', { name: 'Fix the findings' }).count(), 0);
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('each prompt says which model it was sent to', async () => {
  const created = await createTask(server, 'Name the model, please.', {}, { model_slug: 'gpt-5-codex' });
  const page = await newPage(browser);
  await page.goto(`${server.url}/tasks/${created.task.id}`);
  await page.locator('.user-turn .turn-label').first().waitFor();
  assert.equal(await page.locator('.user-turn .turn-label').first().innerText(), 'You · gpt-5-codex');
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('compose a task, survive a reload, and land on it', async () => {
  const page = await newPage(browser);
  await page.goto(server.url + '/new');
  await page.locator('#environment').waitFor();
  await page.locator('#prompt').fill('Add a health check endpoint to the API server');
  await page.getByLabel('Attempts').selectOption('2');
  await page.reload();
  assert.equal(await page.locator('#prompt').inputValue(), 'Add a health check endpoint to the API server');
  assert.equal(await page.getByLabel('Attempts').inputValue(), '2');
  await page.getByRole('button', { name: 'Preview' }).click();
  await page.locator('.preview').waitFor();
  await page.getByRole('button', { name: 'Edit' }).click();
  await page.getByRole('button', { name: 'Start task' }).click();
  await page.waitForURL(/\/tasks\/task_e_/);
  await page.getByRole('tablist', { name: 'Attempts' }).getByRole('tab').nth(1).waitFor();
  // The simulated agent finishes and the page shows its answer and title.
  await page.locator('.task-header h1', { hasText: 'Add a health check endpoint to the API server' }).waitFor({ timeout: 20000 });
  await page.locator('.assistant-turn .badge', { hasText: 'Ready' }).first().waitFor({ timeout: 20000 });
  // The draft is gone once sent.
  await page.goto(server.url + '/new');
  assert.equal(await page.locator('#prompt').inputValue(), '');
});

test('an empty prompt is refused at the field and loses nothing', async () => {
  const page = await newPage(browser);
  await page.goto(server.url + '/new');
  await page.locator('#environment').waitFor();
  await page.getByRole('button', { name: 'Start task' }).click();
  await page.locator('.field-error').waitFor();
  assert.match(await page.locator('.field-error').textContent(), /Write what the agent should do/);
});

test('keyboard only: j/k move, Enter opens, / searches, ? lists shortcuts', async () => {
  const page = await newPage(browser);
  await page.goto(server.url);
  await page.locator('.task-row').first().waitFor();
  await page.keyboard.press('j');
  await page.keyboard.press('j');
  await page.keyboard.press('j');
  await page.keyboard.press('k');
  // The second row as shown now (a task created by an earlier test may have moved up since).
  const selected = await page.locator('.task-row.selected').getAttribute('data-task-id');
  assert.equal(selected, await page.locator('.task-row').nth(1).getAttribute('data-task-id'));
  await page.keyboard.press('?');
  await page.getByRole('dialog', { name: 'Keyboard shortcuts' }).waitFor();
  await page.keyboard.press('Escape');
  assert.equal(await page.getByRole('dialog').count(), 0);
  await page.keyboard.press('/');
  assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('aria-label')), 'Search tasks');
  await page.keyboard.press('Escape');
  await page.keyboard.press('Enter');
  await page.waitForURL(new RegExp(`/tasks/${selected}`));
  await page.goBack();
  await page.locator('.task-row').first().waitFor();
  await page.keyboard.press('c');
  await page.waitForURL(/\/new$/);
});

async function axe(page) {
  await page.addScriptTag({ path: require.resolve('axe-core/axe.min.js') });
  const result = await page.evaluate(async () => await window.axe.run(document, { resultTypes: ['violations'] }));
  return result.violations.filter((violation) => ['serious', 'critical'].includes(violation.impact)).map((violation) => `${violation.id}: ${violation.help} (${violation.nodes.length})`);
}

test('no serious or critical accessibility violations on any page', async () => {
  for (const scheme of ['light', 'dark']) {
    // The app's Content-Security-Policy would (rightly) refuse the injected axe script.
    const page = await newPage(browser, { colorScheme: scheme, bypassCSP: true });
    await page.goto(server.url);
    await page.locator('.task-row').first().waitFor();
    assert.deepEqual(await axe(page), [], `list (${scheme})`);
    const task = await findTask((item) => item.task_status_display.latest_turn_status_display.turn_status === 'completed');
    await page.goto(`${server.url}/tasks/${task.id}`);
    await page.locator('.assistant-turn').waitFor();
    assert.deepEqual(await axe(page), [], `task (${scheme})`);
    // The other pages, each once loaded.
    const [environment] = await getJson(`${server.api}/wham/environments`);
    const pages = [
      ['/environments', '.card'],
      [`/environments/${environment.id}`, '.facts'],
      [`/environments/${environment.id}/edit`, '.repository-results li'],
      ['/environments/new', '.repository-results li'],
      ['/settings', '#preferences form, #preferences .state-error'],
      ['/usage', '.usage-rate'],
      ['/new', '#prompt'],
    ];
    for (const [path, ready] of pages) {
      await page.goto(server.url + path);
      await page.locator(ready).first().waitFor();
      assert.deepEqual(await axe(page), [], `${path} (${scheme})`);
    }
  }
});
