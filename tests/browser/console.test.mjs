// The admin console (/admin/) in a real Chromium against a real careerbot:
// what an admin sees and can do, keyboard and screen-reader basics, the CSP,
// and an axe-core scan of every view.
//
//   cd tests/browser && node --test --test-concurrency=1 console.test.mjs
//
// CAREERBOT_WEB_ASSETS=/work/main/handlers/web/assets serves the console from
// disk (edits need no rebuild). CONSOLE_ORIGIN (+ CONSOLE_WRITE_TOKEN,
// CONSOLE_READ_TOKEN) runs against a server that is already running instead;
// the handoff and dead-letter tests then skip (they need their own config).

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, stat } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import AxeBuilder from '@axe-core/playwright';
import { launchBrowser, newPage, waitFor } from './support/browser.mjs';
import { startCareerbot } from './support/careerbot.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const imagesDir = path.resolve(here, '../../docs/images');
// The publishers' files (O*NET 29.3 text release, BLS projections and OEWS
// wages) that the shipped knowledge base was built from.
const sharedData = process.env.CAREERBOT_SHARED_DATA || '/work/shared/data';

// Chromium logs every 4xx a fetch receives as a console error. These are the
// answers the console asks for on purpose (a refused token, a 422 to show, a
// stale revision); anything else fails the test.
const EXPECTED = [/Failed to load resource: the server responded with a status of (401|409|412|422)/];

let cb; // {origin, tokens: {write, read}, ...}
let browser;
let own = false;

// A TCP port nobody listens on: the SMTP relay that always refuses, so that
// mail to the counselors' inbox becomes a dead letter.
async function closedPort() {
  const server = net.createServer();
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  await new Promise((resolve) => server.close(resolve));
  return port;
}

before(async () => {
  if (process.env.CONSOLE_ORIGIN) {
    cb = {
      origin: process.env.CONSOLE_ORIGIN,
      tokens: { write: process.env.CONSOLE_WRITE_TOKEN, read: process.env.CONSOLE_READ_TOKEN },
      logs: () => '(external server)',
    };
  } else {
    own = true;
    cb = await startCareerbot({
      email: {
        address: 'careerbot@example.org',
        relay: { host: '127.0.0.1', port: await closedPort(), tls: 'none' },
      },
      handoff: { email: 'advisers@example.org', counselor: 'Sam from the careers office', reply_within: 'one working day' },
      delivery: { max_attempts: 1, first_retry_ms: 50, max_retry_ms: 100, connect_timeout_ms: 1000 },
    });
  }
  browser = await launchBrowser();
  await mkdir(imagesDir, { recursive: true });
});

after(async () => {
  await browser?.close();
  if (own) await cb?.close();
});

// ------------------------------------------------------------------ helpers

