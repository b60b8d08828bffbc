// Settings → Preferences: change them, see them after a reload; unknown branch tokens are caught
// before sending; the server's refusal lands at its field.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { withServer, newPage, getJson } from './helpers.mjs';

const env = withServer(['--seed', '2']);

test('preferences are saved, echoed and kept across a reload', async () => {
  const page = await newPage(env.browser);
  await page.goto(`${env.server.url}/settings#preferences`);
  const format = page.locator('#branch-format');
  await format.waitFor();
  await page.getByLabel('Split').check();
  await format.fill('team/');
  await page.getByRole('button', { name: '{feature}' }).click();
  assert.equal(await format.inputValue(), 'team/{feature}');
  assert.equal((await page.locator('.branch-preview').innerText()).trim(), 'team/feature-branch-name');
  await page.getByRole('button', { name: 'Save preferences' }).click();
  await page.getByText('Saved.').waitFor();
  const saved = await getJson(`${env.server.api}/wham/settings/user`);
  assert.equal(saved.branch_format, 'team/{feature}');
  assert.equal(saved.git_diff_mode, 'split');
  await page.reload();
  await format.waitFor();
  assert.equal(await format.inputValue(), 'team/{feature}');
  assert.equal(await page.getByLabel('Split').isChecked(), true);
  // Nothing changed: nothing to save.
  assert.equal(await page.getByRole('button', { name: 'Save preferences' }).isDisabled(), true);

  // The diff viewer follows the preference: old and new side by side; the buttons switch it.
  const list = await getJson(`${env.server.api}/wham/tasks/list?task_filter=all&limit=100`);
  const task = list.items.find((item) => item.task_status_display.latest_turn_status_display.turn_status === 'completed'
    && (item.task_status_display.latest_turn_status_display.diff_stats?.lines_added ?? 0) > 0);
  await page.goto(`${env.server.url}/tasks/${task.id}`);
  await page.locator('.diff-split').first().waitFor();
  assert.equal(await page.getByRole('button', { name: 'Split', exact: true }).getAttribute('aria-pressed'), 'true');
  assert.ok(await page.locator('.diff-split .split-new.added-line').count() > 0, 'added lines on the right');
  // On a phone the two columns would each show a few characters: unified, until asked for
  // split there; back on a wide window, the preference again.
  await page.setViewportSize({ width: 390, height: 844 });
  await page.locator('.diff-line').first().waitFor();
  assert.equal(await page.locator('.diff-split').count(), 0);
  assert.equal(await page.getByRole('button', { name: 'Unified', exact: true }).getAttribute('aria-pressed'), 'true');
  await page.setViewportSize({ width: 1280, height: 720 });
  await page.locator('.diff-split').first().waitFor();
  await page.setViewportSize({ width: 390, height: 844 });
  await page.locator('.diff-line').first().waitFor();
  await page.getByRole('button', { name: 'Split', exact: true }).click();
  await page.locator('.diff-split').first().waitFor();
  await page.setViewportSize({ width: 1280, height: 720 });
  await page.getByRole('button', { name: 'Unified', exact: true }).click();
  await page.locator('.diff-line').first().waitFor();
  assert.equal(await page.locator('.diff-split').count(), 0);
});

test('an unknown token is named before sending, and a refusal lands at its field', async () => {
  const page = await newPage(env.browser);
  await page.goto(`${env.server.url}/settings#preferences`);
  const format = page.locator('#branch-format');
  await format.waitFor();
  await format.fill('x/{nope}');
  await page.getByText('Unknown token {nope}').waitFor();
  assert.equal(await page.getByRole('button', { name: 'Save preferences' }).isDisabled(), true);
  await format.fill('x/{date}');
  // Longer than the service allows: refused at the field, the text kept.
  const long = 'a'.repeat(100001);
  await page.locator('#custom-instructions').fill(long);
  await page.getByRole('button', { name: 'Save preferences' }).click();
  const problem = page.locator('#custom-instructions ~ .field-error');
  await problem.waitFor();
  assert.match(await problem.innerText(), /limited to 100000 characters/);
  assert.equal((await page.locator('#custom-instructions').inputValue()).length, long.length);
});

test('GitHub installations, the handle and machines are shown', async () => {
  const installations = await getJson(`${env.server.api}/wham/github/installations/v2`);
  const handle = await getJson(`${env.server.api}/wham/task_suggestions/github/user_handle`);
  const machines = await getJson(`${env.server.api}/wham/machines`);
  const page = await newPage(env.browser);
  await page.goto(`${env.server.url}/settings#github`);
  const github = page.getByRole('region', { name: 'GitHub' });
  await github.locator('.installations li').first().waitFor();
  const names = (await github.locator('.installations li strong').allTextContents()).map((name) => name.trim());
  assert.deepEqual(names, [...installations.memberships, ...installations.other].map((item) => item.account_login ?? item.id));
  if (handle.github_handle) await github.getByText(`Signed in to GitHub as ${handle.github_handle}.`).waitFor();
  const section = page.getByRole('region', { name: 'Machines' });
  if (machines.length === 0) {
    await section.getByText('No machines').waitFor();
  } else {
    await section.locator('.machines li').first().waitFor();
    assert.equal(await section.locator('.machines li').count(), machines.length);
    const [first] = machines;
    assert.equal(
      (await section.locator('.machines li').first().innerText()).trim(),
      `${first.label} ${first.cpu_limit} CPU · ${first.memory_limit_mb / 1024} GB memory · ${first.disk_limit_mb / 1024} GB disk`,
    );
  }
});

