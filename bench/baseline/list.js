// The baseline task list: fetch pages of /wham/tasks/list as the app does (20 a page, the next
// when the end of the list comes into view), render each row with createElement (the app's row
// markup, under the app's stylesheet: the same DOM, as in js-framework-benchmark), filter what is
// loaded as the search box changes, `j` selects the next row, and coming back to the window
// re-reads the first page and updates the rows it holds in place. No framework, no
// virtualization (vanillajs in js-framework-benchmark renders every row too).
'use strict';
const PAGE_SIZE = 20;
const list = document.getElementById('list');
const empty = document.getElementById('empty');
const search = document.getElementById('search');
let tasks = [];
let rows = [];
let cursor = null;
let exhausted = false;
let loading = false;
let filter = 'current';
let selected = -1;

function statusOf(task) {
  const latest = task.task_status_display && task.task_status_display.latest_turn_status_display;
  return (latest && latest.turn_status) || 'unknown';
}

// What the app's badge says for each status.
const STATUS_LABELS = { pending: 'Pending', in_progress: 'Running', completed: 'Ready', failed: 'Failed', cancelled: 'Cancelled' };

// The status badge's class and words, as the app's `StatusBadge` writes them.
function setBadge(badge, task) {
  const status = statusOf(task);
  badge.className = 'badge status-' + (STATUS_LABELS[status] ? status : 'unknown');
  badge.textContent = STATUS_LABELS[status] || status.replace(/_/g, ' ');
}