async function api(method, route, { body, token = cb.tokens.write, ifMatch } = {}) {
  const headers = { Accept: 'application/json' };
  if (token) headers.Authorization = `Bearer ${token}`;
  if (ifMatch !== undefined) headers['If-Match'] = `"${ifMatch}"`;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const response = await fetch(cb.origin + route, {
    method, headers, body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  let data = null;
  try { data = text ? JSON.parse(text) : null; } catch { data = text; }
  return { status: response.status, data, etag: response.headers.get('etag') };
}

async function career(id) {
  const r = await api('GET', `/admin/v1/careers/${id}`);
  assert.equal(r.status, 200, `GET career ${id}: ${JSON.stringify(r.data)}`);
  return { profile: r.data, revision: Number(r.etag.replace(/\D/g, '')) };
}

async function ask(text) {
  const r = await api('POST', '/v1/ask', { body: { text, conversation_id: `test-${Math.random().toString(16).slice(2)}` }, token: '' });
  assert.equal(r.status, 200, JSON.stringify(r.data));
  return r.data;
}

async function open(options = {}) {
  const t = await newPage(browser, { viewport: { width: 1280, height: 900 }, ...options });
  return t;
}

async function signIn(page, token = cb.tokens.write, origin = cb.origin) {
  await page.goto(`${origin}/admin/`);
  await page.getByLabel('Admin token').fill(token);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('navigation', { name: 'Console sections' }).waitFor();
}

const status = (page) => page.locator('#status');

async function section(page, name) {
  await page.getByRole('navigation', { name: 'Console sections' }).getByRole('link', { name, exact: true }).click();
  await page.getByRole('heading', { level: 2 }).first().waitFor();
}

async function openCareer(page, query, title) {
  await section(page, 'Careers');
  await page.getByLabel('Search careers').fill(query);
  await page.getByRole('button', { name: 'Search', exact: true }).click();
  await page.locator('#career-results').getByRole('link', { name: title, exact: true }).click();
  await page.getByRole('heading', { level: 2, name: title }).waitFor();
}

function group(page, name) {
  return page.getByRole('group', { name, exact: true });
}

async function axeScan(page, label) {
  const results = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'])
    .analyze();
  const bad = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  assert.deepEqual(bad.map((v) => `${v.id} (${v.impact}): ${v.help} -> ${v.nodes.map((n) => n.target.join(' ')).slice(0, 5).join(', ')}`), [],
    `axe on ${label}`);
  return results;
}

// ------------------------------------------------------------------ tests

test('the console is served under a strict CSP and cannot be framed', async () => {
  const r = await fetch(`${cb.origin}/admin/`);
  assert.equal(r.status, 200);
  const csp = r.headers.get('content-security-policy') || '';
  for (const part of ["default-src 'none'", "script-src 'self'", "style-src 'self'", "frame-ancestors 'none'"]) {
    assert.ok(csp.includes(part), `CSP ${csp} lacks ${part}`);
  }
  assert.equal(r.headers.get('x-frame-options'), 'DENY');
  assert.equal(r.headers.get('x-content-type-options'), 'nosniff');
  const bare = await fetch(`${cb.origin}/admin`, { redirect: 'manual' });
  assert.ok([301, 302, 307, 308].includes(bare.status), `/admin answers ${bare.status}`);
  assert.equal(new URL(bare.headers.get('location'), cb.origin).pathname, '/admin/');
  const html = await r.text();
  assert.doesNotMatch(html, /<script(?![^>]*\bsrc=)[^>]*>/i, 'no inline script');
  assert.doesNotMatch(html, /\sstyle=|<style/i, 'no inline style');
  for (const file of ['admin.js', 'admin.css', 'dom.js', 'api.js', 'fields.js', 'careers.js', 'unanswered.js', 'ops.js', 'testpane.js']) {
    const asset = await fetch(`${cb.origin}/admin/${file}`);
    assert.equal(asset.status, 200, `/admin/${file}`);
    const type = asset.headers.get('content-type') || '';
    assert.match(type, file.endsWith('.css') ? /text\/css/ : /javascript/, `/admin/${file} is ${type}`);
  }
});

test('sign in with a token kept in sessionStorage only; a wrong token is refused; sign out', async () => {
  const t = await open();
  const { page } = t;
  await page.goto(`${cb.origin}/admin/`);
  await page.getByRole('heading', { name: 'Sign in' }).waitFor();
  assert.equal(await page.getByLabel('Admin token').getAttribute('type'), 'password');
  await axeScan(page, 'the sign-in screen');

  await page.getByLabel('Admin token').fill('cbt_not-a-real-token');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByText('That token was not accepted').waitFor();
  assert.equal(await page.getByLabel('Admin token').getAttribute('aria-invalid'), 'true');

  // Keyboard only: type the token and press Enter.
  await page.getByLabel('Admin token').fill(cb.tokens.write);
  await page.getByLabel('Admin token').press('Enter');
  await page.getByRole('navigation', { name: 'Console sections' }).waitFor();
  await page.locator('#who-name').waitFor();
  assert.match(await page.locator('#who').textContent(), /Signed in as .+\(read and write\)/);
  const stored = await page.evaluate(() => ({
    session: Object.values(sessionStorage), local: Object.keys(localStorage), url: location.href,
  }));
  assert.ok(stored.session.includes(cb.tokens.write), 'the token is in sessionStorage');
  assert.deepEqual(stored.local, [], 'nothing in localStorage');
  assert.ok(!stored.url.includes(cb.tokens.write), 'no token in the URL');
  assert.equal(await page.getByRole('link', { name: 'Careers', exact: true }).getAttribute('aria-current'), 'page');

  // A reload keeps the session (same tab).
  await page.reload();
  await page.getByRole('navigation', { name: 'Console sections' }).waitFor();

  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.getByRole('heading', { name: 'Sign in' }).waitFor();
  assert.deepEqual(await page.evaluate(() => Object.keys(sessionStorage)), []);
  t.assertClean(EXPECTED);
  await t.close();
});

test('a 401 anywhere goes back to sign-in with a message', async () => {
  const t = await open();
  const { page } = t;
  await signIn(page);
  // The token stops working (as when it is removed from the configuration).
  await page.evaluate(() => sessionStorage.setItem('careerbot.admin.token', 'cbt_revoked'));
  await section(page, 'Audit log');
  await page.getByRole('heading', { name: 'Sign in' }).waitFor();
  await page.getByText('refused the admin token').waitFor();
  t.assertClean(EXPECTED);
  await t.close();
});

test('a read-only token sees every view but no enabled write control', async () => {
  const t = await open();
  const { page } = t;
  await signIn(page, cb.tokens.read);
  assert.match(await page.locator('#who').textContent(), /read only/);
  await openCareer(page, 'nurse', 'Registered Nurse');
  await page.getByText('Your token can read only').waitFor();
  const save = page.getByRole('button', { name: /save|create/i });
  assert.ok(await save.count() > 0);
  for (const button of await save.all()) assert.equal(await button.isEnabled(), false, 'save is disabled');
  assert.equal(await page.getByRole('button', { name: /delete/i }).isEnabled(), false);
  assert.equal(await page.getByLabel('Title (required)', { exact: true }).getAttribute('readonly'), '');

  await page.getByRole('link', { name: 'Revision history' }).click();
  await page.getByRole('heading', { name: /Revision history/ }).waitFor();
  for (const button of await page.getByRole('button', { name: /Roll back/ }).all()) {
    assert.equal(await button.isEnabled(), false);
  }
  for (const name of ['Unanswered', 'Handoffs', 'Delivery', 'Audit log', 'Import / export']) {
    await section(page, name);
    await page.waitForTimeout(200);
    const enabled = [];
    for (const button of await page.locator('main button:enabled').all()) enabled.push(await button.textContent());
    const writes = enabled.filter((text) => /save|delete|alias|ignore|retry|reply|release|import/i.test(text));
    assert.deepEqual(writes, [], `write controls enabled in ${name}`);
  }
  t.assertClean(EXPECTED);
  await t.close();
});

test('search, an invalid edit is shown next to its field, a valid edit saves', async () => {
  const t = await open();
  const { page } = t;
  await signIn(page);
  // Keyboard: search with Enter, then Tab to the results.
  await section(page, 'Careers');
  await page.getByLabel('Search careers').fill('nurse');
  await page.getByLabel('Search careers').press('Enter');
  await page.locator('#main').getByText(/careers match “nurse”/).waitFor();
  await page.locator('#career-results').getByRole('link', { name: 'Registered Nurse', exact: true }).focus();
  await page.keyboard.press('Enter');
  await page.getByRole('heading', { level: 2, name: 'Registered Nurse' }).waitFor();
  const before = await career('registered-nurse');

  // A negative median salary.
  const salary = group(page, 'Median salary');
  const amount = salary.getByLabel('Amount', { exact: true });
  await amount.fill('-5');
  await page.getByRole('button', { name: 'Save changes' }).click();
  const amountError = page.locator('#field-median-salary-amount-error');
  await amountError.waitFor();
  assert.match(await amountError.textContent(), /must be between 0\.01/i);
  assert.equal(await amount.getAttribute('aria-invalid'), 'true');
  assert.match(await amount.getAttribute('aria-describedby'), /field-median-salary-amount-error/);
  assert.equal(await amount.evaluate((el) => el === document.activeElement), true, 'the field has focus');
  // The message sits inside the field's own box, right under it.
  assert.equal(await amountError.evaluate((el) => el.parentElement.contains(document.getElementById('field-median-salary-amount'))), true);

  // An empty title.
  await amount.fill('98765');
  const title = page.getByLabel('Title (required)', { exact: true });
  await title.fill('');
  await page.getByRole('button', { name: 'Save changes' }).click();
  const titleError = page.locator('#field-title-error');
  await titleError.waitFor();
  assert.match(await titleError.textContent(), /must not be empty/i);
  assert.equal(await title.getAttribute('aria-invalid'), 'true');
  assert.equal(await amount.getAttribute('aria-invalid'), null, 'the earlier error is cleared');
  assert.equal((await career('registered-nurse')).revision, before.revision, 'nothing was saved');

  // A valid edit: salary, an alias line and a task line.
  await title.fill('Registered Nurse');
  await page.getByLabel('Aliases').fill([...before.profile.aliases, 'bedside nurse'].join('\n'));
  await page.getByRole('button', { name: 'Save changes' }).click();
  await waitFor(async () => /Saved revision \d+/.test(await status(page).textContent()), { message: 'Saved revision N' });
  const after = await career('registered-nurse');
  assert.equal(after.revision, before.revision + 1);
  assert.equal(after.profile.median_salary.amount, 98765);
  assert.equal(after.profile.title, 'Registered Nurse');
  assert.ok(after.profile.aliases.includes('bedside nurse'));
  assert.deepEqual(after.profile.tasks, before.profile.tasks, 'untouched fields are kept');
  assert.deepEqual(after.profile.pay, before.profile.pay);
  assert.match(await status(page).textContent(), new RegExp(`Saved revision ${after.revision}`));
  assert.equal(await page.locator('[aria-invalid="true"]').count(), 0);

  // The raw JSON editor saves too.
  await page.getByRole('button', { name: 'JSON', exact: true }).click();
  const editor = page.getByLabel('The whole profile as JSON');
  const doc = JSON.parse(await editor.inputValue());
  assert.equal(doc.median_salary.amount, 98765);
  doc.job_zone = 4;
  await editor.fill(JSON.stringify(doc, null, 2));
  await page.getByRole('button', { name: 'Save JSON' }).click();
  await waitFor(async () => new RegExp(`Saved revision ${after.revision + 1}`).test(await status(page).textContent()), { message: 'JSON saved' });
  assert.equal((await career('registered-nurse')).profile.job_zone, 4);
  await page.getByRole('button', { name: 'Form', exact: true }).click();
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: path.join(imagesDir, 'console-careers.png') });
  t.assertClean(EXPECTED);
  await t.close();
});

