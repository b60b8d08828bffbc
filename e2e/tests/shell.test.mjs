// The release build served by `wham-server --static`: the task list, bookmarkable routes,
// the not-found page, the Connection panel.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launchBrowser, newPage, getJson, createTask, lineEndInView } from './helpers.mjs';

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

/** The server's first two pages of a filter, in order. */
async function firstPages(filter) {
  const first = await getJson(`${server.api}/wham/tasks/list?task_filter=${filter}&limit=20`);
  const second = first.cursor ? await getJson(`${server.api}/wham/tasks/list?task_filter=${filter}&limit=20&cursor=${encodeURIComponent(first.cursor)}`) : { items: [] };
  return [...first.items, ...second.items];
}

test('the task list shows the server\'s tasks', async () => {
  const expected = await firstPages('current');
  const page = await newPage(browser);
  const firstPageRequests = [];
  page.on('request', (request) => {
    const url = new URL(request.url());
    if (url.pathname.endsWith('/wham/tasks/list') && !url.searchParams.has('cursor')) firstPageRequests.push(url.href);
  });
  await page.goto(server.url);
  await page.locator('.task-row').first().waitFor();
  await page.waitForTimeout(500);
  // A cold load asks for the first page once.
  assert.equal(firstPageRequests.length, 1, firstPageRequests.join('\n'));
  const titles = (await page.locator('.task-row .task-title').allTextContents()).map((t) => t.trim());
  assert.ok(titles.length >= 5);
  assert.deepEqual(titles, expected.slice(0, titles.length).map((item) => item.title));
  // Status words are visible, not only colours.
  const firstStatus = await page.locator('.task-row .badge').first().textContent();
  assert.match(firstStatus, /Running|Ready|Pending|Failed|Cancelled/);
  assert.deepEqual(page.errors, []);
});

test('more pages load without repeats', async () => {
  const page = await newPage(browser);
  await page.goto(server.url + '/?filter=all');
  await page.locator('.task-row').first().waitFor();
  // Each row says its place in the whole list: more than the first page is loaded.
  await page.waitForFunction(() => Number(document.querySelector('.task-row')?.getAttribute('aria-setsize')) > 20);
  const ids = [];
  for (let i = 0; i < 8; i++) {
    ids.push(...await page.locator('.task-row').evaluateAll((rows) => rows.map((row) => row.dataset.taskId)));
    await page.evaluate(() => window.scrollBy(0, 600));
    await page.waitForTimeout(150);
  }
  const all = await getJson(`${server.api}/wham/tasks/list?task_filter=all&limit=100`);
  const unique = [...new Set(ids)];
  assert.ok(unique.length > 20, `saw ${unique.length}`);
  const order = all.items.map((item) => item.id);
  assert.deepEqual(unique, order.slice(0, unique.length), 'rows come in the server\'s order, each once');
});

test('while the next page loads, its button stays, says so and keeps the focus; when none is left, the focus stays at the end', async () => {
  const page = await newPage(browser);
  // Each next page is held until the test lets it go (this server has 48 tasks: three pages).
  const held = [];
  await page.route(/\/wham\/tasks\/list\?.*cursor=/, (route) => { held.push(route); });
  await page.goto(server.url + '/?filter=all');
  await page.locator('.task-row').first().waitFor();
  // The end of the first page is in view: the next one is asked for at once.
  const button = page.locator('.load-more');
  await button.and(page.locator('[aria-busy="true"]')).waitFor();
  assert.equal((await button.innerText()).trim(), 'Loading more tasks…');
  await button.focus();
  const setSize = () => page.evaluate(() => Number(document.querySelector('.task-row')?.getAttribute('aria-setsize')));
  await held.shift().continue();
  await page.waitForFunction(() => Number(document.querySelector('.task-row')?.getAttribute('aria-setsize')) === 40);
  // The end is still in view (the focused button is there): the page after it is asked for at
  // once, and the same button, still focused, says so.
  await page.waitForFunction(() => document.querySelector('.load-more[aria-busy="true"]'));
  assert.equal((await button.innerText()).trim(), 'Loading more tasks…');
  assert.equal(await page.evaluate(() => document.activeElement?.className), 'button load-more', 'the focus stayed on the button');
  while (held.length === 0) await page.waitForTimeout(20);
  await held.shift().continue();
  // The last page: nothing more to load, so no button; the focus stays at the list's end.
  await button.waitFor({ state: 'detached' });
  assert.equal(await setSize(), 48);
  const focusedEnd = await page.waitForFunction(() => document.activeElement?.classList.contains('list-end'), null, { timeout: 5000 }).then(() => true, () => false);
  assert.ok(focusedEnd, `the focus went to ${await page.evaluate(() => document.activeElement?.outerHTML.slice(0, 80))}`);
  assert.equal((await page.evaluate(() => document.activeElement.textContent)).trim(), "That's all.");
  assert.deepEqual(page.errors, []);
});

