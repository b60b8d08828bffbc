// `cargo xtask bench`: speed you can show. The release app, served by wham-server with
// synthetic data, measured in Chromium against a plain-JavaScript baseline page
// (`bench/baseline/`) that shows the same task list from the same API with direct DOM calls,
// in the same run. Each figure is the median of `BENCH_RUNS` runs (10 unless smoke) with its
// min and max; each app figure beside the baseline's is also given as a ratio to it. Writes
// `target/bench/report.json`, `target/bench/report.md` and `target/bench/ratios.svg`.
// Never asserted in a test: `cargo xtask test` runs it once in smoke mode so it cannot rot.
//
// Usage: node bench/bench.mjs <server url> [--smoke]
import { chromium } from 'playwright-core';
import { readFileSync, writeFileSync, mkdirSync, readdirSync, statSync, existsSync } from 'node:fs';
import { gzipSync, brotliCompressSync, constants as zlib } from 'node:zlib';
import { execFileSync } from 'node:child_process';
import os from 'node:os';

const base = process.argv[2];
const smoke = process.argv.includes('--smoke');
const api = `${base}/backend-api`;
const root = new URL('../../', import.meta.url);
const runs = Number(process.env.BENCH_RUNS ?? (smoke ? 1 : 10));
const listSize = smoke ? 60 : 1000;
const bigListSize = Number(process.env.BENCH_BIG_LIST ?? (smoke ? 100 : 10000));
const visits = smoke ? 3 : 50;
// Two stream events a line: the full run's flood is a 20,000-event turn.
const floodLines = Number(process.env.BENCH_FLOOD_LINES ?? (smoke ? 200 : 10000));
// wham-server's `--speed` (xtask passes it): simulated seconds run this many times faster.
const serverSpeed = Number(process.env.BENCH_SERVER_SPEED ?? 2);
const outDir = new URL('target/bench/', root);
mkdirSync(outDir, { recursive: true });
const log = (text) => console.error(`bench: ${text}`);

const launch = (extraArgs = []) => chromium.launch({
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking', '--enable-precise-memory-info', ...extraArgs],
});
const browser = await launch();

// ---- helpers -------------------------------------------------------------------------------

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};
const round = (value, places = 1) => Math.round(value * 10 ** places) / 10 ** places;
const summary = (values) => ({ median: round(median(values)), min: round(Math.min(...values)), max: round(Math.max(...values)), runs: values.length });

// What a page's probes say when it has stopped producing frames (see `__until`), and how long
// without a frame that takes.
const STALLED = 'the page stopped painting';
const FRAME_LIMIT_MS = 10000;

// In every page: frame gaps, long tasks, when the first task row appeared, and the wasm memory
// (Trunk's loader announces the instance); `__until(check)` resolves, with the milliseconds it
// took, once `check()` holds and the browser has painted it.
const probes = ({ STALLED, FRAME_LIMIT_MS }) => {
  // `logFrames`: the memory step turns the frame log off. It grows by about 70 bytes a frame:
  // +100 KB of JS heap over 50 visits by hand, when the step reported +134 KB of growth.
  window.__bench = { gaps: [], longTasks: [], last: performance.now(), marks: {}, logFrames: true };
  const tick = (now) => {
    if (window.__bench.logFrames) window.__bench.gaps.push([now, now - window.__bench.last]);
    window.__bench.last = now;
    requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
  new PerformanceObserver((list) => { for (const entry of list.getEntries()) window.__bench.longTasks.push([entry.startTime, entry.duration]); }).observe({ type: 'longtask', buffered: true });
  addEventListener('TrunkApplicationStarted', (event) => { window.__bench.wasm = event.detail?.wasm; window.__bench.marks.started = performance.now(); });
  // Sets mark `name` to now and reports it to the bench (see `mark`).
  const setMark = (name) => {
    window.__bench.marks[name] = performance.now();
    performance.mark(name); // for a trace of the page (see `startCensus`)
    window.__benchMark?.(name, window.__bench.marks[name]);
  };
  window.__bench.setMark = setMark;
  new MutationObserver(() => {
    const marks = window.__bench.marks;
    if (!marks.firstRow && document.querySelector('.task-row')) {
      const seen = performance.now();
      requestAnimationFrame(() => setTimeout(() => { marks.firstRow = marks.firstRow ?? seen; setMark('firstRowPainted'); }, 0));
      marks.firstRow = seen;
    }
    if (!marks.streamEnded && document.querySelector('.stream-state.stream-ended')) marks.streamEnded = performance.now();
    for (const [name, selector] of [['firstDiffRow', '.diff-line, .diff-split'], ['firstLogLine', '.log-line']]) {
      if (!marks[name] && document.querySelector(selector)) {
        marks[name] = performance.now();
        requestAnimationFrame(() => setTimeout(() => setMark(`${name}Painted`), 0));
      }
    }
  }).observe(document, { subtree: true, childList: true, attributes: true, attributeFilter: ['class'] });
  // The wait for the frame has a limit of its own: headless Chromium now and then stops
  // producing frames for a page for good (seen here as a run that stood still, idle, with the
  // check long met), and `STALLED` tells the bench to run that step again on a fresh page.
  window.__until = (check, timeout = 120000) => new Promise((resolve, reject) => {
    const started = performance.now();
    const painted = () => window.__afterFrame().then(() => resolve(performance.now() - started), reject);
    if (check()) { painted(); return; }
    const timer = setTimeout(() => { observer.disconnect(); reject(new Error(`timed out waiting for ${check}`)); }, timeout);
    const observer = new MutationObserver(() => {
      if (check()) { observer.disconnect(); clearTimeout(timer); painted(); }
    });
    observer.observe(document, { subtree: true, childList: true, attributes: true, characterData: true });
  });
  // Resolves just after the browser has painted a frame (or rejects as `STALLED` when none
  // comes). `__until` waits for it once its check holds. A list operation starts there, in the
  // app and the baseline alike, so that its figure (the operation until its frame is painted)
  // is its work plus the rest of that frame: started at a random point, a few milliseconds of
  // work measured 3-19 ms by where the start fell in the 16.7 ms frame interval (traced), and
  // the median of 10 selects (1-4 ms of work) swung 0.75-1.46x the baseline's over ten runs.
  window.__afterFrame = () => new Promise((resolve, reject) => {
    const stalled = setTimeout(() => reject(new Error(`${STALLED}: no frame for ${FRAME_LIMIT_MS} ms`)), FRAME_LIMIT_MS);
    requestAnimationFrame(() => setTimeout(() => { clearTimeout(stalled); resolve(); }, 0));
  });
};

// The marks the probes set, as each page reports them (see `mark`).
const reportedMarks = new WeakMap();

/** Resolves to mark `name` (a performance.now() time) once the page has set it. The page
 * reports it through a binding: waiting with `page.waitForFunction` would have Playwright
 * inject its own script into the page, 20–70 ms of parsing on the main thread in the middle of
 * the start being measured (a trace showed it), which a person's browser never runs. */
function mark(page, name, timeout = 120000) {
  const { seen, waiting } = reportedMarks.get(page);
  if (seen.has(name)) return Promise.resolve(seen.get(name));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ${name} mark in ${timeout} ms`)), timeout);
    waiting.set(name, (value) => { clearTimeout(timer); resolve(value); });
  });
}

/** `step()`, which opens pages of its own and closes them, run again on fresh pages (at most
 * twice) when a page it used stopped painting: the browser's doing, not the page's (the step
 * stands still with nothing left to do). Each retry is in the report; any other error ends the
 * bench. */
async function againIfStalled(label, step) {
  for (let attempt = 1; ; attempt++) {
    try {
      return await step();
    } catch (error) {
      if (!String(error?.message).includes(STALLED) || attempt === 3) throw error;
      log(`${label}: ${STALLED}, again on a fresh page`);
      report.stalledSteps.push({ step: label, error: String(error.message).split('\n')[0] });
    }
  }
}

/** `run(page)` on a page of a context of its own (cold: nothing cached) in `inBrowser`, closed
 * however it ends. */
async function onFreshPage(run, inBrowser = browser) {
  const context = await inBrowser.newContext();
  try {
    return await run(await newPage(context));
  } finally {
    await context.close();
  }
}

/** Whether `page` still produces frames (one within two seconds). */
async function stillPainting(page) {
  return page.evaluate(() => new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), 2000);
    requestAnimationFrame(() => { clearTimeout(timer); resolve(true); });
  })).catch(() => false);
}

/** `error` as it is, or as a `STALLED` one when `page` no longer paints (a wait that depends on
 * frames, such as Playwright's click, then fails for that reason and not the app's). */
async function stalledOr(page, error) {
  if (await stillPainting(page)) return error;
  return new Error(`${STALLED}: ${String(error?.message).split('\n')[0]}`, { cause: error });
}

/** The app's built stylesheet (dist/main-<hash>.css), which the baseline page uses too. */
const appStylesheet = (() => {
  const name = readdirSync(new URL('dist/', root)).find((file) => /^main-.*\.css$/.test(file));
  if (!name) throw new Error('no stylesheet in dist/: build the app first');
  return readFileSync(new URL(`dist/${name}`, root));
})();

async function newPage(context) {
  const page = await context.newPage();
  const marks = { seen: new Map(), waiting: new Map() };
  reportedMarks.set(page, marks);
  await page.exposeBinding('__benchMark', (_source, name, value) => {
    marks.seen.set(name, value);
    marks.waiting.get(name)?.(value);
  });
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.addInitScript(probes, { STALLED, FRAME_LIMIT_MS });
  // The baseline is served beside the app, same origin, so it reads the same API.
  await page.route(`${base}/__baseline/**`, (route) => {
    const name = new URL(route.request().url()).pathname.replace('/__baseline/', '') || 'index.html';
    if (name === 'app.css') {
      route.fulfill({ body: appStylesheet, contentType: 'text/css' });
      return;
    }
    const type = name.endsWith('.js') ? 'text/javascript' : 'text/html';
    route.fulfill({ body: readFileSync(new URL(`bench/baseline/${name}`, root)), contentType: type });
  });
  return page;
}

/** Frame gaps and long tasks since `from` (a performance.now() time). */
async function responsiveness(page, from = 0, to = null) {
  return page.evaluate(([from, to]) => {
    const within = (time) => time >= from && (to === null || time < to);
    const gaps = window.__bench.gaps.filter(([time]) => within(time)).map(([, gap]) => gap);
    const tasks = window.__bench.longTasks.filter(([time]) => within(time)).map(([, duration]) => duration);
    return { maxFrameGapMs: Math.round(Math.max(0, ...gaps)), longTasks: tasks.length, longestTaskMs: Math.round(Math.max(0, ...tasks)) };
  }, [from, to]);
}

/** JS heap (after a garbage collection) and the wasm instance's memory, in KB. */
async function memory(page) {
  const session = await page.context().newCDPSession(page);
  await session.send('HeapProfiler.collectGarbage');
  const { usedSize } = await session.send('Runtime.getHeapUsage');
  const wasm = await page.evaluate(() => window.__bench.wasm?.memory?.buffer.byteLength ?? 0);
  await session.detach();
  return { jsHeapKb: Math.round(usedSize / 1024), wasmMemoryKb: Math.round(wasm / 1024) };
}

/** Starts a task on the first environment with `prompt`; the server's answer ({task, turn}). */
async function startTask(prompt) {
  const environments = await getJson('/wham/environments');
  const response = await fetch(`${api}/wham/tasks`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ new_task: { environment_id: environments[0].id, run_environment_in_qa_mode: false }, input_items: [{ type: 'message', role: 'user', content: [{ content_type: 'text', text: prompt }] }] }),
  });
  return response.json();
}