test('create a career, then delete it after confirming', async () => {
  const t = await open();
  const { page } = t;
  await signIn(page);
  await section(page, 'Careers');
  await page.getByRole('button', { name: 'New career' }).click();
  await page.getByRole('heading', { name: 'New career' }).waitFor();
  await page.getByLabel('Id (required)', { exact: true }).fill('console-test-career');
  await page.getByLabel('Title (required)', { exact: true }).fill('Console Test Career');
  await page.getByLabel('Summary').fill('Tests the admin console.');
  await page.getByLabel('Tasks').fill('Click buttons.\nRead answers.');
  // Steps left empty: the server names the field.
  await page.getByRole('button', { name: 'Create career' }).click();
  await page.locator('#field-steps-error').waitFor();
  assert.match(await page.locator('#field-steps-error').textContent(), /at least 1/);
  await page.getByLabel('Steps to enter the career').fill('Run the tests.');
  await page.getByRole('button', { name: 'Create career' }).click();
  await page.getByRole('heading', { level: 2, name: 'Console Test Career' }).waitFor();
  await waitFor(async () => /Created Console Test Career/.test(await status(page).textContent()), { message: 'created' });
  assert.equal((await career('console-test-career')).profile.tasks.length, 2);

  await page.getByRole('button', { name: 'Delete this career…' }).click();
  await page.getByRole('button', { name: 'Cancel' }).click();
  assert.equal((await api('GET', '/admin/v1/careers/console-test-career')).status, 200, 'cancel keeps it');
  await page.getByRole('button', { name: 'Delete this career…' }).click();
  await page.getByText('Delete “Console Test Career”').waitFor();
  await page.getByRole('button', { name: 'Yes, delete it' }).click();
  await page.getByRole('heading', { level: 2, name: 'Careers' }).waitFor();
  await waitFor(async () => /Deleted Console Test Career/.test(await status(page).textContent()), { message: 'deleted' });
  assert.equal((await api('GET', '/admin/v1/careers/console-test-career')).status, 404);
  t.assertClean(EXPECTED);
  await t.close();
});

