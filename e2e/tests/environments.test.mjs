// Environments made, changed, searched and deleted through their pages against a real
// wham-server: checks at the field before sending, the server's refusal at the field it names,
// a draft that survives a reload without its secrets, an edit that sends only what changed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { withServer, newPage, getJson } from './helpers.mjs';

const env = withServer(['--seed', '3']);

test('a new environment: refused at the field, kept across a reload, saved with a write-only secret', async () => {
  const { server, browser } = env;
  const before = await getJson(`${server.api}/wham/environments`);
  const page = await newPage(browser);
  await page.goto(`${server.url}/environments`);
  await page.getByRole('link', { name: 'New environment' }).click();
  await page.getByLabel('Name', { exact: true }).waitFor();
  // Nothing typed: the problems are said at their fields and nothing is sent.
  await page.getByRole('button', { name: 'Save environment' }).click();
  await page.getByText('Give the environment a name.').waitFor();
  await page.getByText('Choose at least one repository.').waitFor();
  assert.equal((await getJson(`${server.api}/wham/environments`)).length, before.length);

  await page.getByLabel('Name', { exact: true }).fill('Docs site');
  await page.getByLabel('Workspace directory').fill('../outside');
  await page.locator('.repository-results input[type=checkbox]').first().check();
  await page.getByRole('button', { name: 'Add variable' }).click();
  await page.getByLabel('Variable 1 name').fill('NODE_ENV');
  await page.getByLabel('Variable 1 value').fill('production');
  await page.getByRole('button', { name: 'Save environment' }).click();
  await page.getByText('Use an absolute path').waitFor();
  await page.getByLabel('Workspace directory').fill('/workspace/docs');

  // A reload keeps the draft, and tells so.
  await page.reload();
  await page.getByText('Your unsaved changes were restored.').waitFor();
  assert.equal(await page.getByLabel('Name', { exact: true }).inputValue(), 'Docs site');
  assert.equal(await page.getByLabel('Variable 1 value').inputValue(), 'production');

  await page.getByRole('button', { name: 'Add secret' }).click();
  await page.getByLabel('Secret 1 name').fill('NPM_TOKEN');
  await page.getByLabel('Secret 1 value').fill('very-secret-value');
  const stored = await page.evaluate(() => JSON.stringify(window.localStorage));
  assert.ok(!stored.includes('very-secret-value'), 'a secret value is never stored in the browser');
  await page.getByLabel('On', { exact: true }).check();
  await page.getByLabel('Also allow these domains').fill('registry.npmjs.org');
  await page.getByRole('button', { name: 'Save environment' }).click();

  await page.waitForURL(/\/environments\/env_/);
  await page.getByRole('heading', { name: 'Docs site' }).waitFor();
  const id = decodeURIComponent(new URL(page.url()).pathname.split('/').pop());
  const saved = await getJson(`${server.api}/wham/environments/${id}`);
  assert.equal(saved.workspace_dir, '/workspace/docs');
  assert.equal(saved.env_vars.NODE_ENV, 'production');
  assert.equal(saved.secrets.NPM_TOKEN, '********');
  assert.equal(saved.agent_network_access.mode, 'on');
  // The machine as the detail sends it (the schema's flat limits, in megabytes), in words.
  const detail = await getJson(`${server.api}/wham/environments/${id}/with-creator-and-machine`);
  const { label, cpu_limit, memory_limit_mb, disk_limit_mb } = detail.machine;
  assert.ok(label && cpu_limit && memory_limit_mb % 1024 === 0 && disk_limit_mb % 1024 === 0, JSON.stringify(detail.machine));
  const machine = `${label} · ${cpu_limit} CPU · ${memory_limit_mb / 1024} GB memory · ${disk_limit_mb / 1024} GB disk`;
  assert.match(await page.locator('.facts').innerText(), new RegExp(`Machine\\s+${machine}\n`));
  assert.ok(!(await page.content()).includes('very-secret-value'));
  assert.ok(!(await page.evaluate(() => JSON.stringify(window.localStorage))).includes('Docs site'), 'the saved draft is gone');
});

