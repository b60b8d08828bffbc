// `cargo xtask bench`: the page's responsiveness in a real browser, as ratios to a baseline
// measured in the same run. Never asserted in tests; printed and written to
// bench-results/latest.json.
//
// What is measured, in each scenario: the longest gap between animation frames (how long the
// page was unable to paint), and the long tasks Chromium reports (main-thread tasks > 50 ms).
// - baseline: the task list, scrolled through 40 times.
// - burst: a task whose agent emits a burst of stream events (`[flood N]`: 1,000 output lines a
//   second at --speed 1, two events each; the server runs at --speed 2, so 4,000 events a
//   second), watched live from start to finish; split into the streaming phase and the
//   reconcile after the stream ends (the page re-reads the finished turn).
import { chromium } from 'playwright-core';
import { writeFileSync, mkdirSync } from 'node:fs';

const base = process.argv[2];
const api = `${base}/backend-api`;
const floodLines = Number(process.env.BENCH_FLOOD_LINES ?? 4000);

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking'],
});

async function instrument(page) {
  await page.addInitScript(() => {
    // Every gap between animation frames and every long task, with when it happened, so a run
    // can be split into phases afterwards (`since`).
    window.__bench = { gaps: [], longTasks: [], last: performance.now(), marks: {} };
    const tick = (now) => {
      window.__bench.gaps.push([now, now - window.__bench.last]);
      window.__bench.last = now;
      requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
    new PerformanceObserver((list) => { for (const entry of list.getEntries()) window.__bench.longTasks.push([entry.startTime, entry.duration]); }).observe({ type: 'longtask', buffered: true });
    // When the live view says the stream ended: the reconcile (re-reading the turn) follows.
    new MutationObserver(() => {
      if (!window.__bench.marks.streamEnded && document.querySelector('.stream-state.stream-ended')) window.__bench.marks.streamEnded = performance.now();
    }).observe(document, { subtree: true, childList: true, attributes: true, attributeFilter: ['class'] });
  });
}

/** Frame gaps and long tasks between two marks (performance.now() times; null = open). */
async function read(page, from = null, to = null) {
  return page.evaluate(([from, to]) => {
    const within = (time) => (from === null || time >= from) && (to === null || time < to);
    const gaps = window.__bench.gaps.filter(([time]) => within(time)).map(([, gap]) => gap);
    const tasks = window.__bench.longTasks.filter(([time]) => within(time)).map(([, duration]) => duration);
    return { maxFrameGapMs: Math.round(Math.max(0, ...gaps)), longTasks: tasks.length, longestTaskMs: Math.round(Math.max(0, ...tasks)) };
  }, [from, to]);
}

async function resetCounters(page) {
  await page.evaluate(() => { window.__bench.gaps = []; window.__bench.longTasks = []; window.__bench.last = performance.now(); });
  return page.evaluate(() => performance.now());
}

async function createTask(prompt) {
  const environments = await (await fetch(`${api}/wham/environments`)).json();
  const response = await fetch(`${api}/wham/tasks`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ new_task: { environment_id: environments[0].id, run_environment_in_qa_mode: false }, input_items: [{ type: 'message', role: 'user', content: [{ content_type: 'text', text: prompt }] }] }),
  });
  return response.json();
}

const results = {};

{ // Baseline: scrolling the task list.
  const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
  await instrument(page);
  await page.goto(`${base}/?filter=all`);
  await page.locator('.task-row').first().waitFor();
  await page.waitForTimeout(500);
  await resetCounters(page);
  for (let i = 0; i < 40; i++) {
    await page.locator('.task-list').evaluate((list) => { list.scrollTop += 500; });
    await page.waitForTimeout(30);
  }
  results.baseline = await read(page);
  await page.close();
}

{ // A burst of stream events, watched live.
  const created = await createTask(`Run the whole test suite verbosely. [flood ${floodLines}]`);
  const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
  await instrument(page);
  // BENCH_CONSOLE=1 echoes the page's console (for timing probes while investigating).
  if (process.env.BENCH_CONSOLE) page.on('console', (message) => console.error(`[page] ${message.text()}`));
  const started = Date.now();
  await page.goto(`${base}/tasks/${created.task.id}`);
  await page.locator('.stream-state', { hasText: 'Live' }).waitFor({ timeout: 30000 });
  const streamStart = await resetCounters(page);
  const wallStart = Date.now();
  // Through the end of the turn, and a second more for the page to settle.
  await page.locator('.assistant-turn:not(.live)').waitFor({ timeout: 180000 });
  const seconds = (Date.now() - wallStart) / 1000;
  await page.waitForTimeout(1000);
  const ended = await page.evaluate(() => window.__bench.marks.streamEnded ?? null);
  const turn = (await (await fetch(`${api}/wham/tasks/${created.task.id}/turns/${encodeURIComponent(created.turn.id)}`)).json()).turn;
  const events = turn.thread_events.events.length + turn.logs.logs.length;
  const text = await page.locator('.assistant-turn .worklog .command-output').allTextContents();
  // While the events stream in, then the end of the turn (the page re-reads the finished turn).
  results.burstWhileStreaming = await read(page, streamStart, ended);
  results.burstReconcile = ended === null ? null : await read(page, ended, null);
  results.burst = { ...(await read(page, streamStart, null)), streamEvents: events, seconds: Math.round(seconds * 10) / 10, floodLines, lastFloodLineShown: text.some((block) => block.includes(`test case ${String(floodLines - 1).padStart(5, '0')} ... ok`)), totalSeconds: Math.round((Date.now() - started) / 100) / 10 };
  await page.close();
}

await browser.close();
const ratio = (value) => Math.round((value / Math.max(1, results.baseline.maxFrameGapMs)) * 100) / 100;
results.ratios = { streamingFrameGapToBaseline: ratio(results.burstWhileStreaming.maxFrameGapMs), reconcileFrameGapToBaseline: ratio(results.burstReconcile?.maxFrameGapMs ?? 0), wholeTurnFrameGapToBaseline: ratio(results.burst.maxFrameGapMs) };
mkdirSync(new URL('../../bench-results', import.meta.url), { recursive: true });
writeFileSync(new URL('../../bench-results/latest.json', import.meta.url), JSON.stringify(results, null, 2));
console.log(JSON.stringify(results, null, 2));