// In the page: when each flood line (`test case NNNNN`) arrived on the stream, and when the
// page first painted it. The stream's EventSource gets a listener of its own, registered
// before the app's; the newest line in the command output is read after each DOM change, and
// a line counts as painted at the first frame that shows it or a later one.
const latencyProbe = () => {
  const arrived = new Map();
  const painted = new Map();
  window.__latency = { arrived, painted };
  const Native = window.EventSource;
  window.EventSource = class extends Native {
    constructor(...args) {
      super(...args);
      this.addEventListener('message', (event) => {
        const now = performance.now();
        for (const match of String(event.data).matchAll(/test case (\d{5})/g)) {
          const line = Number(match[1]);
          if (!arrived.has(line)) arrived.set(line, now);
        }
      });
    }
  };
  let newestShown = -1;
  new MutationObserver(() => {
    const outputs = document.querySelectorAll('.command-output code');
    const text = outputs.length ? outputs[outputs.length - 1].textContent : '';
    const at = text.lastIndexOf('test case ');
    if (at < 0) return;
    const newest = Number(text.slice(at + 10, at + 15));
    if (!(newest > newestShown)) return;
    const from = newestShown + 1;
    newestShown = newest;
    requestAnimationFrame(() => setTimeout(() => {
      const now = performance.now();
      for (let line = from; line <= newest; line++) if (!painted.has(line)) painted.set(line, now);
    }, 0));
  }).observe(document, { subtree: true, childList: true, characterData: true });
};

async function getJson(path) {
  const response = await fetch(`${api}${path}`);
  return response.json();
}

// ---- the two pages under test, driven by the same gestures -----------------------------------

const targets = {
  app: {
    url: (query) => `${base}/${query}`,
    loaded: () => Number(document.querySelector('.task-row')?.getAttribute('aria-setsize') ?? 0),
    selected: '.task-row.selected',
    archived: (page) => page.getByRole('navigation', { name: 'Task filter' }).getByRole('link', { name: 'Archived' }).click(),
  },
  baseline: {
    url: (query) => `${base}/__baseline/index.html${query}`,
    loaded: () => Number(document.getElementById('list')?.getAttribute('aria-setsize') ?? 0),
    selected: '.row.selected',
    archived: (page) => page.locator('#archived').click(),
  },
};

/** Scrolls to the end until `count` tasks are loaded; the milliseconds it took. */
async function loadUntil(page, target, count) {
  return page.evaluate(async ([loadedSource, count]) => {
    const loaded = new Function(`return (${loadedSource})()`);
    const started = performance.now();
    while (loaded() < count) {
      const before = loaded();
      window.scrollTo(0, document.documentElement.scrollHeight);
      await window.__until(() => loaded() > before || loaded() >= count, 30000);
    }
    return performance.now() - started;
  }, [target.loaded.toString(), count]);
}