test('a stale edit from a second tab shows what changed and reapplies on top', async () => {
  const t = await open();
  const first = t.page;
  const second = await t.context.newPage();
  for (const page of [first, second]) {
    await signIn(page);
    await openCareer(page, 'nurse practitioner', 'Nurse Practitioner');
  }
  const before = await career('nurse-practitioner');

  // Tab 1 changes the summary and saves.
  const theirSummary = `${before.profile.summary} (Checked by the first tab.)`;
  await first.getByLabel('Summary').fill(theirSummary);
  await first.getByRole('button', { name: 'Save changes' }).click();
  await waitFor(async () => /Saved revision/.test(await status(first).textContent()), { message: 'first save' });

  // Tab 2, still on the old revision, changes the plural title and a task.
  await second.getByLabel('Plural title').fill('Nurse Practitioners (NPs)');
  const tasks = [...before.profile.tasks, 'Order and read diagnostic tests.'];
  await second.getByLabel('Tasks').fill(tasks.join('\n'));
  await second.getByRole('button', { name: 'Save changes' }).click();
  const conflict = second.getByRole('region', { name: /saved this career while you were editing/ });
  await conflict.waitFor();
  const rows = conflict.locator('tbody tr');
  const summaryRow = rows.filter({ has: second.getByRole('rowheader', { name: 'Summary', exact: true }) });
  assert.match(await summaryRow.textContent(), /Checked by the first tab/);
  assert.match(await summaryRow.locator('td').last().textContent(), /them/);
  const pluralRow = rows.filter({ has: second.getByRole('rowheader', { name: 'Plural title', exact: true }) });
  assert.match(await pluralRow.locator('td').last().textContent(), /you/);
  assert.equal((await career('nurse-practitioner')).profile.title_plural, before.profile.title_plural, 'not saved yet');
  await axeScan(second, 'the conflict view');

  await conflict.getByRole('button', { name: 'Reapply my changes on top' }).click();
  await waitFor(async () => /your changes on top of revision/.test(await status(second).textContent()), { message: 'reapplied' });
  const now = await career('nurse-practitioner');
  assert.equal(now.revision, before.revision + 2);
  assert.equal(now.profile.summary, theirSummary, 'their change is kept');
  assert.equal(now.profile.title_plural, 'Nurse Practitioners (NPs)', 'my change is on top');
  assert.deepEqual(now.profile.tasks, tasks);

  // The other way: discard mine.
  await first.getByLabel('Plural title').fill('Something else');
  await first.getByRole('button', { name: 'Save changes' }).click();
  await first.getByRole('button', { name: 'Discard mine' }).click();
  await waitFor(async () => /discarded/.test(await status(first).textContent()), { message: 'discarded' });
  assert.equal(await first.getByLabel('Plural title').inputValue(), 'Nurse Practitioners (NPs)');
  assert.equal((await career('nurse-practitioner')).revision, now.revision);
  t.assertClean(EXPECTED);
  await t.close();
});