test('archived filter is in the URL and survives a reload', async () => {
  const expected = { items: await firstPages('archived') };
  const page = await newPage(browser);
  await page.goto(server.url);
  await page.getByRole('link', { name: 'Archived' }).click();
  await page.waitForURL(/filter=archived/);
  await page.reload();
  await page.locator('.task-row').first().waitFor();
  const titles = (await page.locator('.task-row .task-title').allTextContents()).map((t) => t.trim());
  assert.deepEqual(titles, expected.items.slice(0, titles.length).map((item) => item.title));
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
  // The tab says which task it is; the list's tab says Tasks.
  assert.equal(await fresh.title(), `${list.items[1].title} · WHAM Web`);
  await fresh.goBack().catch(() => {});
  await page.goto(server.url);
  await page.locator('.task-row').first().waitFor();
  assert.equal(await page.title(), 'Tasks · WHAM Web');
  assert.deepEqual([...page.errors, ...fresh.errors], []);
});

test('unknown pages and unknown tasks say so', async () => {
  const page = await newPage(browser);
  await page.goto(server.url + '/no/such/page');
  await page.getByRole('heading', { name: 'Page not found' }).waitFor();
  await page.goto(server.url + '/tasks/task_e_does_not_exist');
  // In words a person reads first, not only the server's message; the tab says so too, and
  // trying again would not make the task appear.
  const alert = page.getByRole('alert');
  await alert.getByText('This task does not exist').waitFor();
  assert.match(await alert.textContent(), /deleted, or the address is wrong.*task_e_does_not_exist/);
  assert.equal(await alert.getByRole('button', { name: 'Try again' }).count(), 0);
  await page.waitForFunction(() => document.title === 'Task not found · WHAM Web');
  await page.getByRole('link', { name: '← Tasks' }).click();
  await page.locator('.task-row').first().waitFor();
});

test('on a phone the header keeps to two rows: the name and the sections, then usage and feedback', async () => {
  const page = await newPage(browser, { viewport: { width: 390, height: 844 } });
  await page.goto(server.url);
  await page.locator('.usage-badge').waitFor();
  const box = (selector) => page.locator(selector).first().boundingBox();
  const [brand, nav, tools, header] = [await box('.brand'), await box('.app-header nav'), await box('.header-tools'), await box('.app-header')];
  assert.ok(Math.abs(brand.y + brand.height / 2 - (nav.y + nav.height / 2)) < 8, `the name and the sections share a row: ${JSON.stringify({ brand, nav })}`);
  assert.ok(tools.y >= nav.y + nav.height - 1, `usage and feedback on the row below: ${JSON.stringify({ nav, tools })}`);
  assert.ok(nav.x + nav.width <= 390 && tools.x + tools.width <= 390, 'nothing runs off the screen');
  assert.ok(header.height < 2.5 * tools.height + 40, `two rows tall: ${header.height} px`);
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
  // The section a page belongs to is marked, on a task's page and the new-task page too.
  const nav = page.getByRole('navigation', { name: 'Main' });
  const current = () => nav.locator('[aria-current="page"]').allInnerTexts();
  assert.deepEqual(await current(), ['Tasks']);
  await page.locator('.task-row a').first().click();
  await page.locator('.assistant-turn, .turn').first().waitFor();
  assert.deepEqual(await current(), ['Tasks']);
  await page.goto(`${server.url}/new`);
  await page.locator('#prompt').waitFor();
  assert.deepEqual(await current(), ['Tasks']);
  await page.goto(`${server.url}/environments/new`);
  await page.getByRole('heading', { name: 'New environment' }).waitFor();
  assert.deepEqual(await current(), ['Environments']);
  await page.goto(`${server.url}/usage`);
  await page.getByRole('heading', { name: 'Usage and limits' }).waitFor();
  assert.deepEqual(await current(), []);
});

test('environment diagnostics stream their output into the page', async () => {
  const environments = await getJson(`${server.api}/wham/environments`);
  const page = await newPage(browser);
  await page.goto(`${server.url}/environments/${environments[0].id}`);
  await page.getByRole('button', { name: 'Test this environment' }).click();
  await page.getByText('The environment works.').waitFor({ timeout: 20000 });
  const output = await page.locator('.diagnostics-output').innerText();
  assert.match(output, /Provisioning machine/);
  assert.match(output, new RegExp(`Cloning ${environments[0].label}`));
  assert.deepEqual(page.errors, []);
});

test('a long diagnostics line is read to its end by scrolling sideways', async () => {
  const environments = await getJson(`${server.api}/wham/environments`);
  const environment = environments.at(-1);
  const long = `echo ${'lorem ipsum '.repeat(40)}END-OF-LONG-LINE`;
  const response = await fetch(`${server.api}/wham/environments/${environment.id}`, { method: 'PATCH', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ setup: long }) });
  assert.equal(response.status, 200);
  const page = await newPage(browser);
  await page.goto(`${server.url}/environments/${environment.id}`);
  await page.getByRole('button', { name: 'Test this environment' }).click();
  await page.getByText('The environment works.').waitFor({ timeout: 20000 });
  const end = await lineEndInView(page, '.diagnostics-output', '.diagnostic-line', 'END-OF-LONG-LINE');
  assert.equal(end, 'in view');
  assert.deepEqual(page.errors, []);
});