/** A check for `typeSearch` (run in the page): rows are shown, each a match for "cache". */
const onlyCacheRowsShown = () => {
  const titles = [...document.querySelectorAll('.task-row:not([hidden]) .task-title')];
  return titles.length > 0 && titles.every((title) => /cache/i.test(title.textContent));
};

/** Types into the search box (the instant filter of what is loaded). */
async function typeSearch(page, text, check) {
  return page.evaluate(async ([text, checkSource]) => {
    const check = new Function(`return (${checkSource})()`);
    const field = document.querySelector('[aria-label="Search tasks"]');
    await window.__afterFrame();
    const started = performance.now();
    field.value = text;
    field.dispatchEvent(new Event('input', { bubbles: true }));
    await window.__until(check);
    return performance.now() - started;
  }, [text, check.toString()]);
}

/** Update rows in place: two finished tasks in the first page (about every 10th row: the
 * first and the one ten rows below it, or the next finished ones) start a follow-up elsewhere;
 * the window regains focus, which has the page re-read its first page; the milliseconds until
 * both rows show their new status. */
async function updateRows(page) {
  await page.waitForFunction(() => !document.querySelector('.state-loading'));
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.waitForFunction(() => document.querySelector('.task-row[data-index="0"]') || document.getElementById('list'));
  await page.waitForTimeout(100);
  // The rows at the top, in list order (the app renders only those in view, each with its index).
  const top = await page.evaluate(() => [...document.querySelectorAll('.task-row')]
    .sort((a, b) => Number(a.dataset.index ?? 0) - Number(b.dataset.index ?? 0))
    .slice(0, 20)
    .map((row) => ({ id: row.dataset.taskId, status: row.querySelector('.badge')?.textContent })));
  const chosen = [];
  for (const start of [0, 10]) {
    for (let index = start; index < top.length; index++) {
      const bundle = await getJson(`/wham/tasks/${top[index].id}`);
      const turn = bundle.current_assistant_turn;
      if (turn?.turn_status === 'completed' && !chosen.some((row) => row.id === top[index].id)) {
        chosen.push({ ...top[index], turnId: turn.id });
        break;
      }
    }
  }
  for (const row of chosen) {
    const response = await fetch(`${api}/wham/tasks`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ follow_up: { task_id: row.id, turn_id: row.turnId }, input_items: [{ type: 'message', role: 'user', content: [{ content_type: 'text', text: 'Also update the changelog.' }] }] }),
    });
    if (response.status !== 200) throw new Error(`follow-up: HTTP ${response.status}`);
  }
  return page.evaluate(async (chosen) => {
    const changed = () => chosen.every(({ id, status }) => {
      const badge = document.querySelector(`.task-row[data-task-id="${id}"] .badge`);
      return badge && badge.textContent !== status;
    });
    await window.__afterFrame();
    const started = performance.now();
    window.dispatchEvent(new Event('focus'));
    await window.__until(changed);
    return performance.now() - started;
  }, chosen);
}

/** Navigation to the first moment the page answers a key: `j` is pressed every frame from the
 * start until a row is selected (so rows are shown and the keyboard handler is live). */
async function interactiveRun(name) {
  const target = targets[name];
  return onFreshPage(async (page) => {
    await page.addInitScript((selector) => {
      const press = () => {
        if (document.querySelector(selector)) {
          window.__bench.setMark('interactive');
          return;
        }
        document.dispatchEvent(new KeyboardEvent('keydown', { key: 'j', bubbles: true }));
        requestAnimationFrame(press);
      };
      requestAnimationFrame(press);
    }, target.selected);
    await page.goto(target.url('?filter=all'));
    return mark(page, 'interactive', 60000).catch(async (error) => { throw await stalledOr(page, error); });
  });
}

async function listRun(name, expectedArchivedId) {
  const target = targets[name];
  const figures = await onFreshPage((page) => listRunOn(page, name, target, expectedArchivedId));
  figures.startInteractive = await againIfStalled(`interactive (${name})`, () => interactiveRun(name));
  return figures;
}

/** Where a cold start's time went, from the run's own marks and resource timings (ms since
 * navigation): the page's code in (the last script or wasm asked for before the first rows),
 * the list's first answer in, the app started (wasm compiled, instantiated and its `main` run;
 * the baseline has no such step), the first rows in the page, and painted. */
function startStages(page) {
  return page.evaluate(async () => {
    // The long task observer is told of a task a little after it ends.
    await new Promise((resolve) => setTimeout(resolve, 100));
    const marks = window.__bench.marks;
    const longTasks = window.__bench.longTasks.filter(([start]) => start < marks.firstRowPainted);
    const before = performance.getEntriesByType('resource').filter((entry) => entry.startTime < marks.firstRow);
    const lastEnd = (test) => Math.max(0, ...before.filter((entry) => test(new URL(entry.name).pathname)).map((entry) => entry.responseEnd));
    return {
      codeIn: lastEnd((path) => /\.(js|wasm)$/.test(path)),
      listAnswerIn: lastEnd((path) => path.endsWith('/tasks/list')),
      appStarted: marks.started ?? null,
      rowsInPage: marks.firstRow,
      painted: marks.firstRowPainted,
      // The main thread's tasks over 50 ms from navigation to the first rows painted.
      longestTask: Math.max(0, ...longTasks.map(([, duration]) => duration)),
      longTasks: longTasks.length,
    };
  });
}

/** One cold start of the app, traced: how many wasm functions V8 compiled on their first call
 * before the first rows were painted, and the milliseconds that took, and the layout before
 * that paint (times under tracing, which slows the page: the count is the figure to compare). */
async function startCensus() {
  return onFreshPage(async (page) => {
    const cdp = await page.context().newCDPSession(page);
    const events = [];
    cdp.on('Tracing.dataCollected', ({ value }) => events.push(...value));
    const complete = new Promise((resolve) => cdp.once('Tracing.tracingComplete', resolve));
    await cdp.send('Tracing.start', { transferMode: 'ReportEvents', traceConfig: { includedCategories: ['v8.wasm', 'devtools.timeline', 'blink.user_timing'] } });
    await page.goto(targets.app.url('?filter=all'));
    await mark(page, 'firstRowPainted');
    await cdp.send('Tracing.end');
    await complete;
    const painted = events.find((event) => event.name === 'firstRowPainted')?.ts ?? Infinity;
    const before = (name) => events.filter((event) => event.name === name && event.ph === 'X' && event.ts <= painted);
    const milliseconds = (list) => round(list.reduce((sum, event) => sum + (event.dur ?? 0), 0) / 1000);
    const compiles = before('wasm.CompileLazy');
    return { lazyCompiles: compiles.length, lazyCompileMs: milliseconds(compiles), layoutMs: milliseconds(before('Layout')) };
  });
}

/** What V8's compiling each wasm function on its first call costs the start: cold starts of
 * the app in this browser alternating with starts in one launched with that off
 * (`--no-wasm-lazy-compilation`: the whole module compiled in the background while it
 * downloads, as a compilation-hints section would ask for, were Chrome to read one without a
 * flag). A diagnostic: no person's browser runs with the flag. */