test('revision history: a side-by-side diff, and rollback restores the old value', async () => {
  const id = 'medical-assistant';
  const start = await career(id);
  const original = start.profile.title_plural;
  const patched = await api('PATCH', `/admin/v1/careers/${id}`, {
    body: { title_plural: 'Medical Assistants (edited)', skills: [...start.profile.skills, 'Venipuncture'] }, ifMatch: start.revision,
  });
  assert.equal(patched.status, 200, JSON.stringify(patched.data));

  const t = await open();
  const { page } = t;
  await signIn(page);
  await openCareer(page, 'medical assistant', 'Medical Assistant');
  await page.getByRole('link', { name: 'Revision history' }).click();
  await page.getByRole('heading', { name: /Revision history of Medical Assistant/ }).waitFor();
  const diff = page.locator('#revision-diff');
  await diff.waitFor();
  assert.match(await diff.locator('caption').textContent(), new RegExp(`Revision ${start.revision} .* against revision ${start.revision + 1}`));
  const plural = diff.locator('tbody tr').filter({ has: page.getByRole('rowheader', { name: /Plural title/ }) });
  assert.match(await plural.getAttribute('class'), /changed/);
  assert.match(await plural.getByRole('rowheader').textContent(), /changed/i, 'changed is said in words, not only colour');
  const cells = await plural.locator('td').allTextContents();
  assert.deepEqual(cells, [original, 'Medical Assistants (edited)']);
  const skills = diff.locator('tbody tr').filter({ has: page.getByRole('rowheader', { name: /Skills/ }) });
  assert.match(await skills.locator('td').last().textContent(), /only here.*Venipuncture/);
  // Unchanged fields are hidden until asked for.
  assert.equal(await diff.getByRole('rowheader', { name: 'Summary', exact: true }).count(), 0);
  await page.getByLabel('Show unchanged fields too').check();
  await page.getByRole('button', { name: 'Compare' }).click();
  await page.locator('#revision-diff').getByRole('rowheader', { name: 'Summary', exact: true }).waitFor();
  await axeScan(page, 'the revision history');

  await page.getByRole('button', { name: `Roll back to revision ${start.revision}` }).first().click();
  await page.getByText(`Restore revision ${start.revision}`).waitFor();
  await page.getByRole('group', { name: /Restore revision/ }).getByRole('button', { name: `Roll back to revision ${start.revision}` }).click();
  await waitFor(async () => new RegExp(`Rolled back to revision ${start.revision}: saved as revision ${start.revision + 2}`).test(await status(page).textContent()),
    { message: 'rolled back' });
  const now = await career(id);
  assert.equal(now.revision, start.revision + 2);
  assert.equal(now.profile.title_plural, original);
  assert.deepEqual(now.profile.skills, start.profile.skills);
  const history = await api('GET', `/admin/v1/careers/${id}/revisions`);
  assert.ok(history.data.revisions.some((r) => r.revision === now.revision && /rollback/.test(r.action)), JSON.stringify(history.data));
  t.assertClean(EXPECTED);
  await t.close();
});

test('an unanswered question becomes an alias, and the test pane then answers it', async () => {
  const question = 'what does a zorblattist do';
  const first = await ask(question);
  assert.equal(first.status, 'fallback', `the made-up job is not known yet: ${JSON.stringify(first)}`);
  const listed = await api('GET', '/admin/v1/unanswered');
  assert.ok(listed.data.groups.some((g) => g.text === question), JSON.stringify(listed.data));

  const t = await open();
  const { page } = t;
  await signIn(page);
  await section(page, 'Unanswered');
  const card = page.getByRole('article', { name: `“${question}”` });
  await card.waitFor();
  assert.match(await card.textContent(), /Asked \d+ times?/);

  // Before: the test pane shows the fallback.
  await card.getByRole('button', { name: 'Try it' }).click();
  const pane = page.getByRole('complementary', { name: 'Test pane' });
  const latest = pane.getByRole('article', { name: 'Latest answer' });
  await waitFor(async () => (await latest.textContent()).includes(question), { message: 'first answer' });
  assert.match(await latest.textContent(), /Statusfallback/);

  await card.getByRole('button', { name: 'Add as alias…' }).click();
  assert.equal(await card.getByLabel('Alias to add').inputValue(), 'zorblattist', 'the job name is guessed from the question');
  await card.getByLabel('Alias to add').fill('zorblattist');
  await card.getByLabel('Find the career').fill('registered nurse');
  await card.getByRole('radio', { name: /Registered Nurse/ }).check();
  await card.getByText('Chosen: Registered Nurse').waitFor();
  await axeScan(page, 'the unanswered questions');
  await page.screenshot({ path: path.join(imagesDir, 'console-unanswered.png') });
  await card.getByRole('button', { name: 'Add alias' }).click();
  await waitFor(async () => /Added “zorblattist” as an alias of Registered Nurse/.test(await status(page).textContent()), { message: 'alias added' });
  await card.waitFor({ state: 'detached' });

  const nurse = await career('registered-nurse');
  assert.ok(nurse.profile.aliases.includes('zorblattist'));
  const after = await api('GET', '/admin/v1/unanswered');
  assert.ok(!after.data.groups.some((g) => g.text === question), 'dismissed');

  // After: ask again in the test pane; the previous answer stays beside it.
  await pane.getByLabel('Question').fill(question);
  await pane.getByRole('button', { name: 'Ask' }).click();
  await waitFor(async () => /answered/.test(await latest.textContent()), { message: 'answered now' });
  const text = await latest.textContent();
  assert.match(text, /Statusanswered/);
  assert.match(text, /IntentDuties/i);
  assert.match(text, /Registered Nurse \(registered-nurse\)/);
  assert.match(text, /Why.*zorblattist/);
  assert.match(await pane.getByRole('article', { name: 'Previous answer' }).textContent(), /Statusfallback/);
  t.assertClean(EXPECTED);
  await t.close();
});

test('ignore for good removes a group, also when asked again', async () => {
  const question = 'what does a quibbleflux do';
  assert.equal((await ask(question)).status, 'fallback');
  const t = await open();
  const { page } = t;
  await signIn(page);
  await section(page, 'Unanswered');
  const card = page.getByRole('article', { name: `“${question}”` });
  await card.getByRole('button', { name: 'Ignore for good' }).click();
  await card.waitFor({ state: 'detached' });
  await waitFor(async () => /Ignored/.test(await status(page).textContent()), { message: 'ignored' });
  await ask(question);
  const listed = await api('GET', '/admin/v1/unanswered');
  assert.ok(!listed.data.groups.some((g) => g.questions.some((q) => q.text === question)), JSON.stringify(listed.data));
  await page.getByRole('button', { name: 'Refresh' }).click();
  await page.waitForTimeout(300);
  assert.equal(await page.getByRole('article', { name: `“${question}”` }).count(), 0);
  t.assertClean(EXPECTED);
  await t.close();
});

