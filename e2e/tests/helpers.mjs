// Shared by the browser tests: a real wham-server serving the release build, and Debian's
// chromium driven by playwright-core (never a downloaded browser).
import { spawn } from 'node:child_process';
import { afterEach, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { chromium } from 'playwright-core';

const serverBin = process.env.WHAM_SERVER_BIN ?? new URL('../../target/debug/wham-server', import.meta.url).pathname;
const dist = process.env.WHAM_DIST ?? new URL('../../dist', import.meta.url).pathname;

/** Starts wham-server on a free port with the built app; resolves to {url, api, stop}, and in
 * bridge mode (`--upstream`) also `signIn`, the URL it prints to open once. */
export async function startServer(extraArgs = [], { env = {}, port = 0 } = {}) {
  const bridge = extraArgs.includes('--upstream');
  const child = spawn(serverBin, ['--port', String(port), '--static', dist, ...extraArgs], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
  let stderr = '';
  child.stderr.on('data', (chunk) => { stderr += chunk; });
  const [url, signIn] = await new Promise((resolve, reject) => {
    let buffer = '';
    const timer = setTimeout(() => reject(new Error(`wham-server did not start: ${stderr}`)), 15000);
    child.stdout.on('data', (chunk) => {
      buffer += chunk;
      const match = buffer.match(/listening on (http:\/\/\S+)/);
      const signInMatch = buffer.match(/bridge to \S+: open (http:\/\/\S+)/);
      if (match && (!bridge || signInMatch)) { clearTimeout(timer); resolve([match[1], signInMatch?.[1]]); }
    });
    child.on('exit', (code) => { clearTimeout(timer); reject(new Error(`wham-server exited ${code}: ${stderr}`)); });
  });
  return {
    url,
    signIn,
    api: `${url}/backend-api`,
    async stop() {
      if (child.exitCode === null) { child.kill('SIGTERM'); await once(child, 'exit'); }
    },
  };
}

/** Launches headless chromium. */
export async function launchBrowser() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
  });
}

/** Every page a test opened, checked after each test of every file. */
const openedPages = new Set();

// Any uncaught page error (a wasm panic is one) or console error fails the test that caused it,
// whether or not the test looked. Chromium's own "Failed to load resource" lines are left out:
// they report an HTTP error status, which tests provoke on purpose and the page shows.
afterEach(() => {
  const problems = [];
  for (const page of openedPages) problems.push(...page.errors);
  openedPages.clear();
  assert.deepEqual(problems, [], 'page errors or console errors');
});

/** A new page whose errors fail the test (see above). */
export async function newPage(browser, options = {}) {
  const context = await browser.newContext(options);
  const page = await context.newPage();
  page.errors = [];
  page.on('pageerror', (error) => page.errors.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) {
      page.errors.push(`console error: ${message.text()}`);
    }
  });
  openedPages.add(page);
  return page;
}

/** GETs JSON, trying again when the server stumbles (as it does on purpose with --chaos). */
export async function getJson(url, headers = {}) {
  let last;
  for (let attempt = 0; attempt < 12; attempt++) {
    const response = await fetch(url, { headers });
    if (response.ok) return response.json();
    last = `${url}: HTTP ${response.status}`;
    if (response.status < 429) break;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(last);
}

/** POSTs a task request (`/wham/tasks`); the server's answer ({task, turn}). */
async function postTask(server, body, headers) {
  const response = await fetch(`${server.api}/wham/tasks`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
  if (response.status !== 200) throw new Error(`task creation: HTTP ${response.status}`);
  return response.json();
}

const message = (prompt) => [{ type: 'message', role: 'user', content: [{ content_type: 'text', text: prompt }] }];

/** Starts a task with `prompt` on the server's first environment (with `metadata`, such as
 * `model_slug`, when given). */
export async function createTask(server, prompt, headers = {}, metadata = undefined) {
  const environments = await getJson(`${server.api}/wham/environments`, headers);
  const newTask = { environment_id: environments[0].id, branch: 'main', run_environment_in_qa_mode: false };
  return postTask(server, { new_task: newTask, input_items: message(prompt), metadata }, headers);
}

/** Starts a follow-up to `turnId` of `taskId`, as another client would. */
export async function createFollowUp(server, taskId, turnId, prompt) {
  return postTask(server, { follow_up: { task_id: taskId, turn_id: turnId }, input_items: message(prompt) }, {});
}

/** Notifications allowed, and recorded in `window.__notifications` (with their click handler)
 * instead of shown: headless Chromium shows none. */
export async function recordNotifications(page) {
  await page.addInitScript(() => {
    window.__notifications = [];
    window.Notification = class {
      static permission = 'granted';
      static requestPermission() { return Promise.resolve('granted'); }
      constructor(title, options) { this.title = title; this.body = options?.body; this.tag = options?.tag; window.__notifications.push(this); }
    };
  });
}

/** For a test file: a wham-server with these flags and a browser, started before its tests and
 * stopped after them. Use `env.server` and `env.browser` inside the tests. */
export function withServer(args = [], options = {}) {
  const env = {};
  before(async () => {
    env.server = await startServer(args, options);
    env.browser = await launchBrowser();
  });
  after(async () => {
    await env.browser?.close();
    await env.server?.stop();
  });
  return env;
}

/** Scrolls the box `box` (a selector) as far right as it goes and says whether the end of the
 * line (one of `lines` inside it, ending in `text`) is then inside the box: `'in view'`, or
 * where it ended. The lines are drawn only while in view: a long line must be scrolled to. */
export async function lineEndInView(page, box, lines, text) {
  return page.locator(box).evaluate(async (body, [lines, text]) => {
    body.scrollLeft = body.scrollWidth;
    // The scroll event comes before the next frame.
    await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
    const line = [...body.querySelectorAll(lines)].find((element) => element.textContent.endsWith(text));
    if (!line) return 'no line';
    const range = document.createRange();
    range.selectNodeContents(line);
    const end = range.getBoundingClientRect().right;
    const inside = body.getBoundingClientRect();
    return end <= inside.right + 1 && end > inside.left ? 'in view' : `end at ${end}, box ${inside.left}–${inside.right}`;
  }, [lines, text]);
}

/** Waits (up to `seconds`) for the simulated agent to finish task `taskId`'s current turn. */
export async function waitForCompletedTurn(server, taskId, seconds = 30) {
  for (let attempt = 0; attempt < seconds * 10; attempt++) {
    const bundle = await getJson(`${server.api}/wham/tasks/${taskId}`);
    if (bundle.current_assistant_turn?.turn_status === 'completed') return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