async function eagerCompileStarts() {
  const eager = await launch(['--js-flags=--no-wasm-lazy-compilation']);
  const collected = { lazy: [], eager: [] };
  try {
    for (let run = 0; run < runs; run++) {
      for (const [name, inBrowser] of [['lazy', browser], ['eager', eager]]) {
        collected[name].push(await againIfStalled(`start with ${name} compilation`, () => onFreshPage(async (page) => {
          await page.goto(targets.app.url('?filter=all'));
          await mark(page, 'firstRowPainted');
          return startStages(page);
        }, inBrowser)));
      }
    }
  } finally {
    await eager.close();
  }
  const figures = (stages) => ({
    paintedMs: summary(stages.map((run) => run.painted)),
    longestTaskMs: summary(stages.map((run) => run.longestTask)),
    runsWithLongTask: stages.filter((run) => run.longTasks > 0).length,
  });
  const result = { lazy: figures(collected.lazy), eager: figures(collected.eager) };
  log(`start, lazy compilation: longest task ${result.lazy.longestTaskMs.median} ms (${result.lazy.runsWithLongTask} of ${runs} runs over 50); eager: ${result.eager.longestTaskMs.median} ms (${result.eager.runsWithLongTask} of ${runs})`);
  return result;
}

async function listRunOn(page, name, target, expectedArchivedId) {
  const figures = {};
  await page.goto(target.url('?filter=all'));
  figures.startFirstRows = await mark(page, 'firstRowPainted');
  figures.startStages = await startStages(page);
  figures[`load${listSize}`] = await loadUntil(page, target, listSize);
  figures[`append${listSize}`] = await loadUntil(page, target, listSize * 2);
  await page.evaluate(() => { document.activeElement?.blur(); window.scrollTo(0, 0); });
  figures.selectRow = await page.evaluate(async (selector) => {
    await window.__afterFrame();
    const started = performance.now();
    document.dispatchEvent(new KeyboardEvent('keydown', { key: 'j', bubbles: true }));
    await window.__until(() => document.querySelector(selector));
    return performance.now() - started;
  }, target.selected);
  figures.filter = await typeSearch(page, 'cache', onlyCacheRowsShown);
  // Clear: a search nothing loaded matches empties the rows (the app then also asks the server,
  // which the baseline cannot; that answer is not waited for here).
  figures.clear = await typeSearch(page, 'zzzz-no-such-task', () => document.querySelectorAll('.task-row:not([hidden])').length === 0);
  // The app asks the server for its first page again a little after the search is cleared:
  // that answer first, so the row update below is measured from an idle list (the baseline
  // asks nothing).
  const reread = name === 'app'
    ? page.waitForResponse((response) => /\/wham\/tasks\/list\?/.test(response.url()) && !response.url().includes('cursor='), { timeout: 30000 })
    : null;
  await typeSearch(page, '', () => document.querySelectorAll('.task-row:not([hidden])').length > 0);
  await reread;
  figures.updateRows = await updateRows(page);
  const before = await page.evaluate(() => performance.now());
  await target.archived(page);
  await page.waitForFunction((id) => document.querySelector('.task-row')?.dataset.taskId === id, expectedArchivedId);
  figures.switchFilter = await page.evaluate((from) => performance.now() - from, before);
  figures.responsiveness = await responsiveness(page);
  return figures;
}

// ---- 1. size ------------------------------------------------------------------------------

function sizes() {
  const dist = new URL('dist/', root);
  const files = readdirSync(dist).filter((name) => /\.(wasm|js|css|html)$/.test(name));
  const measure = (name) => {
    const bytes = readFileSync(new URL(name, dist));
    return {
      file: name,
      rawKb: round(bytes.length / 1024),
      gzipKb: round(gzipSync(bytes, { level: 9 }).length / 1024),
      brotliKb: round(brotliCompressSync(bytes, { params: { [zlib.BROTLI_PARAM_QUALITY]: 11 } }).length / 1024),
    };
  };
  const later = (name) => /^(split_|chunk_).*\.wasm$/.test(name);
  const rows = files.filter((name) => !later(name)).map(measure);
  // Parts of the list page that the task rows do not need come right after the first load,
  // with the shared chunks they import (see xtask/src/compress.rs, right_after_start).
  // The loader as the split build wrote it (the copy in dist/ is minified).
  const split = new URL('target/split/', root);
  const loaderName = existsSync(split) && readdirSync(split).find((name) => name.startsWith('wham-split-'));
  const afterStart = loaderName ? rightAfterStart(readFileSync(new URL(loaderName, split), 'utf8')) : new Set();
  const stem = (name) => name.replace(/-[0-9a-f]+\.wasm$/, '');
  const rightAfter = files.filter((name) => later(name) && afterStart.has(stem(name))).map(measure);
  const total = (list, key) => round(list.reduce((sum, row) => sum + row[key], 0));
  const sum = (list) => ({ rawKb: total(list, 'rawKb'), gzipKb: total(list, 'gzipKb'), brotliKb: total(list, 'brotliKb') });
  // Each page but the task list is in a module fetched when the page first opens (and in the
  // background after start; pages opened together share one, src/pages/lazy.rs); shared
  // chunks come with the modules that need them.
  const routes = files.filter((name) => name.startsWith('split_') && !afterStart.has(stem(name))).map(measure).map((row) => ({ ...row, route: row.file.replace(/^split_(.*)_pages?-.*$/, '$1') }));
  const shared = files.filter((name) => name.startsWith('chunk_') && !afterStart.has(stem(name))).map(measure);
  return { files: rows, firstLoad: sum(rows), targetGzipKb: 300, rightAfter: { count: rightAfter.length, ...sum(rightAfter) }, routes, sharedChunks: { count: shared.length, ...sum(shared) } };
}

// The modules the loader fetches for the list's parts (`*_part`, `*_parts`), and every chunk they import,
// directly or through another chunk (each `makeLoad(…, [deps])` names a module's imports).
function rightAfterStart(loader) {
  const imports = new Map();
  for (const block of loader.split('const __').slice(1)) {
    const name = '__' + block.slice(0, block.indexOf(' = ')).trim();
    if (!block.includes('makeLoad(')) continue;
    const list = block.slice(block.lastIndexOf(', [') + 3);
    imports.set(name, list.slice(0, list.indexOf(']')).split(',').map((dep) => dep.trim()).filter(Boolean));
  }
  const wanted = [...imports.keys()].filter((name) => name.startsWith('__wasm_split_load_') && /_parts?$/.test(name));
  const seen = new Set();
  while (wanted.length) {
    const name = wanted.pop();
    if (seen.has(name)) continue;
    seen.add(name);
    wanted.push(...(imports.get(name) ?? []));
  }
  return new Set([...seen].map((name) => name.startsWith('__wasm_split_load_') ? 'split_' + name.slice('__wasm_split_load_'.length) : name.slice(2)));
}

// ---- run ----------------------------------------------------------------------------------

const report = {
  when: new Date().toISOString(),
  machine: { cpus: os.cpus().length, cpu: os.cpus()[0]?.model, memoryGb: Math.round(os.totalmem() / 2 ** 30), chromium: browser.version(), os: `${os.type()} ${os.release()}` },
  command: smoke ? 'cargo xtask bench --smoke' : 'cargo xtask bench',
  runs,
  size: sizes(),
  stalledSteps: [],
};
log(`first load ${report.size.firstLoad.gzipKb} KB gzip, right after it ${report.size.rightAfter.gzipKb} KB gzip`);