test('the app is sent precompressed, with immutable caching for its hashed files', async () => {
  const page = await newPage(browser);
  const wasmHeaders = new Promise((resolve) => page.on('response', (response) => {
    if (response.url().endsWith('.wasm')) resolve(response.allHeaders());
  }));
  await page.goto(server.url);
  await page.locator('.task-row').first().waitFor();
  const headers = await wasmHeaders;
  assert.match(headers['content-encoding'] ?? '', /^(br|gzip)$/, JSON.stringify(headers));
  assert.match(headers['cache-control'] ?? '', /immutable/);
  const sizes = await page.evaluate(() => performance.getEntriesByType('resource')
    .filter((entry) => entry.name.endsWith('.wasm'))
    .map((entry) => [entry.encodedBodySize, entry.decodedBodySize])[0]);
  assert.ok(sizes[0] < sizes[1] / 2, `sent ${sizes[0]} bytes for ${sizes[1]}`);
});

test('the page asks for all the code the app starts with at once: the chunk loader is not found late, through the glue', async () => {
  const page = await newPage(browser);
  await page.goto(server.url);
  await page.locator('.task-row').first().waitFor();
  const code = await page.evaluate(() => Object.fromEntries(performance.getEntriesByType('resource')
    .filter((entry) => /\/wham-(web|split)-[0-9a-f]+\.js$/.test(new URL(entry.name).pathname))
    .map((entry) => [new URL(entry.name).pathname.startsWith('/wham-split-') ? 'loader' : 'glue',
      { startTime: entry.startTime, responseEnd: entry.responseEnd }])));
  assert.ok(code.glue && code.loader, `both modules fetched: ${Object.keys(code)}`);
  // Found through the glue, the loader could only be asked for once the glue had arrived.
  assert.ok(code.loader.startTime < code.glue.responseEnd,
    `the loader was asked for at ${code.loader.startTime} ms, the glue arrived at ${code.glue.responseEnd} ms`);
  assert.deepEqual(page.errors, []);
});

test('an environment that does not exist says so, with a way back', async () => {
  const page = await newPage(browser);
  await page.goto(`${server.url}/environments/env_does_not_exist`);
  const error = page.locator('.state-error');
  await error.waitFor();
  assert.match(await error.innerText(), /This environment does not exist/);
  // A missing environment will not appear by trying again: no retry button.
  assert.equal(await error.getByRole('button', { name: 'Try again' }).count(), 0);
  // Its editor's address says the same, not an empty form.
  await page.goto(`${server.url}/environments/env_does_not_exist/edit`);
  await page.locator('.state-error').getByText('This environment does not exist').waitFor();
  assert.equal(await page.locator('.environment-editor-page form').count(), 0);
  await page.getByRole('link', { name: '← Environment' }).click();
  await page.locator('.state-error').getByText('This environment does not exist').waitFor();
  await page.getByRole('link', { name: '← Environments' }).click();
  await page.locator('.card').first().waitFor();
});

