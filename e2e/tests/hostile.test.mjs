// Hostile agent output in a real browser: an agent steered by a malicious repository (`[hostile]`
// in the prompt) writes script, javascript: links, citations out of the repository, bidi and
// zero-width characters, CSS class names and a diff that would run commands when pasted. The
// page shows all of it inert, and "Copy git apply" pasted into a real shell applies exactly
// the diff and runs nothing else.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, existsSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, launchBrowser, newPage, getJson, waitForCompletedTurn } from './helpers.mjs';

let server;
let browser;
let task;

before(async () => {
  server = await startServer(['--speed', '40']);
  browser = await launchBrowser();
  const environments = await getJson(`${server.api}/wham/environments`);
  const body = {
    new_task: { environment_id: environments[0].id, branch: 'main', run_environment_in_qa_mode: false },
    input_items: [{ type: 'message', role: 'user', content: [{ content_type: 'text', text: '[hostile] Review the input parser.' }] }],
  };
  const response = await fetch(`${server.api}/wham/tasks`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  assert.equal(response.status, 200);
  task = (await response.json()).task;
  await waitForCompletedTurn(server, task.id, 20);
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

test('hostile output renders inert: no script, no unsafe link, no injected class', async () => {
  const page = await newPage(browser);
  await page.goto(`${server.url}/tasks/${task.id}`);
  await page.locator('.assistant-turn:not(.live) .markdown').first().waitFor({ timeout: 30000 });
  await page.locator('.diff-row').first().waitFor();
  assert.equal(await page.evaluate(() => window.__pwned), undefined, 'no agent script ran');
  assert.equal(await page.locator('.markdown img, .markdown script').count(), 0);
  // The raw HTML is shown as text.
  assert.match(await page.locator('.assistant-turn .markdown').first().innerText(), /<script>window.__pwned/);
  // The agent's activity is checked too: its tab beside the answer.
  await page.getByRole('tab', { name: 'Activity' }).click();
  await page.locator('.tool-panel .activity .worklog-item').first().waitFor();
  const hrefs = await page.locator('a[href]').evaluateAll((links) => links.map((link) => link.href));
  for (const href of hrefs) {
    assert.match(href, /^(https?:|mailto:)/, `unsafe link ${href}`);
    assert.doesNotMatch(href, /\/\.\.?(\/|$)|%2e%2e/i, `link leaves its place: ${href}`);
    if (href.startsWith('https://github.com/')) assert.doesNotMatch(href, /other-org/);
  }
  // Citation markers never show raw, in the answer or in the agent's activity.
  await page.locator('details').evaluateAll((sections) => sections.forEach((section) => { section.open = true; }));
  assert.doesNotMatch(await page.locator('main').innerText(), /【F:/);
  // Agent text never becomes a class: no overlay, every class from the app's own set.
  assert.equal(await page.locator('.dialog-backdrop').count(), 0);
  await page.locator('details.worklog').evaluateAll((sections) => sections.forEach((section) => { section.open = true; }));
  assert.equal(await page.locator('[class*="dialog"]').count(), 0);
  // Bidi controls in the title cannot reorder the page around it.
  const title = page.locator('.task-page h1');
  assert.equal(await title.evaluate((element) => getComputedStyle(element).unicodeBidi), 'isolate');
  // …and are flagged, named on hover.
  assert.match(await title.locator('.hidden-char-warning').getAttribute('title'), /U\+202E RIGHT-TO-LEFT OVERRIDE/);
});

test('the diff viewer shows hidden characters, and copied git apply runs nothing but git apply', async () => {
  const page = await newPage(browser, { permissions: ['clipboard-read', 'clipboard-write'] });
  await page.goto(`${server.url}/tasks/${task.id}`);
  await page.locator('.diff-row').first().waitFor({ timeout: 30000 });
  await page.getByRole('button', { name: 'notes.txt' }).first().click();
  const marks = page.locator('.diff-code .invisible-char');
  await marks.first().waitFor();
  const names = await marks.evaluateAll((elements) => elements.map((element) => element.title));
  assert.ok(names.some((name) => /CARRIAGE RETURN/.test(name)), names.join(', '));
  assert.ok(names.some((name) => /RIGHT-TO-LEFT OVERRIDE/.test(name)), names.join(', '));
  assert.ok(await page.locator('.path .invisible-char').count() > 0, 'the bidi character in a file name is marked');

  await page.getByRole('button', { name: 'Copy git apply', exact: true }).click();
  await page.getByText('Copied the git apply command').waitFor();
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  const bundle = await getJson(`${server.api}/wham/tasks/${task.id}`);
  const diff = bundle.current_assistant_turn.output_items.find((item) => item.type === 'pr').output_diff.diff;
  // Pasted into a real shell, with git apply standing in as "write stdin to a file".
  const dir = mkdtempSync(join(tmpdir(), 'wham-paste-'));
  try {
    const script = copied.replace('| git apply --3way', '> applied.patch');
    execFileSync('sh', { cwd: dir, input: script });
    assert.equal(readFileSync(join(dir, 'applied.patch'), 'utf8'), diff.endsWith('\n') ? diff : `${diff}\n`);
    assert.equal(existsSync(join(dir, 'pwned-by-paste')), false, 'the diff ran a command');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