{ // 2–3. Start and the task list, app and baseline, alternating so drift hits both.
  const archived = await getJson('/wham/tasks/list?task_filter=archived&limit=1');
  const expectedArchivedId = archived.items[0]?.id;
  const collected = { app: [], baseline: [] };
  for (let run = 0; run < runs; run++) {
    for (const name of ['baseline', 'app']) {
      collected[name].push(await againIfStalled(`list run ${run + 1} (${name})`, () => listRun(name, expectedArchivedId)));
    }
    log(`list run ${run + 1}/${runs}`);
  }
  // The timed operations are the runs' numbers; the rest (responsiveness, the start's stages)
  // is reported on its own below.
  const operations = Object.keys(collected.app[0]).filter((key) => collected.app.some((figures) => typeof figures[key] === 'number'));
  report.list = {};
  for (const operation of operations) {
    const app = summary(collected.app.map((figures) => figures[operation]).filter((value) => value !== undefined));
    const baselineValues = collected.baseline.map((figures) => figures[operation]).filter((value) => value !== undefined);
    const baseline = baselineValues.length ? summary(baselineValues) : null;
    report.list[operation] = { appMs: app, baselineMs: baseline, ratio: baseline ? round(app.median / Math.max(0.1, baseline.median), 2) : null };
  }
  report.startStages = {};
  for (const name of ['app', 'baseline']) {
    const stages = collected[name].map((figures) => figures.startStages);
    report.startStages[name] = Object.fromEntries(Object.keys(stages[0]).map((stage) => {
      const values = stages.map((run) => run[stage]).filter((value) => typeof value === 'number');
      return [stage, values.length ? round(median(values)) : null];
    }));
    report.startStages[name].runsWithLongTask = stages.filter((run) => run.longTasks > 0).length;
    report.startStages[name].runs = stages.length;
  }
  report.startCensus = await againIfStalled('start census', startCensus);
  log(`start census: ${report.startCensus.lazyCompiles} wasm functions compiled on first call before the first rows`);
  report.startEagerCompile = await eagerCompileStarts();
  report.listResponsiveness = { app: collected.app.map((figures) => figures.responsiveness), baseline: collected.baseline.map((figures) => figures.responsiveness) };
}

{ // 2b. Every other page opened cold by its address (a link, a reload): the time to its content
  // painted, and the main thread's longest task from navigation to a second after it. The
  // start above is the list's; these pages load their own code once the app runs.
  const [task] = (await getJson('/wham/tasks/list?task_filter=all&limit=1')).items;
  const pages = [
    ['settings', '/settings', '.settings-page form.preferences'],
    ['usage', '/usage', '.usage-page .usage-window'],
    ['environments', '/environments', '.environments-page li.card'],
    ['task', `/tasks/${encodeURIComponent(task.id)}`, '.assistant-turn'],
    ['composer', '/new', '.composer-page form.composer'],
  ];
  const collected = Object.fromEntries(pages.map(([name]) => [name, []]));
  for (let run = 0; run < runs; run++) {
    for (const [name, path, content] of pages) {
      collected[name].push(await againIfStalled(`${name} opened by its address`, () => onFreshPage(async (page) => {
        await page.addInitScript((content) => {
          const observer = new MutationObserver(() => {
            if (!document.querySelector(content)) return;
            observer.disconnect();
            requestAnimationFrame(() => setTimeout(() => window.__bench.setMark('contentPainted'), 0));
          });
          observer.observe(document, { subtree: true, childList: true });
        }, content);
        await page.goto(base + path);
        const painted = await mark(page, 'contentPainted', 60000).catch(async (error) => { throw await stalledOr(page, error); });
        await page.waitForTimeout(1000);
        const { longestTaskMs, longTasks } = await responsiveness(page);
        return { painted, longestTaskMs, longTasks };
      })));
    }
    log(`pages opened by their address, run ${run + 1}/${runs}`);
  }
  report.pagesByAddress = Object.fromEntries(pages.map(([name, path]) => [name, {
    path: name === 'task' ? '/tasks/:id' : path,
    contentPaintedMs: summary(collected[name].map((run) => run.painted)),
    longestTaskMs: summary(collected[name].map((run) => run.longestTaskMs)),
    opensWithLongTask: collected[name].filter((run) => run.longTasks > 0).length,
  }]));
}

{ // 6a. Memory with many tasks loaded, and what selecting and filtering cost at 10,000 against
  // 1,000, measured the same way at both sizes: on one page per size, `listSamples` times each,
  // warm (the 1,000 figures of section 3 are each a page's first, at 2,000 rows, and a single
  // sample at 10,000 against their median swung 1.2-2.0x from run to run).
  const listSamples = smoke ? 1 : 7;
  const filterWarmups = smoke ? 1 : 3;
  const result = {};
  for (const name of ['baseline', 'app']) {
    const target = targets[name];
    const sizes = {};
    for (const size of [listSize, bigListSize]) {
      sizes[size] = await againIfStalled(`${size} tasks (${name})`, () => onFreshPage(async (page) => {
        // The app also asks the server a little after the search box changes (a search, or the
        // first page again once it is cleared), and that answer replaces the rows: held, so
        // every sample filters the same `size` rows. The baseline asks nothing.
        let holding = false;
        await page.route((url) => holding && /\/wham\/tasks\/(search|list)$/.test(url.pathname) && !url.searchParams.has('cursor'), () => {});
        await page.goto(target.url('?filter=all'));
        await mark(page, 'firstRowPainted');
        const loadMs = await loadUntil(page, target, size);
        holding = true;
        await page.evaluate(() => { document.activeElement?.blur(); window.scrollTo(0, 0); });
        const select = [];
        for (let sample = 0; sample < listSamples; sample++) {
          // `j` selects the next row (the first the first time), from the top as in section 3:
          // pressed at the list's end it jumps `size` rows up to the first, another operation.
          select.push(await page.evaluate(async (selector) => {
            const key = (row) => row && (row.dataset.taskId || row.textContent);
            const before = key(document.querySelector(selector));
            await window.__afterFrame();
            const started = performance.now();
            document.dispatchEvent(new KeyboardEvent('keydown', { key: 'j', bubbles: true }));
            await window.__until(() => { const now = key(document.querySelector(selector)); return now && now !== before; });
            return performance.now() - started;
          }, target.selected));
        }
        // One sample: the search text typed at once, until only matches show, then cleared.
        const filterOnce = async () => {
          const took = await typeSearch(page, 'cache', onlyCacheRowsShown);
          await typeSearch(page, '', () => [...document.querySelectorAll('.task-row:not([hidden]) .task-title')].some((title) => !/cache/i.test(title.textContent)));
          return took;
        };
        // Warm-up rounds, not counted: a page's first filter or two run code the browser has
        // not optimised yet (19-29 ms against 13-21 after, at either size). Section 3 keeps a
        // page's first filter.
        for (let round = 0; round < filterWarmups; round++) await filterOnce();
        const filter = [];
        for (let sample = 0; sample < listSamples; sample++) filter.push(await filterOnce());
        const stillLoaded = await page.evaluate(target.loaded);
        if (stillLoaded < size) throw new Error(`${name}: ${stillLoaded} of ${size} tasks left after the samples`);
        const figures = { selectMs: summary(select), filterMs: summary(filter) };
        if (size === bigListSize) {
          // Memory once the samples are taken: `memory` forces a full garbage collection, and
          // the samples right after one were slower at 10,000 tasks (a median 22-24 ms against
          // 15 at 1,000 in two runs after four list runs; 18 against 15 with it moved here).
          Object.assign(figures, { loadMs: round(loadMs), ...(await memory(page)) });
          figures.domNodes = await page.evaluate(() => document.getElementsByTagName('*').length);
        }
        return figures;
      }));
    }
    const big = sizes[bigListSize];
    const small = sizes[listSize];
    result[name] = {
      tasks: bigListSize,
      ...big,
      atSmallList: { tasks: listSize, selectMs: small.selectMs, filterMs: small.filterMs },
      costVsSmallList: {
        select: round(big.selectMs.median / Math.max(0.1, small.selectMs.median), 2),
        filter: round(big.filterMs.median / Math.max(0.1, small.filterMs.median), 2),
      },
    };
  }
  report.manyTasks = result;
  log(`${bigListSize} tasks: app ${result.app.jsHeapKb} KB JS heap + ${result.app.wasmMemoryKb} KB wasm; cost against ${listSize}: select ${result.app.costVsSmallList.select}x, filter ${result.app.costVsSmallList.filter}x`);
}