test('resizing the window after five list↔task round trips raises no error', async () => {
  const page = await newPage(browser);
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.goto(server.url);
  for (let trip = 0; trip < 5; trip++) {
    await page.locator('.task-row .task-title').first().click();
    await page.waitForURL(/\/tasks\//);
    await page.locator('.task-page, main h1').first().waitFor();
    await page.goBack();
    await page.locator('.task-row').first().waitFor();
  }
  // A phone's rotation, then back.
  await page.setViewportSize({ width: 390, height: 844 });
  await page.waitForTimeout(100);
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.waitForTimeout(100);
  assert.ok(await page.locator('.task-row').count() > 0);
  // The after-each check fails this test on any page or console error.
});

test('the app runs under a strict Content-Security-Policy that blocks injected script', async () => {
  const page = await newPage(browser);
  const response = await page.goto(server.url);
  const policy = response.headers()['content-security-policy'];
  assert.match(policy, /script-src 'self' 'wasm-unsafe-eval' 'sha256-/);
  assert.doesNotMatch(policy, /unsafe-inline/);
  await page.locator('.task-row').first().waitFor();
  // Script the page did not ship cannot run: an inline script added to the page is refused.
  const injected = await page.evaluate(() => new Promise((resolve) => {
    window.__injected = 'blocked';
    document.addEventListener('securitypolicyviolation', () => resolve(window.__injected), { once: true });
    const script = document.createElement('script');
    script.textContent = 'window.__injected = "ran"';
    document.body.append(script);
    setTimeout(() => resolve(window.__injected), 500);
  }));
  assert.equal(injected, 'blocked');
  // The violations reported above are the test's own doing, not the app's.
  await page.context().close();
  page.errors.length = 0;
});

test('the task rows do not wait for the prompt box, whose place is kept until its code comes', async () => {
  const page = await newPage(browser);
  await page.setViewportSize({ width: 1280, height: 900 });
  let release;
  const held = new Promise((resolve) => { release = resolve; });
  await page.route(/split_list_parts-[0-9a-f]+\.wasm$/, async (route) => { await held; await route.continue(); });
  await page.goto(server.url);
  await page.locator('.task-row').first().waitFor();
  assert.equal(await page.locator('#quick-prompt').count(), 0, 'the prompt box is still on its way');
  assert.equal(await page.locator('.quick-start-pending').count(), 1);
  const before = await page.locator('.task-row').first().boundingBox();
  release();
  await page.locator('#quick-prompt').waitFor();
  await page.getByRole('form', { name: 'Start a task' }).getByText(/^in /).waitFor();
  const after = await page.locator('.task-row').first().boundingBox();
  assert.ok(Math.abs(after.y - before.y) <= 4, `the rows moved ${after.y - before.y} px when it came`);
  // Once here it stays: what is typed is not lost to a second build of it (its loader retries
  // every 2 s while the code is missing, and must stop once it came).
  await page.locator('#quick-prompt').fill('Keep this text');
  await page.locator('#quick-prompt').evaluate((field) => { field.dataset.marked = 'yes'; });
  await page.waitForTimeout(4500);
  assert.equal(await page.locator('#quick-prompt').inputValue(), 'Keep this text');
  assert.equal(await page.locator('#quick-prompt').getAttribute('data-marked'), 'yes');
});

test('the list\'s first page is asked for before the code that can wait, which comes once the rows are in', async () => {
  // The browser opens a few connections to a server (six under HTTP/1.1): split-off code
  // fetched first would hold the list's request in line behind it.
  const page = await newPage(browser);
  const events = [];
  const isList = (request) => new URL(request.url()).pathname.endsWith('/wham/tasks/list');
  const isCode = (request) => /\/(split_|chunk_)[^/]*\.wasm$/.test(new URL(request.url()).pathname);
  page.on('request', (request) => {
    if (isList(request)) events.push('list asked');
    else if (isCode(request)) events.push(`code asked ${new URL(request.url()).pathname}`);
  });
  page.on('requestfinished', (request) => { if (isList(request)) events.push('list answered'); });
  await page.goto(server.url);
  await page.locator('.task-row').first().waitFor();
  await page.locator('#quick-prompt').waitFor();
  const answered = events.indexOf('list answered');
  assert.ok(answered >= 0, events.join('\n'));
  const early = events.slice(0, answered).filter((event) => event.startsWith('code asked'));
  assert.deepEqual(early, [], 'no split-off code was asked for before the list\'s first answer');
  assert.ok(events.slice(answered).some((event) => event.includes('split_list_parts')), events.join('\n'));
});

test('the pages\' code fetched ahead of need waits while the person scrolls, and comes once they pause', async () => {
  const page = await newPage(browser);
  await page.setViewportSize({ width: 1280, height: 900 });
  // The scrolling starts in the page the moment the first row is there: started from here,
  // after a round trip to the test, it came late on a loaded machine, once the first page's
  // code was on its way (nothing had moved yet, so nothing held it back). Three seconds, up
  // and down, a step every 100 ms; times on the page's clock, as the resource timings are.
  await page.addInitScript(() => {
    performance.setResourceTimingBufferSize(5000);
    const observer = new MutationObserver(async () => {
      if (!document.querySelector('.task-row')) return;
      observer.disconnect();
      window.__scrolling = { started: performance.now() };
      for (let step = 0; step < 30; step++) {
        window.scrollBy(0, step % 2 ? -300 : 300);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      window.__scrolling.stopped = performance.now();
    });
    observer.observe(document, { childList: true, subtree: true });
  });
  await page.goto(server.url + '/?filter=all');
  await page.waitForFunction(() => window.__scrolling?.stopped !== undefined, null, { timeout: 20000 });
  await page.locator('html[data-pages-loaded]').waitFor({ state: 'attached', timeout: 20000 });
  const { scrolling, pagesAsked } = await page.evaluate(() => ({
    scrolling: window.__scrolling,
    pagesAsked: performance.getEntriesByType('resource')
      .filter((entry) => /\/split_[a-z_]+_pages?-[0-9a-f]+\.wasm$/.test(new URL(entry.name).pathname))
      .map((entry) => entry.startTime),
  }));
  const during = pagesAsked.filter((at) => at >= scrolling.started && at < scrolling.stopped);
  assert.deepEqual(during, [], `no page's code was fetched while the person scrolled (${scrolling.started}–${scrolling.stopped} ms)`);
  const after = pagesAsked.filter((at) => at >= scrolling.stopped);
  // The pages' modules: the task page, the composer, the environments' and the account's.
  assert.ok(after.length >= 4, `${after.length} pages' modules fetched once they paused (${pagesAsked.join(', ')})`);
  assert.deepEqual(page.errors, []);
});

/** Notes when the app started (Trunk's loader announces it), for `assertAskedBeforeAppStarted`. */
async function recordAppStart(page) {
  await page.addInitScript(() => addEventListener('TrunkApplicationStarted', () => { window.__appStarted = performance.now(); }));
}

/** Each of `urls` (path and query) was first requested before the app had started: by
 * index.html. (How many times each was asked, each caller counts.) */
async function assertAskedBeforeAppStarted(page, urls) {
  const timing = await page.evaluate((urls) => ({
    started: window.__appStarted,
    firstAsked: urls.map((wanted) => performance.getEntriesByType('resource')
      .find((entry) => { const url = new URL(entry.name); return url.pathname + url.search === wanted; })?.startTime),
  }), urls);
  timing.firstAsked.forEach((at, index) => assert.ok(at < timing.started, `${urls[index]} asked at ${at} ms, the app started at ${timing.started} ms`));
}

test('a page opened by its address asks for its own code while the app downloads, each file once, and nothing unused', async () => {
  const [task] = await firstPages('all');
  const routes = [
    [`/tasks/${encodeURIComponent(task.id)}`, 'task_page', '.task-header h1'],
    ['/settings', 'account_pages', 'h1:text-is("Settings")'],
    ['/environments', 'environment_pages', 'h1:text-is("Environments")'],
    ['/new', 'composer_page', '.composer'],
  ];
  for (const [path, module, shown] of routes) {
    const page = await newPage(browser);
    const warnings = [];
    page.on('console', (message) => { if (message.type() === 'warning') warnings.push(message.text()); });
    await recordAppStart(page);
    await page.goto(server.url + path);
    await page.locator(shown).first().waitFor();
    // Chrome warns of a preload not used within a few seconds of the page's load.
    if (module === 'task_page') await page.waitForTimeout(3500);
    const timing = await page.evaluate((module) => {
      const files = JSON.parse(document.getElementById('page-code').textContent)[module] ?? [];
      const entries = performance.getEntriesByType('resource');
      return {
        started: window.__appStarted,
        files: files.map((file) => [file, entries.filter((entry) => new URL(entry.name).pathname === file).map((entry) => entry.startTime)]),
      };
    }, module);
    // The build wrote the module's files: its own module last, after the chunks it shares.
    assert.ok(timing.files.length >= 2, `${path}: the build lists ${timing.files.length} files for ${module}`);
    assert.match(timing.files.at(-1)[0], new RegExp(`^/split_${module}-[0-9a-f]+\\.wasm$`));
    for (const [file, asked] of timing.files) {
      // Twice would be the loader's request not taking the preload: the file downloaded again.
      assert.equal(asked.length, 1, `${path}: ${file} requested ${asked.length} times`);
      assert.ok(asked[0] < timing.started, `${path}: ${file} asked at ${asked[0]} ms, the app started at ${timing.started} ms`);
    }
    assert.deepEqual(warnings.filter((text) => /preload/i.test(text)), [], path);
    assert.deepEqual(page.errors, [], path);
    await page.context().close();
  }
});

test('a page opened by its address is built before the header\'s tools are asked for, which then come', async () => {
  // The header's tools (the usage badge, feedback) are code of their own: fetched and started
  // in the middle of a page's own start, they slowed it (its code, its requests, its build).
  const [task] = await firstPages('all');
  const routes = [
    ['/settings', 'h1:text-is("Settings")', '/backend-api/wham/settings/user'],
    ['/environments', 'h1:text-is("Environments")', '/backend-api/wham/environments/with-creators'],
    [`/tasks/${encodeURIComponent(task.id)}`, '.task-header h1', `/backend-api/wham/tasks/${encodeURIComponent(task.id)}/turns`],
  ];
  for (const [path, heading, pageRequest] of routes) {
    const page = await newPage(browser);
    await page.addInitScript((heading) => {
      new MutationObserver((_, observer) => {
        if (document.querySelector(heading)) {
          window.__headingShown = performance.now();
          observer.disconnect();
        }
      }).observe(document, { childList: true, subtree: true });
    }, heading.replace(/:text-is\("([^"]+)"\)/, ''));
    await page.goto(server.url + path);
    await page.locator(heading).first().waitFor();
    await page.locator('.header-tools .usage-badge').waitFor();
    const timing = await page.evaluate((pageRequest) => {
      const entries = performance.getEntriesByType('resource');
      const first = (test) => entries.filter((entry) => test(new URL(entry.name).pathname)).map((entry) => entry.startTime)[0];
      return {
        headingShown: window.__headingShown,
        pageAsked: first((path) => path === pageRequest),
        toolsAsked: first((path) => /^\/split_list_parts-[0-9a-f]+\.wasm$/.test(path)),
      };
    }, pageRequest);
    assert.ok(timing.headingShown !== undefined && timing.pageAsked !== undefined && timing.toolsAsked !== undefined, `${path}: ${JSON.stringify(timing)}`);
    assert.ok(timing.toolsAsked > timing.headingShown, `${path}: the tools' code asked at ${timing.toolsAsked} ms, the page shown at ${timing.headingShown} ms`);
    assert.ok(timing.toolsAsked > timing.pageAsked, `${path}: the tools' code asked at ${timing.toolsAsked} ms, the page's ${pageRequest} at ${timing.pageAsked} ms`);
    assert.deepEqual(page.errors, [], path);
    await page.context().close();
  }
});

test('the list\'s first page and the environments are asked for while the app downloads, and not asked for again', async () => {
  const page = await newPage(browser);
  const asked = [];
  page.on('request', (request) => {
    const url = new URL(request.url());
    // The first page (a tall window also loads the next, by its cursor: not counted here).
    const first = url.pathname.endsWith('/wham/tasks/list') && !url.searchParams.has('cursor');
    if (first || url.pathname.endsWith('/wham/environments')) asked.push(url.pathname + url.search);
  });
  await recordAppStart(page);
  await page.goto(`${server.url}/?filter=all`);
  await page.locator('.task-row').first().waitFor();
  await page.waitForTimeout(500);
  assert.deepEqual(asked.sort(), ['/backend-api/wham/environments', '/backend-api/wham/tasks/list?task_filter=all&limit=20']);
  await assertAskedBeforeAppStarted(page, ['/backend-api/wham/environments', '/backend-api/wham/tasks/list?task_filter=all&limit=20']);
  const expected = await firstPages('all');
  const titles = (await page.locator('.task-row .task-title').allTextContents()).map((t) => t.trim());
  assert.deepEqual(titles, expected.slice(0, titles.length).map((item) => item.title));
});

test('the page after the first rows is asked for once they are painted, not with them', async () => {
  const page = await newPage(browser);
  // The frame that paints the first rows: the first animation frame after they are in the page.
  await page.addInitScript(() => {
    const observer = new MutationObserver(() => {
      if (!document.querySelector('.task-row')) return;
      observer.disconnect();
      requestAnimationFrame(() => { window.__firstRowsFrame = performance.now(); });
    });
    observer.observe(document, { childList: true, subtree: true });
  });
  await page.goto(`${server.url}/?filter=all`);
  // The first page does not fill this window's end: the next is still asked for. Its timing
  // entry is there once its answer is in.
  await page.waitForFunction(() => performance.getEntriesByType('resource').some((entry) => entry.name.includes('cursor=')));
  const timing = await page.evaluate(() => ({
    frame: window.__firstRowsFrame,
    asked: performance.getEntriesByType('resource').find((entry) => entry.name.includes('cursor='))?.startTime,
  }));
  assert.ok(timing.frame !== undefined && timing.asked > timing.frame,
    `the next page asked for at ${timing.asked} ms, the first rows' frame at ${timing.frame} ms`);
  assert.deepEqual(page.errors, []);
});

/** Opens `task` by its address (a link, a reload) and waits for its header, with its title. */
async function openByAddress(page, task) {
  await page.goto(`${server.url}/tasks/${encodeURIComponent(task.id)}`);
  await page.locator('.task-header h1').waitFor();
  assert.equal((await page.locator('.task-header h1').textContent()).trim(), task.title);
}

test('a task opened by its address brings its code in a few files, not a hundred', async () => {
  // Split points loaded together share a module (src/pages/lazy.rs): with one module each,
  // wasm-split made a chunk for every set of them sharing code, and this page fetched, compiled
  // and started 124 files before its header showed (twice the time it takes now).
  const list = await getJson(`${server.api}/wham/tasks/list?task_filter=current&limit=5`);
  const task = list.items[1];
  const page = await newPage(browser);
  const code = [];
  page.on('request', (request) => {
    const path = new URL(request.url()).pathname;
    if (/\/(split_|chunk_)[^/]*\.wasm$/.test(path)) code.push(path);
  });
  await openByAddress(page, task);
  assert.ok(code.some((path) => path.includes('/split_task_page-')), code.join('\n'));
  assert.ok(code.length <= 32, `${code.length} files of code before the task's header showed:\n${code.join('\n')}`);
  assert.deepEqual(page.errors, []);
});

test('a task opened by its address is asked for while the app downloads, and not asked for again', async () => {
  const list = await getJson(`${server.api}/wham/tasks/list?task_filter=current&limit=5`);
  const task = list.items[2];
  const page = await newPage(browser);
  const asked = [];
  page.on('request', (request) => {
    const path = new URL(request.url()).pathname;
    if (request.method() === 'GET' && path.startsWith('/backend-api/wham/tasks/')) asked.push(path);
  });
  await recordAppStart(page);
  await openByAddress(page, task);
  const taskPath = `/backend-api/wham/tasks/${encodeURIComponent(task.id)}`;
  assert.equal(asked.filter((path) => path === taskPath).length, 1, asked.join('\n'));
  assert.equal(asked.filter((path) => path === `${taskPath}/turns`).length, 1, asked.join('\n'));
  await assertAskedBeforeAppStarted(page, [taskPath, `${taskPath}/turns`]);
});

test('the usage, environments, settings and new-task pages opened by their address ask for what they show while the app downloads, once each', async () => {
  // Each page's own first requests; the task limit is also the header badge's, and the two
  // share one reading.
  const limit = '/wham/tasks/rate_limit';
  const pages = [
    ['/usage', '.usage-page .usage-window', ['/wham/usage', '/wham/usage/daily-token-usage-breakdown', '/wham/usage/credit-usage-events', '/wham/config/requirements', limit]],
    ['/environments', '.environments-page li.card', ['/wham/environments/with-creators', '/wham/environments/recent', '/codex/environments']],
    ['/settings', '.settings-page form.preferences', ['/_wham_server/status', '/wham/accounts/check', '/wham/settings/user', '/wham/settings/configs/user-preferences']],
    ['/new', '.composer-page form.composer select option[value^="env"]', ['/wham/environments/recent', limit]],
  ];
  for (const [path, shown, early] of pages) {
    const page = await newPage(browser);
    const asked = [];
    page.on('request', (request) => {
      const url = new URL(request.url());
      if (request.method() === 'GET' && url.pathname.startsWith('/backend-api/')) asked.push(url.pathname.slice('/backend-api'.length) + url.search);
    });
    await recordAppStart(page);
    await page.goto(server.url + path);
    // Attached, not visible: a select's options are not.
    await page.locator(shown).first().waitFor({ state: 'attached' });
    await page.waitForTimeout(500);
    for (const url of early) {
      const times = asked.filter((each) => each === url).length;
      assert.equal(times, 1, `${path}: ${url} asked ${times} times, of:\n${asked.join('\n')}`);
    }
    await assertAskedBeforeAppStarted(page, early.map((url) => '/backend-api' + url));
    assert.deepEqual(page.errors, [], path);
    await page.context().close();
  }
});

test('with a saved connection the app asks for the list itself, with its credentials', async () => {
  const page = await newPage(browser);
  await page.addInitScript(() => sessionStorage.setItem('wham-web.connection', JSON.stringify({ base: '/backend-api', token: 'saved-token', account_id: '', remember: false })));
  const lists = [];
  page.on('request', (request) => {
    const url = new URL(request.url());
    if (url.pathname.endsWith('/wham/tasks/list') && !url.searchParams.has('cursor')) lists.push(request.headers().authorization ?? 'none');
  });
  await page.goto(server.url);
  await page.locator('.task-row').first().waitFor();
  await page.waitForTimeout(500);
  assert.deepEqual(lists, ['Bearer saved-token']);
});

test('the app comes into the page whole: its frame with the first rows, as the loading shell goes', async () => {
  // The start is built outside the page in several short tasks (src/start.rs) and moved in at
  // once: the page never shows the app's header without the rows whose answer was in.
  const page = await newPage(browser);
  await page.addInitScript(() => {
    const observer = new MutationObserver(() => {
      if (!document.querySelector('nav[aria-label="Main"]')) return;
      observer.disconnect();
      window.__appArrived = { rows: document.querySelectorAll('.task-row').length, shell: !!document.getElementById('boot') };
    });
    observer.observe(document, { childList: true, subtree: true });
  });
  await page.goto(server.url);
  await page.locator('.task-row').first().waitFor();
  const arrived = await page.evaluate(() => window.__appArrived);
  assert.ok(arrived.rows > 0, `the app's header came into the page with ${arrived.rows} rows`);
  assert.equal(arrived.shell, false, 'the loading shell was still there when the app came');
  assert.deepEqual(page.errors, []);
});

test('a list whose answer is slow shows the app with its loading state meanwhile, then the rows', async () => {
  const page = await newPage(browser);
  let release;
  const held = new Promise((resolve) => { release = resolve; });
  await page.route(/\/wham\/tasks\/list/, async (route) => { await held; await route.continue(); });
  await page.goto(server.url);
  await page.locator('nav[aria-label="Main"]').waitFor({ timeout: 10000 });
  assert.equal(await page.locator('#boot').count(), 0, 'the loading shell stayed with the app in the page');
  await page.getByRole('status').filter({ hasText: 'Loading' }).first().waitFor();
  assert.equal(await page.locator('.task-row').count(), 0);
  // The header works while the list waits.
  await page.getByRole('link', { name: 'Environments' }).click();
  await page.waitForURL(/\/environments$/);
  await page.goBack();
  release();
  await page.locator('.task-row').first().waitFor({ timeout: 15000 });
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('a start whose early list request drops still shows the list', async () => {
  const page = await newPage(browser);
  let dropped = 0;
  await page.route(/\/wham\/tasks\/list/, (route) => (dropped++ === 0 ? route.abort() : route.continue()));
  await page.goto(server.url);
  await page.locator('.task-row').first().waitFor({ timeout: 15000 });
  assert.ok(dropped >= 2, 'the app asked again after the early request dropped');
  await page.context().close();
});

test('a list that does not answer does not keep the prompt box away', async () => {
  const page = await newPage(browser);
  await page.route(/\/wham\/tasks\/list/, () => {}); // never answered
  await page.goto(server.url);
  await page.locator('#quick-prompt').waitFor({ timeout: 10000 });
  assert.equal(await page.locator('.task-row').count(), 0);
  await page.context().close();
});

test('the whole row of a task is its link', async () => {
  const page = await newPage(browser);
  await page.goto(server.url);
  const row = page.locator('.task-row').nth(2);
  await row.waitFor();
  const id = await row.getAttribute('data-task-id');
  assert.equal(await row.evaluate((element) => getComputedStyle(element).cursor), 'pointer');
  // Click the row's right end, away from the title text.
  const box = await row.boundingBox();
  await page.mouse.click(box.x + box.width - 8, box.y + box.height / 2);
  await page.waitForURL(new RegExp(`/tasks/${id}`));
});

test('back from a task restores the list: its loaded pages and its scroll position', async () => {
  const page = await newPage(browser);
  await page.goto(server.url + '/?filter=all');
  await page.locator('.task-row').first().waitFor();
  // The list scrolls with the page: one scroll container, none inside it.
  for (let step = 0; step < 6; step++) {
    await page.evaluate(() => window.scrollBy(0, 400));
    await page.waitForTimeout(120);
  }
  // Measured once the page that scrolling asked for has arrived.
  await page.locator('.load-more[aria-busy="true"]').waitFor({ state: 'detached' });
  const before = await page.evaluate(() => window.scrollY);
  const loaded = await page.locator('.task-row').first().getAttribute('aria-setsize');
  assert.ok(before > 1000, `scrolled to ${before}`);
  assert.ok(Number(loaded) > 20, `loaded ${loaded}`);
  // By id: the virtual list may re-render its rows while the page settles. A row in view: one
  // rendered above it (the list draws a few rows past each edge) would be scrolled to by the
  // click, and the list would rightly come back there instead.
  const id = await page.evaluate(() => [...document.querySelectorAll('.task-row')]
    .find((row) => { const box = row.getBoundingClientRect(); return box.top >= 120 && box.bottom <= window.innerHeight; })
    ?.dataset.taskId);
  assert.ok(id, 'a row is in view');
  await page.locator(`.task-row[data-task-id="${id}"] .task-title`).click();
  await page.waitForURL(new RegExp(`/tasks/${id}`));
  await page.locator('.task-header h1').waitFor();
  await page.goBack();
  await page.locator('.task-row').first().waitFor();
  await page.waitForFunction((top) => Math.abs(window.scrollY - top) < 2, before);
  assert.equal(await page.locator('.task-row').first().getAttribute('aria-setsize'), loaded);
  assert.ok(await page.locator(`.task-row[data-task-id="${id}"]`).count() === 1, 'the opened row is in view again');
});

test('no matching tasks says so where the rows would be, with a way to clear the filters', async () => {
  const page = await newPage(browser);
  await page.goto(server.url + '/?q=zzzz-no-such-task');
  const empty = page.getByText('No matching tasks');
  await empty.waitFor();
  // No empty frame where the rows would be; the frame is back with the rows.
  const frame = () => page.locator('.task-list').evaluate((list) => getComputedStyle(list).borderTopWidth);
  assert.equal(await frame(), '0px');
  await page.getByRole('button', { name: 'Clear filters' }).click();
  await page.waitForURL((url) => url.search === '');
  await page.locator('.task-row').first().waitFor();
  assert.equal(await frame(), '1px');
});

test('a task starts from the prompt box on the list, in the last used environment', async () => {
  const recent = await getJson(`${server.api}/wham/environments/recent`);
  const page = await newPage(browser);
  await page.goto(server.url);
  const box = page.getByRole('form', { name: 'Start a task' });
  await box.getByText(/^in /).waitFor();
  assert.match(await box.locator('.quick-target').innerText(), new RegExp(`in ${recent[0].label ?? ''}`));
  const start = box.getByRole('button', { name: 'Start' });
  assert.equal(await start.isDisabled(), true, 'nothing to start yet');
  await page.locator('#quick-prompt').fill('Add a health check endpoint');
  await start.click();
  await page.waitForURL(/\/tasks\//);
  const id = decodeURIComponent(new URL(page.url()).pathname.split('/').pop());
  const bundle = await getJson(`${server.api}/wham/tasks/${id}`);
  assert.equal(bundle.current_assistant_turn.environment_id, recent[0].id);
  // "More options" carries the prompt into the full form.
  await page.goto(server.url);
  await page.locator('#quick-prompt').fill('Write the migration guide');
  await page.getByRole('link', { name: 'More options' }).click();
  await page.waitForURL(/\/new$/);
  assert.equal(await page.locator('#prompt').inputValue(), 'Write the migration guide');
});

// Starts a task, as the test above does: both come after the tests that read the seeded list.
test('an early answer older than ten seconds is not shown: the app asks again and shows what changed', async () => {
  const page = await newPage(browser);
  const firstPages = [];
  page.on('request', (request) => {
    const url = new URL(request.url());
    if (url.pathname.endsWith('/wham/tasks/list') && !url.searchParams.has('cursor')) firstPages.push(url.search);
  });
  // The titles of the first rows the page shows (the refresh every few seconds would bring the
  // new task in later either way).
  await page.addInitScript(() => {
    new MutationObserver((_, observer) => {
      const titles = [...document.querySelectorAll('.task-row .task-title')].map((title) => title.textContent.trim());
      if (titles.length) { window.__firstTitles = titles; observer.disconnect(); }
    }).observe(document, { subtree: true, childList: true });
  });
  // The app's code is held back past the early answer's ten seconds, as on a very slow line.
  let release;
  const held = new Promise((resolve) => { release = resolve; });
  await page.route(/\/wham-web-[0-9a-f]+_bg\.wasm$/, async (route) => { await held; await route.continue(); });
  await page.goto(server.url, { waitUntil: 'commit' });
  await page.waitForFunction(() => window.__whamEarly && Object.keys(window.__whamEarly).length === 2);
  // Meanwhile a task starts elsewhere: the early answer does not have it.
  await createTask(server, 'Freshness check after a slow start');
  await page.waitForTimeout(10500);
  release();
  await page.locator('.task-row').first().waitFor({ timeout: 15000 });
  const firstTitles = await page.evaluate(() => window.__firstTitles);
  assert.ok(firstTitles.includes('Freshness check after a slow start'), firstTitles.join('\n'));
  assert.equal(firstPages.length, 2, `the first page was asked for by index.html, then by the app: ${firstPages.join(', ')}`);
});