function element(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

// The same markup as the app's row (`src/pages/tasks/row.rs`), styled by the app's own
// stylesheet: the ratio then measures how each page builds it, not how much each shows.
function makeRow(task) {
  const row = element('div', task.has_unread_turn ? 'row task-row unread' : 'row task-row');
  row.setAttribute('role', 'listitem');
  row.dataset.taskId = task.id;
  const main = element('div', 'task-main');
  if (task.has_unread_turn) {
    const dot = element('span', 'unread-dot');
    dot.title = 'Unread';
    dot.append(element('span', 'visually-hidden', 'Unread: '));
    main.append(dot);
  }
  const placeholder = !task.has_generated_title || !task.title.trim();
  const title = element('a', placeholder ? 'title task-title placeholder' : 'title task-title', task.title);
  title.href = '/tasks/' + encodeURIComponent(task.id);
  main.append(title);
  const meta = element('div', 'task-meta');
  const badge = element('span');
  setBadge(badge, task);
  meta.append(badge);
  const display = task.task_status_display || {};
  if (display.environment_label) meta.append(element('span', 'env-label', display.environment_label));
  if (display.branch_name) meta.append(element('span', 'branch', display.branch_name));
  const counts = display.latest_turn_status_display && display.latest_turn_status_display.diff_stats;
  if (counts && counts.files_modified != null) {
    const stats = element('span', 'diff-stats');
    stats.title = 'Lines added and removed, files changed';
    stats.append(element('span', 'added', '+' + (counts.lines_added || 0)), ' ',
      element('span', 'removed', '−' + (counts.lines_removed || 0)),
      ' · ' + counts.files_modified + (counts.files_modified === 1 ? ' file' : ' files'));
    meta.append(stats);
  }
  for (const entry of task.pull_requests || []) {
    const pr = entry.pull_request || entry;
    if (!pr.url || !/^https:\/\/github\.com\/[^/]+\/[^/]+\/pull\/\d+$/.test(pr.url)) continue;
    const link = element('a', 'pr-link', (pr.number != null ? 'PR #' + pr.number : 'PR') + (pr.draft ? ' (draft)' : ''));
    link.href = pr.url;
    link.target = '_blank';
    link.rel = 'noopener noreferrer';
    meta.append(link);
  }
  const updated = element('span', 'updated');
  updated.append(timeElement(task));
  meta.append(updated);
  row.append(main, meta);
  return row;
}

// The row's time as the app writes it: relative ("2 weeks ago"), with the exact local wall
// clock in its title (no Intl, whose first formatter loads the locale's data; the app's does not).
function timeElement(task) {
  const seconds = task.updated_at || task.created_at || 0;
  const date = new Date(seconds * 1000);
  const time = element('time', null, relativeText(seconds));
  time.dateTime = date.toISOString();
  time.title = exactText(date);
  return time;
}

function exactText(date) {
  const two = (value) => String(value).padStart(2, '0');
  return `${String(date.getFullYear()).padStart(4, '0')}-${two(date.getMonth() + 1)}-${two(date.getDate())} ${two(date.getHours())}:${two(date.getMinutes())}:${two(date.getSeconds())}`;
}

// The app's wording (the timeago crate's): the largest whole unit.
function relativeText(seconds) {
  const delta = Date.now() / 1000 - seconds;
  if (delta < 45) return 'just now';
  const units = [['year', 31556952], ['month', 2630016], ['week', 604800], ['day', 86400], ['hour', 3600], ['minute', 60], ['second', 1]];
  for (const [unit, size] of units) {
    const count = Math.floor(delta / size);
    if (count >= 1) return `${count} ${unit}${count === 1 ? '' : 's'} ago`;
  }
  return 'just now';
}

function applySearch() {
  const words = search.value.trim().toLowerCase();
  let shown = 0;
  for (let index = 0; index < rows.length; index++) {
    const match = !words || tasks[index].title.toLowerCase().includes(words);
    rows[index].hidden = !match;
    if (match) shown++;
  }
  empty.hidden = shown > 0 || rows.length === 0;
}

async function loadPage() {
  if (loading || exhausted) return;
  loading = true;
  const query = new URLSearchParams({ task_filter: filter, limit: String(PAGE_SIZE) });
  if (cursor) query.set('cursor', cursor);
  const page = await (await fetch('/backend-api/wham/tasks/list?' + query)).json();
  const fragment = document.createDocumentFragment();
  for (const task of page.items) {
    if (tasks.some((known) => known.id === task.id)) continue;
    const row = makeRow(task);
    tasks.push(task);
    rows.push(row);
    fragment.append(row);
  }
  list.append(fragment);
  cursor = page.cursor || null;
  exhausted = !cursor;
  loading = false;
  applySearch();
  list.setAttribute('aria-setsize', String(tasks.length));
  nearEnd();
}

function nearEnd() {
  if (document.documentElement.scrollHeight - (window.scrollY + window.innerHeight) < 600) loadPage();
}

function show(which) {
  filter = which;
  tasks = [];
  rows = [];
  cursor = null;
  exhausted = false;
  selected = -1;
  list.textContent = '';
  loadPage();
}

// The rows of the first page that are loaded get their new status and time, in place.
async function refresh() {
  const query = new URLSearchParams({ task_filter: filter, limit: String(PAGE_SIZE) });
  const page = await (await fetch('/backend-api/wham/tasks/list?' + query)).json();
  for (const task of page.items) {
    const index = tasks.findIndex((known) => known.id === task.id);
    if (index < 0) continue;
    tasks[index] = task;
    const row = rows[index];
    row.querySelector('.title').textContent = task.title;
    setBadge(row.querySelector('.badge'), task);
    row.querySelector('.updated').replaceChildren(timeElement(task));
  }
  applySearch();
}

window.addEventListener('scroll', nearEnd, { passive: true });
window.addEventListener('focus', refresh);
search.addEventListener('input', applySearch);
document.getElementById('current').addEventListener('click', () => show('current'));
document.getElementById('archived').addEventListener('click', () => show('archived'));
document.addEventListener('keydown', (event) => {
  if (event.key !== 'j' || event.target === search) return;
  if (selected >= 0 && rows[selected]) rows[selected].classList.remove('selected');
  selected = Math.min(selected + 1, rows.length - 1);
  rows[selected].classList.add('selected');
  rows[selected].scrollIntoView({ block: 'nearest' });
});
show(new URLSearchParams(location.search).get('filter') === 'all' ? 'all' : 'current');