{ // 6b. Leaks: open a task page and come back, `visits` times; memory before and after.
  const list = await getJson('/wham/tasks/list?task_filter=all&limit=20');
  const ids = list.items.filter((item) => item.task_status_display?.latest_turn_status_display?.turn_status === 'completed').map((item) => item.id);
  report.pageVisits = await againIfStalled('page visits', () => onFreshPage(async (page) => {
    await page.goto(`${base}/?filter=all`);
    await page.locator('.task-row').first().waitFor();
    // What grows here must be the app's: the bench's own frame log stays as it is.
    await page.evaluate(() => { window.__bench.logFrames = false; });
    const visit = async (index) => {
      const id = ids[index % ids.length];
      try {
        // From the list's top, where the first page's tasks are: coming back puts the list
        // where it was, and a task whose row was scrolled past is not in the DOM (the list is
        // virtualized), so a click on it would wait for ever (one full run failed so).
        await page.evaluate(() => window.scrollTo(0, 0));
        await page.locator(`.task-row[data-task-id="${id}"] .task-title`).click().catch(async (error) => {
          // What the page showed instead, for whoever reads the failure.
          const shown = await page.evaluate(() => ({ url: location.href, scrollY, rows: [...document.querySelectorAll('.task-row')].map((row) => `${row.dataset.index}:${row.dataset.taskId}`) }));
          throw new Error(`visit ${index}: no row for ${id} (${ids.indexOf(id)} of the first page's finished tasks); the page: ${JSON.stringify(shown)}`, { cause: error });
        });
        await page.locator('.assistant-turn').first().waitFor();
        await page.goBack();
        await page.locator(`.task-row[data-task-id="${id}"]`).waitFor();
      } catch (error) {
        throw await stalledOr(page, error);
      }
    };
    // Warm-up: each task page once (the allocator's pools and the browser's caches fill), so
    // what grows afterwards is what a visit leaves behind.
    for (let index = 0; index < (smoke ? 3 : ids.length); index++) await visit(index);
    // Read halfway too: a leak grows with every visit, a one-time cost or the garbage
    // collector's noise (±100 KB of JS heap between two readings, measured) does not.
    const half = Math.floor(visits / 2);
    const before = await memory(page);
    for (let index = 0; index < half; index++) await visit(index);
    const halfway = await memory(page);
    for (let index = half; index < visits; index++) await visit(index);
    const after = await memory(page);
    return { visits, before, halfway, after, jsHeapGrowthKb: after.jsHeapKb - before.jsHeapKb, wasmGrowthKb: after.wasmMemoryKb - before.wasmMemoryKb };
  }));
  log(`${visits} visits: JS heap ${report.pageVisits.jsHeapGrowthKb} KB, wasm ${report.pageVisits.wasmGrowthKb} KB growth`);
}