test('handoffs: the transcript, a reply through the person\'s channel, release', async (ctx) => {
  if (!own) return ctx.skip('needs its own server with a handoff inbox');
  // Two web chat conversations ask for a person.
  const sessions = [];
  for (const text of ['I would like to talk to a person please', 'can I speak to a human counselor']) {
    const s = await api('POST', '/chat/v1/sessions', { body: {}, token: '' });
    assert.equal(s.status, 201, JSON.stringify(s.data));
    const r = await api('POST', '/v1/ask', { body: { text, session: s.data.session, client_id: `c-${sessions.length}` }, token: '' });
    assert.ok(r.status === 200 || r.status === 202, JSON.stringify(r.data));
    sessions.push(s.data.session);
  }
  const open_ = await api('GET', '/admin/v1/handoffs?state=open');
  assert.equal(open_.data.handoffs.length, 2, JSON.stringify(open_.data));

  const t = await open();
  const { page } = t;
  await signIn(page);
  await section(page, 'Handoffs');
  const cards = page.getByRole('article');
  await waitFor(async () => (await cards.count()) === 2, { message: 'two open handoffs' });
  const byText = (text) => page.getByRole('article').filter({ hasText: text });
  const talk = byText('talk to a person');
  assert.match(await talk.locator('.transcript').textContent(), /I would like to talk to a person please/);
  await axeScan(page, 'the handoffs');

  await talk.getByLabel('Reply to this person').fill('Hello, this is Sam from the careers office.');
  await talk.getByRole('button', { name: 'Send reply' }).click();
  await waitFor(async () => /Reply sent/.test(await status(page).textContent()), { message: 'reply sent' });
  const messages = await api('GET', `/chat/v1/sessions/${sessions[0]}/messages?after=0`, { token: '' });
  assert.ok(messages.data.messages.some((m) => m.role === 'counselor' && /Sam from the careers office/.test(m.text)), JSON.stringify(messages.data));

  const human = byText('speak to a human');
  await human.getByRole('button', { name: 'Release to careerbot' }).click();
  await waitFor(async () => /released/.test(await status(page).textContent()), { message: 'released' });
  await waitFor(async () => (await page.getByRole('article').count()) === 0, { message: 'no open handoffs left' });
  const all = await api('GET', '/admin/v1/handoffs?state=all');
  assert.deepEqual(all.data.handoffs.map((h) => h.state).sort(), ['answered', 'released']);
  await page.getByLabel('Show closed handoffs too').check();
  await waitFor(async () => (await page.getByRole('article').count()) === 2, { message: 'closed handoffs listed' });
  t.assertClean(EXPECTED);
  await t.close();
});

test('delivery: outbox depth, dead letters with their error, retry; the audit log pages', async (ctx) => {
  const t = await open();
  const { page } = t;
  await signIn(page);
  await section(page, 'Delivery');
  await page.locator('#outbox-depth').filter({ hasText: /pending/ }).waitFor();
  if (own) {
    // The handoff mails to the counselors' inbox failed against the closed relay.
    await waitFor(async () => (await api('GET', '/admin/v1/outbox')).data.dead_letters.length > 0, { message: 'a dead letter', timeout: 20000 });
    await page.getByRole('button', { name: 'Refresh' }).click();
    const row = page.locator('tbody tr').first();
    await row.waitFor();
    assert.ok((await row.locator('.error-text').textContent()).trim().length > 1, 'the error is shown');
    const id = (await row.getByRole('rowheader').textContent()).trim();
    await row.getByRole('button', { name: `Retry entry ${id}` }).click();
    await waitFor(async () => new RegExp(`Entry ${id} is queued again`).test(await status(page).textContent()), { message: 'requeued' });
  } else {
    ctx.diagnostic('external server: no dead letter made');
  }
  await axeScan(page, 'the delivery view');

  await section(page, 'Audit log');
  const table = page.locator('#audit-table');
  await table.waitFor();
  const text = await table.textContent();
  const me = (await api('GET', '/admin/v1/whoami')).data.name;
  assert.ok(text.includes(me), `the audit log names ${me}`);
  assert.match(text, /changed: /);
  assert.match(text, /registered-nurse/);
  assert.equal(await page.getByRole('button', { name: 'Newer entries' }).isEnabled(), false);
  await axeScan(page, 'the audit log');
  t.assertClean(EXPECTED);
  await t.close();
});