test('feedback can be sent from any page, about the task on screen', async () => {
  const list = await getJson(`${env.server.api}/wham/tasks/list?limit=1`);
  const page = await newPage(env.browser);
  await page.goto(`${env.server.url}/tasks/${list.items[0].id}`);
  await page.getByRole('button', { name: 'Feedback' }).click();
  const dialog = page.getByRole('dialog', { name: 'Send feedback' });
  await dialog.waitFor();
  await dialog.getByLabel('Not good').check();
  await dialog.locator('#feedback-text').fill('The diff was hard to read');
  const sent = page.waitForRequest((request) => request.url().endsWith('/wham/feedback') && request.method() === 'POST');
  await dialog.getByRole('button', { name: 'Send' }).click();
  const body = JSON.parse((await sent).postData());
  assert.deepEqual([body.task_id, body.rating, body.text], [list.items[0].id, 'thumbs_down', 'The diff was hard to read']);
  await page.getByText('Thanks: your feedback was sent').waitFor();
  await dialog.waitFor({ state: 'detached' });
});

test('GitHub installations list their repositories with permissions and merge policies; code review settings show', async () => {
  const page = await newPage(env.browser);
  const installations = await getJson(`${env.server.api}/wham/github/installations/v2`);
  const first = installations.memberships[0] ?? installations.other[0];
  const granted = await getJson(`${env.server.api}/wham/github/repositories/v2/${first.id}`);
  await page.goto(`${env.server.url}/settings#github`);
  const button = page.getByRole('button', { name: 'Repositories' }).first();
  await button.click();
  assert.equal(await button.getAttribute('aria-expanded'), 'true');
  const rows = page.locator('table.repositories tbody tr');
  await rows.first().waitFor();
  assert.equal(await rows.count(), granted.repositories.length);
  assert.match(await rows.first().innerText(), new RegExp(granted.repositories[0].repository_full_name ?? granted.repositories[0].full_name));
  const review = await getJson(`${env.server.api}/wham/settings/code_review`);
  const panel = page.locator('section#code-review');
  await panel.locator('li select').first().waitFor();
  assert.equal(await panel.locator('li').count(), review.repo_review_settings.length);
  // A change is saved at once and kept.
  await panel.locator('li select').first().selectOption('on_request');
  await page.locator('.toast', { hasText: 'Code review preference saved' }).waitFor();
  const saved = await getJson(`${env.server.api}/wham/settings/code_review`);
  assert.equal(saved.repo_review_settings[0].review_preference, 'on_request');
  await page.reload();
  assert.equal(await page.locator('section#code-review li select').first().inputValue(), 'on_request');
});

test('each form lays out one field a row: a label above its field, the field as wide as the form', async () => {
  // Preferences, the feedback dialog and the environment editor: forms nested in a panel or a
  // dialog, whose labels and fields once ran together on one line.
  const environments = await getJson(`${env.server.api}/wham/environments`);
  const forms = [
    ['/settings#preferences', 'form.preferences', ['#branch-format', '#custom-instructions', '#code-review-preference']],
    [`/environments/${environments[0].id}/edit`, 'form.environment-form', ['#environment-description']],
    ['/', '.dialog form', ['#feedback-text']],
  ];
  const page = await newPage(env.browser);
  await page.setViewportSize({ width: 1280, height: 900 });
  for (const [path, formSelector, fields] of forms) {
    await page.goto(env.server.url + path);
    if (path === '/') await page.getByRole('button', { name: 'Feedback' }).click();
    const form = page.locator(formSelector);
    await form.locator(fields[0]).waitFor();
    const formBox = await form.boundingBox();
    for (const field of fields) {
      const id = field.slice(1);
      const label = await page.locator(`label[for="${id}"]`).boundingBox();
      const box = await page.locator(field).boundingBox();
      assert.ok(label.y + label.height <= box.y + 1, `${path} ${field}: the label is above its field (label ${JSON.stringify(label)}, field ${JSON.stringify(box)})`);
      assert.ok(box.width >= formBox.width * 0.9, `${path} ${field}: ${box.width} px wide in a form of ${formBox.width}`);
      const border = await page.locator(field).evaluate((element) => getComputedStyle(element).borderTopLeftRadius);
      assert.equal(border, '6px', `${path} ${field}: styled like the app's other fields`);
    }
  }
});

test('an address naming a section opens the page at that section, also from another page', async () => {
  const page = await newPage(env.browser);
  // Where the section's heading is once every section above it has filled in.
  const settled = async (name) => {
    await page.locator('.machines li').first().waitFor();
    await page.locator('.installations li').first().waitFor();
    await page.waitForTimeout(300);
    return page.getByRole('heading', { name, exact: true }).evaluate((heading) => {
      const box = heading.getBoundingClientRect();
      return { top: box.top, bottom: box.bottom, height: innerHeight, scrolled: scrollY };
    });
  };
  await page.goto(`${env.server.url}/settings#github`);
  const github = await settled('GitHub');
  assert.ok(github.scrolled > 0 && github.top >= 0 && github.top < 120, JSON.stringify(github));
  // Machines is the last section: as near the top as the page can scroll, and in view.
  await page.goto(`${env.server.url}/usage`);
  await page.getByRole('heading', { name: 'Usage and limits' }).waitFor();
  await page.evaluate(() => {
    const link = Object.assign(document.createElement('a'), { href: '/settings#machines', textContent: 'to machines' });
    document.querySelector('main').prepend(link);
  });
  await page.getByRole('link', { name: 'to machines' }).click();
  await page.waitForURL(/\/settings#machines$/);
  const machines = await settled('Machines');
  assert.ok(machines.scrolled > 0 && machines.top >= 0 && machines.bottom <= machines.height, JSON.stringify(machines));
  assert.deepEqual(page.errors, []);
  await page.context().close();
});