{ // 5. The diff viewer and the logs: time from the app's start to the first rows painted, a
  // small and a big diff (the target: the big one within 3× the small one), a long log; frame
  // gaps and long tasks while scrolling each.
  const [small, big] = smoke ? [100, 400] : [1000, 20000];
  const logLines = smoke ? 300 : 50000;
  const tasks = {
    [`diff${small}`]: await startTask(`Generate the lookup tables. [bigdiff ${small}]`),
    [`diff${big}`]: await startTask(`Generate the lookup tables. [bigdiff ${big}]`),
    [`log${logLines}`]: await startTask(`Run the whole test suite verbosely. [flood ${logLines}]`),
  };
  for (const created of Object.values(tasks)) {
    for (let waited = 0; waited < 600; waited++) {
      const { turn } = await getJson(`/wham/tasks/${created.task.id}/turns/${encodeURIComponent(created.turn.id)}`);
      if (turn.turn_status === 'completed' || turn.turn_status === 'failed') break;
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }
  const measure = async (created, tab, markName, scroller) => {
    const context = await browser.newContext();
    const page = await newPage(context);
    await page.goto(`${base}/tasks/${created.task.id}?tab=${tab}`);
    await mark(page, `${markName}Painted`);
    const marks = await page.evaluate(() => window.__bench.marks);
    const from = await page.evaluate(() => performance.now());
    for (let step = 0; step < 40; step++) {
      await page.locator(scroller).first().evaluate((element) => { element.scrollTop += 800; });
      await page.waitForTimeout(16);
    }
    const scrolling = await responsiveness(page, from);
    await context.close();
    return { sinceStart: marks[`${markName}Painted`] - (marks.started ?? 0), sinceNavigation: marks[`${markName}Painted`], scrolling };
  };
  report.diffAndLogs = {};
  for (const [name, created] of Object.entries(tasks)) {
    const isLog = name.startsWith('log');
    const figures = [];
    for (let run = 0; run < runs; run++) figures.push(await measure(created, isLog ? 'logs' : 'diff', isLog ? 'firstLogLine' : 'firstDiffRow', isLog ? '.tool-panel .log-lines' : '.diff-body'));
    report.diffAndLogs[name] = {
      firstRowsSinceStartMs: summary(figures.map((figure) => figure.sinceStart)),
      firstRowsSinceNavigationMs: summary(figures.map((figure) => figure.sinceNavigation)),
      scrollingMaxFrameGapMs: Math.max(...figures.map((figure) => figure.scrolling.maxFrameGapMs)),
      scrollingLongTasks: figures.reduce((sum, figure) => sum + figure.scrolling.longTasks, 0),
    };
  }
  report.diffAndLogs.bigToSmallDiff = round(report.diffAndLogs[`diff${big}`].firstRowsSinceStartMs.median / Math.max(0.1, report.diffAndLogs[`diff${small}`].firstRowsSinceStartMs.median), 2);
  log(`diff ${big} lines: ${report.diffAndLogs.bigToSmallDiff}× the ${small}-line one`);
}

{ // 4. A burst of stream events, watched live: events applied per second, frame gaps and long
  // tasks while streaming, then the end-of-turn reconcile.
  const created = await startTask(`Run the whole test suite verbosely. [flood ${floodLines}]`);
  const context = await browser.newContext();
  const page = await newPage(context);
  await page.goto(`${base}/tasks/${created.task.id}`);
  await page.locator('.stream-state', { hasText: 'Live' }).waitFor({ timeout: 30000 });
  const streamStart = await page.evaluate(() => performance.now());
  const wallStart = Date.now();
  await page.locator('.assistant-turn:not(.live)').waitFor({ timeout: 300000 });
  const seconds = (Date.now() - wallStart) / 1000;
  await page.waitForTimeout(1000);
  const ended = await page.evaluate(() => window.__bench.marks.streamEnded ?? null);
  // The reconcile's figures before the click on the Activity tab below, which is not part of it.
  const reconcile = ended === null ? null : await responsiveness(page, ended, null);
  const turn = (await getJson(`/wham/tasks/${created.task.id}/turns/${encodeURIComponent(created.turn.id)}`)).turn;
  const events = (turn.thread_events?.events.length ?? 0) + (turn.logs?.logs.length ?? 0);
  await page.getByRole('tab', { name: 'Activity' }).click();
  const shown = (await page.locator('.tool-panel .command-output').allTextContents()).join('\n');
  report.stream = {
    floodLines,
    events,
    seconds: round(seconds),
    eventsPerSecond: Math.round(events / Math.max(0.1, seconds)),
    lastLineShown: shown.includes(`test case ${String(floodLines - 1).padStart(5, '0')} ... ok`),
    whileStreaming: await responsiveness(page, streamStart, ended),
    reconcile,
  };
  await context.close();
  log(`stream: ${report.stream.eventsPerSecond} events/s, longest task ${report.stream.whileStreaming.longestTaskMs} ms`);
}

{ // 4b. Event-to-paint latency at a steady rate: from a line's arrival on the stream to the
  // frame that shows it, watching the Activity tab, at 100 and 2,000 events a second. The
  // first second is left out: the stream starts with a replay of what came before it opened.
  const seconds = smoke ? 2 : 8;
  report.latency = {};
  for (const rate of [100, 2000]) {
    const lines = Math.round((rate / 2) * seconds);
    const asked = Math.max(1, Math.round(rate / serverSpeed));
    const created = await startTask(`Run the whole test suite verbosely. [flood ${lines}] [rate ${asked}]`);
    const context = await browser.newContext();
    const page = await newPage(context);
    await page.addInitScript(latencyProbe);
    await page.goto(`${base}/tasks/${created.task.id}?tab=activity`);
    await page.locator('.assistant-turn:not(.live)').waitFor({ timeout: 300000 });
    await page.waitForTimeout(500);
    const figures = await page.evaluate(() => {
      const { arrived, painted } = window.__latency;
      const first = Math.min(...arrived.values());
      const steady = [...arrived].filter(([, at]) => at >= first + 1000);
      const latencies = steady.filter(([line]) => painted.has(line)).map(([line, at]) => painted.get(line) - at).sort((a, b) => a - b);
      const times = steady.map(([, at]) => at);
      const span = (Math.max(...times) - Math.min(...times)) / 1000;
      const pick = (share) => latencies[Math.min(latencies.length - 1, Math.floor(share * latencies.length))];
      return {
        steadyFrom: first + 1000,
        lines: steady.length,
        painted: latencies.length,
        eventsPerSecond: span > 0 ? Math.round((steady.length * 2) / span) : null,
        p50Ms: latencies.length ? Math.round(pick(0.5) * 10) / 10 : null,
        p95Ms: latencies.length ? Math.round(pick(0.95) * 10) / 10 : null,
        maxMs: latencies.length ? Math.round(latencies[latencies.length - 1] * 10) / 10 : null,
      };
    });
    figures.responsiveness = await responsiveness(page, figures.steadyFrom);
    delete figures.steadyFrom;
    report.latency[`${rate}PerSecond`] = figures;
    await context.close();
    log(`latency at ${rate} events/s: p50 ${figures.p50Ms} ms, p95 ${figures.p95Ms} ms (${figures.eventsPerSecond} events/s measured)`);
  }
}

await browser.close();

// ---- report --------------------------------------------------------------------------------

function chart(entries) {
  // Horizontal bars of app/baseline ratios, with the 1.0 (baseline) and 1.3 (target) lines.
  const width = 640;
  const left = 170;
  const barHeight = 22;
  const height = entries.length * (barHeight + 8) + 40;
  const max = Math.max(2, ...entries.map(([, ratio]) => ratio));
  const x = (ratio) => left + (ratio / max) * (width - left - 50);
  const bars = entries.map(([label, ratio], index) => {
    const y = 10 + index * (barHeight + 8);
    const colour = ratio <= 1.3 ? '#1a7f37' : '#cf222e';
    return `<text x="${left - 8}" y="${y + 15}" text-anchor="end" font-size="12">${label}</text>`
      + `<rect x="${left}" y="${y}" width="${Math.max(1, x(ratio) - left)}" height="${barHeight}" fill="${colour}"/>`
      + `<text x="${x(ratio) + 4}" y="${y + 15}" font-size="12">${ratio}×</text>`;
  }).join('');
  const line = (ratio, label) => `<line x1="${x(ratio)}" x2="${x(ratio)}" y1="4" y2="${height - 22}" stroke="#555" stroke-dasharray="4 3"/><text x="${x(ratio)}" y="${height - 8}" font-size="11" text-anchor="middle">${label}</text>`;
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" font-family="sans-serif">${bars}${line(1, 'baseline')}${line(1.3, 'target 1.3×')}</svg>\n`;
}

const ratios = Object.entries(report.list).filter(([, figures]) => figures.ratio !== null).map(([operation, figures]) => [operation, figures.ratio]);
writeFileSync(new URL('ratios.svg', outDir), chart(ratios));
writeFileSync(new URL('report.json', outDir), JSON.stringify(report, null, 2));

const md = [];
md.push(`# WHAM Web benchmark (${report.when})`, '');
md.push(`\`${report.command}\` · ${runs} run(s) a figure (median, min–max) · ${report.machine.cpus} × ${report.machine.cpu}, ${report.machine.memoryGb} GB · Chromium ${report.machine.chromium}`, '');
md.push('## Size (first load)', '', '| file | raw KB | gzip KB | brotli KB |', '|---|---:|---:|---:|');
for (const row of report.size.files) md.push(`| ${row.file} | ${row.rawKb} | ${row.gzipKb} | ${row.brotliKb} |`);
md.push(`| **first load** | **${report.size.firstLoad.rawKb}** | **${report.size.firstLoad.gzipKb}** | **${report.size.firstLoad.brotliKb}** |`, '', `Target: ≤ ${report.size.targetGzipKb} KB gzip.`, '');
const after = report.size.rightAfter;
md.push(`Right after it, not waited for by the task rows: the prompt box, the header's usage and feedback and the \`?\` dialog, with the shared chunks they import (${after.count} files): ${after.rawKb} KB raw, ${after.gzipKb} KB gzip, ${after.brotliKb} KB brotli.`, '');
if (report.size.routes.length) {
  md.push('Loaded when a page first opens (or in the background after start):', '', '| page | raw KB | gzip KB | brotli KB |', '|---|---:|---:|---:|');
  for (const row of report.size.routes) md.push(`| ${row.route} | ${row.rawKb} | ${row.gzipKb} | ${row.brotliKb} |`);
  const shared = report.size.sharedChunks;
  md.push(`| ${shared.count} shared chunks | ${shared.rawKb} | ${shared.gzipKb} | ${shared.brotliKb} |`, '');
}
md.push('## Start and the task list (ms; ratio = app ÷ plain-JS baseline)', '', '![ratios](ratios.svg)', '', '| operation | app | baseline | ratio |', '|---|---:|---:|---:|');
const cell = (figure) => (figure ? `${figure.median} (${figure.min}–${figure.max})` : '—');
for (const [operation, figures] of Object.entries(report.list)) md.push(`| ${operation} | ${cell(figures.appMs)} | ${cell(figures.baselineMs)} | ${figures.ratio ?? '—'} |`);
const stages = report.startStages;
const stageCell = (value) => (value === null ? '—' : value);
md.push('', '### The start, stage by stage (ms since navigation, medians of the same runs)', '', '| stage | app | baseline |', '|---|---:|---:|');
for (const [stage, label] of [['codeIn', 'code in (last script or wasm)'], ['listAnswerIn', 'list\'s first answer in'], ['appStarted', 'app started (wasm compiled, instantiated, `main` run)'], ['rowsInPage', 'first rows in the page'], ['painted', 'first rows painted']]) {
  md.push(`| ${label} | ${stageCell(stages.app[stage])} | ${stageCell(stages.baseline[stage])} |`);
}
md.push(`| longest main-thread task before the first rows painted (median) | ${stageCell(stages.app.longestTask)} | ${stageCell(stages.baseline.longestTask)} |`);
md.push(`| runs with a task over 50 ms before them | ${stages.app.runsWithLongTask} of ${stages.app.runs} | ${stages.baseline.runsWithLongTask} of ${stages.baseline.runs} |`);
md.push('', 'The baseline lays out its rows before its "rows in the page" mark (it reads the page\'s height to decide on the next page), the app in the frame after: compare "painted", not the step from one to the other.');
const census = report.startCensus;
md.push('', `One traced cold start of the app: ${census.lazyCompiles} wasm functions compiled on their first call before the first rows were painted (${census.lazyCompileMs} ms under tracing), layout ${census.layoutMs} ms.`);
const eager = report.startEagerCompile;
md.push('', '### The start without V8\'s lazy compilation (a diagnostic)', '', 'Cold starts of the app alternating between this browser and one launched with `--js-flags=--no-wasm-lazy-compilation` (the whole module compiled in the background as it downloads, where Chrome otherwise compiles each function on the main thread at its first call). No person\'s browser runs with the flag; the difference is what compiling on first call costs the start.', '', '| | first rows painted ms | longest task before them ms | runs with a task over 50 ms |', '|---|---:|---:|---:|');
for (const [name, label] of [['lazy', 'Chrome as shipped (lazy)'], ['eager', 'lazy compilation off']]) {
  md.push(`| ${label} | ${cell(eager[name].paintedMs)} | ${cell(eager[name].longestTaskMs)} | ${eager[name].runsWithLongTask} of ${eager[name].paintedMs.runs} |`);
}
md.push('', '### Other pages opened cold by their address', '', 'Each in a fresh browser context: navigation to the page\'s content painted (its data shown), and the main thread\'s tasks over 50 ms from navigation to a second after it.', '', '| page | content painted ms | longest task ms (0: none over 50) | opens with a task over 50 ms |', '|---|---:|---:|---:|');
for (const [name, figures] of Object.entries(report.pagesByAddress)) {
  md.push(`| ${name} (\`${figures.path}\`) | ${cell(figures.contentPaintedMs)} | ${cell(figures.longestTaskMs)} | ${figures.opensWithLongTask} of ${figures.contentPaintedMs.runs} |`);
}
md.push('', `## ${bigListSize} tasks loaded`, '', `Select and filter: medians of ${report.manyTasks.app.selectMs.runs} samples on one page, the same way at ${listSize} tasks (in brackets).`, '', '| | load ms | select ms | filter ms | select, filter cost ÷ at ' + listSize + ' | JS heap KB | wasm memory KB | DOM nodes |', '|---|---:|---:|---:|---:|---:|---:|---:|');
for (const name of ['app', 'baseline']) {
  const figures = report.manyTasks[name];
  md.push(`| ${name} | ${figures.loadMs} | ${figures.selectMs.median} (${figures.atSmallList.selectMs.median}) | ${figures.filterMs.median} (${figures.atSmallList.filterMs.median}) | ${figures.costVsSmallList.select}×, ${figures.costVsSmallList.filter}× | ${figures.jsHeapKb} | ${figures.wasmMemoryKb} | ${figures.domNodes} |`);
}
md.push('');
md.push('## Memory over page visits', '', `${visits} task pages opened and left (read before, halfway and after): JS heap ${report.pageVisits.before.jsHeapKb} → ${report.pageVisits.halfway.jsHeapKb} → ${report.pageVisits.after.jsHeapKb} KB, wasm memory ${report.pageVisits.before.wasmMemoryKb} → ${report.pageVisits.halfway.wasmMemoryKb} → ${report.pageVisits.after.wasmMemoryKb} KB.`, '');
md.push('## Diff viewer and logs (ms from the app\'s start to the first rows painted)', '', '| view | first rows | from navigation | scrolling: longest frame gap | long tasks |', '|---|---:|---:|---:|---:|');
for (const [name, figures] of Object.entries(report.diffAndLogs)) {
  if (typeof figures !== 'object') continue;
  md.push(`| ${name} | ${cell(figures.firstRowsSinceStartMs)} | ${cell(figures.firstRowsSinceNavigationMs)} | ${figures.scrollingMaxFrameGapMs} | ${figures.scrollingLongTasks} |`);
}
md.push('', `The big diff's first rows took ${report.diffAndLogs.bigToSmallDiff}× the small one's (target ≤ 3×).`, '');
const stream = report.stream;
md.push('## Live stream', '', `${stream.events} events (${stream.floodLines} flood lines) in ${stream.seconds} s = ${stream.eventsPerSecond} events/s; last line shown: ${stream.lastLineShown}.`);
md.push(`While streaming: longest frame gap ${stream.whileStreaming.maxFrameGapMs} ms, ${stream.whileStreaming.longTasks} long task(s), longest ${stream.whileStreaming.longestTaskMs} ms.`);
if (stream.reconcile) md.push(`End-of-turn reconcile: longest frame gap ${stream.reconcile.maxFrameGapMs} ms, ${stream.reconcile.longTasks} long task(s), longest ${stream.reconcile.longestTaskMs} ms.`);
md.push('', '### Event-to-paint latency (ms from a line\'s arrival on the stream to the frame that shows it)', '', '| rate asked | measured events/s | lines | p50 | p95 | max | longest task |', '|---|---:|---:|---:|---:|---:|---:|');
for (const [rate, figures] of Object.entries(report.latency)) {
  md.push(`| ${rate.replace('PerSecond', '')}/s | ${figures.eventsPerSecond ?? '—'} | ${figures.painted} of ${figures.lines} | ${figures.p50Ms ?? '—'} | ${figures.p95Ms ?? '—'} | ${figures.maxMs ?? '—'} | ${figures.responsiveness.longestTaskMs} |`);
}
md.push('');
if (report.stalledSteps.length) {
  md.push('## Steps run again', '', `Headless Chromium stopped producing frames for a page in ${report.stalledSteps.length} step(s); each was run again on a fresh page:`, '');
  for (const { step, error } of report.stalledSteps) md.push(`- ${step}: ${error}`);
  md.push('');
}
writeFileSync(new URL('report.md', outDir), md.join('\n'));
console.log(md.join('\n'));