test('import profiles from files and download the export', async () => {
  const t = await open({ acceptDownloads: true });
  const { page } = t;
  await signIn(page);
  await section(page, 'Import / export');
  await axeScan(page, 'import and export');

  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Download the export' }).click();
  const file = await download;
  assert.match(file.suggestedFilename(), /^careerbot-export-\d{4}-\d{2}-\d{2}\.json$/);
  assert.ok(!file.url().includes(cb.tokens.write), 'no token in the download URL');
  const chunks = [];
  for await (const chunk of await file.createReadStream()) chunks.push(chunk);
  const exported = JSON.parse(Buffer.concat(chunks).toString('utf8'));
  assert.ok(exported.profiles.length > 100, `${exported.profiles.length} profiles exported`);

  const profile = {
    id: 'console-import-test', title: 'Console Import Test', summary: 'Imported from the browser.',
    tasks: ['Arrive in a file.'], steps: ['Be uploaded.'], aliases: ['import tester'],
  };
  await page.getByLabel('Profile files').setInputFiles([
    { name: 'one.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify({ profiles: [profile] })) },
  ]);
  await page.getByText('1 profile read from 1 file').waitFor();
  await page.getByRole('button', { name: 'Import', exact: true }).click();
  await page.getByRole('heading', { name: 'Import: done' }).waitFor();
  assert.match(await page.locator('.report').textContent(), /Added1/);
  assert.equal((await career('console-import-test')).profile.title, 'Console Import Test');

  // A bad profile: the problem names the file and the field.
  const bad = { ...profile, id: 'console-import-bad', title: '' };
  await page.getByLabel('Profile files').setInputFiles([
    { name: 'bad.jsonl', mimeType: 'application/json', buffer: Buffer.from(`${JSON.stringify(profile)}\n${JSON.stringify(bad)}\n`) },
  ]);
  await page.getByText('2 profiles read from 1 file').waitFor();
  await page.getByRole('button', { name: 'Import', exact: true }).click();
  await page.locator('.report').getByText(/Not imported: bad\.jsonl, profile 2 \(console-import-bad\): field 'title'/).waitFor();
  assert.equal((await api('GET', '/admin/v1/careers/console-import-bad')).status, 404);
  t.assertClean(EXPECTED);
  await t.close();
});

test('upload the publishers\' official files: a missing or unreadable one is named, then the import summary', async (ctx) => {
  const onetDir = path.join(sharedData, 'onet-29.3');
  const projections = path.join(sharedData, 'bls', 'employment-projections-2024-34.csv');
  const wages = path.join(sharedData, 'bls', 'oews-national-may-2024.tsv');
  const absent = [onetDir, projections, wages].filter((p) => !existsSync(p));
  if (absent.length) return ctx.skip(`the official files are absent (${absent.join(', ')}): set CAREERBOT_SHARED_DATA to a copy of the shared data`);
  // A fresh server of its own when possible: its knowledge base is the shipped
  // one, untouched by the edits of the other tests.
  const server = own ? await startCareerbot() : cb;
  const dir = await mkdtemp(path.join(os.tmpdir(), 'careerbot-upload-'));
  const t = await open();
  try {
    // The release as O*NET ships it: a zip holding the text files' folder.
    const zip = path.join(dir, 'db_29_3_text.zip');
    await promisify(execFile)('zip', ['-qr', zip, path.basename(onetDir)], { cwd: path.dirname(onetDir) });
    ctx.diagnostic(`${path.basename(zip)}: ${((await stat(zip)).size / 1048576).toFixed(1)} MB`);

    const { page } = t;
    await signIn(page, server.tokens.write, server.origin);
    await section(page, 'Import / export');
    const onet = page.getByLabel('O*NET database, text release (.zip)');
    const bls = page.getByLabel('BLS employment projections (.xlsx, .csv or .tsv)');
    const oews = page.getByLabel('OEWS national wages (.xlsx, .csv or .tsv)');
    assert.equal(await onet.getAttribute('accept'), '.zip');
    assert.equal(await bls.getAttribute('accept'), '.xlsx,.csv,.tsv');
    assert.equal(await oews.getAttribute('accept'), '.xlsx,.csv,.tsv');
    const button = page.getByRole('button', { name: 'Import official files' });
    const report = page.locator('#public-report');

    // The projections are missing: the server's 400 is shown beside the form
    // and under the file input it names.
    await onet.setInputFiles(zip);
    await oews.setInputFiles(wages);
    await button.click();
    const missing = report.getByText(/Not imported: The upload needs a file 'bls_projections'/);
    await missing.waitFor();
    assert.equal(await bls.getAttribute('aria-invalid'), 'true');
    assert.match(await page.locator('#upload-bls_projections-error').textContent(), /bls_projections/);
    assert.match(await bls.getAttribute('aria-describedby'), /upload-bls_projections-error/);
    assert.equal(await bls.evaluate((el) => el === document.activeElement), true, 'the named input has focus');
    await waitFor(async () => /Not imported: .*bls_projections/.test(await status(page).textContent()), { message: 'the error announced' });
    assert.equal(await status(page).getAttribute('data-kind'), 'error');

    // A zip the importer cannot read: its 422, naming the file chosen (not the server's copy).
    await bls.setInputFiles(projections);
    assert.equal(await bls.getAttribute('aria-invalid'), null, 'choosing a file clears the error');
    await onet.setInputFiles({ name: 'db_29_3_text.zip', mimeType: 'application/zip', buffer: Buffer.from('not a zip archive') });
    await button.click();
    const unreadable = report.getByText(/Not imported: .*db_29_3_text\.zip.*zip/i);
    await unreadable.waitFor();
    assert.doesNotMatch(await unreadable.textContent(), /careerbot-import-/, 'no server temp path');
    assert.equal(await onet.getAttribute('aria-invalid'), 'true');
    assert.equal(await onet.evaluate((el) => el === document.activeElement), true, 'the unreadable file\'s input has focus');

    // All three: busy while the import runs, then the summary. The request is
    // held back until the busy state has been seen (the import itself is quick).
    await onet.setInputFiles(zip);
    assert.equal(await onet.getAttribute('aria-invalid'), null);
    let release;
    const held = new Promise((resolve) => { release = resolve; });
    await page.route('**/admin/v1/import', async (route) => {
      await held;
      await route.continue();
    });
    const answered = page.waitForResponse((r) => r.url().endsWith('/admin/v1/import') && r.request().method() === 'POST',
      { timeout: 50000 });
    await button.click();
    const busy = page.locator('#upload-busy');
    await busy.waitFor();
    assert.equal(await page.locator('.upload-form').getAttribute('aria-busy'), 'true');
    assert.match(await busy.textContent(), /Uploading 3 files \([\d.]+ MB\) and importing them/);
    assert.equal(await busy.getByRole('progressbar', { name: 'Import in progress' }).count(), 1);
    assert.equal(await button.isEnabled(), false, 'no second import while one runs');
    assert.equal(await onet.isEnabled(), false);
    await waitFor(async () => /Uploading 3 files/.test(await status(page).textContent()), { message: 'the upload announced' });
    release();
    const response = await answered;
    await page.unroute('**/admin/v1/import');
    const sent = response.request();
    assert.match(await sent.headerValue('content-type'), /^multipart\/form-data; boundary=/);
    assert.match(await sent.headerValue('authorization'), /^Bearer cbt_/);
    assert.equal(response.status(), 200, await response.text());
    const result = await response.json();
    await report.getByRole('heading', { name: 'Official files import: done' }).waitFor({ timeout: 10000 });
    assert.equal(await page.locator('.upload-form').getAttribute('aria-busy'), 'false');
    assert.equal(await button.isEnabled(), true);
    const skipped = result.skipped.length;
    const summary = `${result.added} added, ${result.changed} changed, ${result.unchanged} unchanged, ${skipped} skipped: ${result.careers} careers in the knowledge base.`;
    assert.equal((await report.locator('.summary').textContent()).trim(), summary);
    assert.match(await report.locator('dl').textContent(), new RegExp(`Unchanged${result.unchanged}Skipped${skipped}.*Careers now${result.careers}`));
    await waitFor(async () => (await status(page).textContent()).includes(summary), { message: 'the summary announced' });
    const listed = await fetch(`${server.origin}/admin/v1/careers?limit=1`, { headers: { Authorization: `Bearer ${server.tokens.write}` } });
    assert.equal(listed.status, 200);
    assert.equal((await listed.json()).total, result.careers, 'the total shown is the knowledge base\'s');
    if (own) {
      // The shipped knowledge base already holds this release (as the C++ admin API test asserts).
      assert.equal(summary, `0 added, 0 changed, 979 unchanged, ${skipped} skipped: 1017 careers in the knowledge base.`);
      ctx.diagnostic(`${summary} (${result.seconds} s)`);
    }
    if (skipped) {
      await report.getByText(`The ${skipped} skipped occupations and why`).click();
      await report.locator('details.skipped li').first().waitFor();
    }
    await axeScan(page, 'the official files import');
    t.assertClean([...EXPECTED, /status of 400/]);
  } finally {
    await t.close();
    await rm(dir, { recursive: true, force: true });
    if (own) await server.close();
  }
});

test('axe finds no serious or critical problem in the main views', async () => {
  const t = await open();
  const { page } = t;
  await signIn(page);
  await section(page, 'Careers');
  await page.getByLabel('Search careers').fill('developer');
  await page.getByRole('button', { name: 'Search', exact: true }).click();
  await page.locator('#career-results').waitFor();
  await axeScan(page, 'the careers list');
  await page.locator('#career-results a').first().click();
  await page.locator('form.profile-form').waitFor();
  await axeScan(page, 'the career form');
  await page.getByRole('button', { name: 'JSON', exact: true }).click();
  await axeScan(page, 'the JSON editor');
  await section(page, 'Unanswered');
  await page.waitForTimeout(300);
  await axeScan(page, 'the unanswered view');
  await page.getByRole('complementary', { name: 'Test pane' }).getByLabel('Question').fill('how much do nurses make');
  await page.getByRole('button', { name: 'Ask' }).click();
  await page.getByRole('article', { name: 'Latest answer' }).waitFor();
  await axeScan(page, 'the test pane with an answer');
  // Keyboard focus is visible.
  await page.getByRole('complementary', { name: 'Test pane' }).getByLabel('Question').focus();
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement.textContent), 'Ask');
  const outline = await page.evaluate(() => getComputedStyle(document.activeElement).outlineStyle);
  assert.notEqual(outline, 'none', 'focus is visible');
  // Inputs are at least 16px (no zoom on phones, readable).
  const sizes = await page.evaluate(() => [...document.querySelectorAll('input, select, textarea')]
    .map((el) => parseFloat(getComputedStyle(el).fontSize)));
  assert.ok(sizes.every((s) => s >= 16), `font sizes ${sizes}`);
  t.assertClean(EXPECTED);
  await t.close();
});