test('an edit sends only what changed; the server refusal shows at its field', async () => {
  const { server, browser } = env;
  const [environment] = await getJson(`${server.api}/wham/environments`);
  const page = await newPage(browser);
  const patches = [];
  page.on('request', (request) => {
    if (request.method() === 'PATCH') patches.push(JSON.parse(request.postData()));
  });
  await page.goto(`${server.url}/environments/${environment.id}/edit`);
  const description = page.getByLabel('Description');
  await description.waitFor();
  // A control character passes the form's checks but not the server's: its words, at the field.
  await description.fill('bell \u0007 here');
  await page.getByRole('button', { name: 'Save environment' }).click();
  await page.locator('#environment-description-error').waitFor();
  assert.match(await page.locator('#environment-description-error').innerText(), /control characters/);
  await description.fill('Builds and tests the app.');
  await page.getByRole('button', { name: 'Save environment' }).click();
  await page.waitForURL((url) => !url.pathname.endsWith('/edit'));
  await page.getByText('Builds and tests the app.').waitFor();
  assert.deepEqual(patches.at(-1), { description: 'Builds and tests the app.' });
});

test('search filters instantly and from the server; delete asks for the name', async () => {
  const { server, browser } = env;
  const all = await getJson(`${server.api}/wham/environments`);
  const target = all[all.length - 1];
  const page = await newPage(browser);
  await page.goto(`${server.url}/environments?q=${encodeURIComponent(target.label)}`);
  await page.locator(`.card[data-environment-id="${target.id}"]`).waitFor();
  assert.match(await page.locator(`.card[data-environment-id="${target.id}"]`).innerText(), /by .+\non |by .+ on |on /);
  assert.equal(await page.getByLabel('Search environments').inputValue(), target.label, 'the search survives a reload');
  await page.getByLabel('Search environments').fill('zz-no-such-environment');
  await page.getByText('No matching environments').waitFor();

  await page.goto(`${server.url}/environments/${target.id}`);
  await page.getByRole('button', { name: 'Delete', exact: true }).click();
  const confirm = page.getByRole('button', { name: 'Delete environment' });
  assert.equal(await confirm.isDisabled(), true, 'not before the name is typed');
  await page.getByLabel('Name').fill(target.label);
  await confirm.click();
  await page.waitForURL((url) => url.pathname === '/environments');
  await page.locator('.card').first().waitFor();
  assert.equal(await page.locator(`.card[data-environment-id="${target.id}"]`).count(), 0);
  const after = await getJson(`${server.api}/wham/environments`);
  assert.ok(!after.some((environment) => environment.id === target.id));
});

test('find by repository, and the Codex CLI list with each environment\'s repositories', async () => {
  const { server, browser } = env;
  const [environment] = await getJson(`${server.api}/wham/environments`);
  const repo = Object.values(environment.repo_map)[0].repository_full_name;
  const page = await newPage(browser);
  await page.goto(`${server.url}/environments`);
  await page.getByLabel('Find by repository').fill('not-a-repository');
  await page.getByRole('button', { name: 'Find' }).click();
  await page.getByText('Write the repository as owner/name.').waitFor();
  await page.getByLabel('Find by repository').fill(repo);
  await page.getByRole('button', { name: 'Find' }).click();
  await page.locator(`.find-by-repository .card[data-environment-id="${environment.id}"]`).waitFor();

  await page.getByText('As the Codex CLI lists them').click();
  const cli = await getJson(`${server.api}/codex/environments`);
  const entries = page.locator('.codex-cli li');
  await entries.first().waitFor();
  assert.equal(await entries.count(), cli.length);
  await page.locator('.codex-cli li .muted', { hasText: '/' }).first().waitFor();
});
