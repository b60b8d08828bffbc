// The baseline task list: fetch pages of /wham/tasks/list as the app does (20 a page, the next
// when the end of the list comes into view), render each row with createElement, filter what is
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

function makeRow(task) {
  const row = document.createElement('div');
  row.className = 'row task-row';
  row.setAttribute('role', 'listitem');
  row.dataset.taskId = task.id;
  const title = document.createElement('a');
  title.className = 'title task-title';
  title.href = '/tasks/' + encodeURIComponent(task.id);
  title.textContent = task.title;
  const badge = document.createElement('span');
  badge.className = 'badge';
  badge.textContent = statusOf(task);
  const when = document.createElement('time');
  when.textContent = timeText(task);
  row.append(title, badge, when);
  return row;
}

// The exact time as the app writes it (local wall clock; no Intl, whose first formatter loads
// the locale's data, as the app's does not).
function timeText(task) {
  const date = new Date((task.updated_at || task.created_at || 0) * 1000);
  const two = (value) => String(value).padStart(2, '0');
  return `${String(date.getFullYear()).padStart(4, '0')}-${two(date.getMonth() + 1)}-${two(date.getDate())} ${two(date.getHours())}:${two(date.getMinutes())}:${two(date.getSeconds())}`;
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
    row.querySelector('.badge').textContent = statusOf(task);
    row.querySelector('time').textContent = timeText(task);
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
