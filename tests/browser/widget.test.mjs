// The chat widget and the chat page in a real browser against a real
// careerbot: embedding on another origin under a strict CSP, keyboard use,
// answers and follow-ups, reloads, server restarts, the HTTP fallback, quick
// replies, unread badge, accessibility (axe) and the phone layout.
//
//   cd tests/browser && node --test --test-concurrency=1
// Env: CAREERBOT_BIN (the binary), CAREERBOT_WEB_ASSETS (serve the pages from
// disk), CHROMIUM (the browser).

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import AxeBuilder from '@axe-core/playwright';
import { startCareerbot, startHostSite } from './support/careerbot.mjs';
import { launchBrowser, newPage, waitFor } from './support/browser.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const images = path.resolve(here, '../../docs/images');
const TITLE = 'Northfield careers chat';
const GREETING = 'Hi! Ask me about any career.';
// Refused connections while the server is deliberately down are expected.
const NETWORK_DOWN = [/WebSocket connection to .* failed/, /ERR_CONNECTION_REFUSED|ERR_CONNECTION_RESET|ERR_EMPTY_RESPONSE/];

let browser, cb, site;

before(async () => {
  site = await startHostSite({
    attrs: { title: TITLE, color: '#0f766e', position: 'right', greeting: GREETING },
  });
  cb = await startCareerbot({ web: { allowed_origins: [site.origin] } });
  site.careerbot = cb.origin;
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await cb?.close();
  await site?.close();
});

// ---- what a person sees ---------------------------------------------------

const launcher = (page) => page.getByRole('button', { name: /^Open career chat/ });
const panelFrame = (page) => page.frameLocator(`iframe[title="${TITLE}"]`);

// A chat (the page itself, or the widget's panel frame) seen by its user.
function chat(scope) {
  const log = scope.getByRole('log', { name: 'Conversation' });
  const replies = log.locator('.msg.bot:not(.greeting), .msg.counselor');
  const c = {
    log,
    replies,
    mine: log.locator('.msg.user'),
    input: scope.getByRole('textbox', { name: 'Your question' }),
    send: scope.getByRole('button', { name: 'Send' }),
    status: scope.locator('header').getByText(/^(Connecting…|Connected|Reconnecting in \d+s…)$/),
    live: scope.locator('[aria-live="polite"]'),
    async statusText() { return (await c.status.textContent()).trim(); },
    async replyCount() { return replies.count(); },
    async waitReplies(n, timeout = 20000) {
      await waitFor(async () => (await replies.count()) >= n, { timeout, message: `${n} replies` });
      assert.equal(await replies.count(), n, 'one reply per question');
      return (await replies.nth(n - 1).innerText()).trim();
    },
    // Sends a question; waits for `expectReplies` replies in all (default: one more).
    async ask(text, expectReplies, timeout) {
      const n = expectReplies ?? (await replies.count()) + 1;
      await c.input.fill(text);
      await c.input.press('Enter');
      return c.waitReplies(n, timeout);
    },
    async waitStatus(re, timeout = 20000) {
      await waitFor(async () => re.test(await c.statusText()), { timeout, message: `status ${re}` });
    },
    // Connected, and the history shown (the log is no longer aria-busy).
    async ready(timeout = 20000) {
      await c.waitStatus(/^Connected$/, timeout);
      await waitFor(async () => (await log.getAttribute('aria-busy')) !== 'true', { timeout, message: 'the history' });
    },
  };
  return c;
}

const inputHasFocus = (c) => c.input.evaluate((el) => document.hasFocus() && document.activeElement === el);
const launcherHasFocus = (page) => launcher(page).evaluate(
  (el) => el.getRootNode().activeElement === el && document.activeElement === el.getRootNode().host);

async function openWidgetByMouse(page) {
  await launcher(page).click();
  const c = chat(panelFrame(page));
  await c.ready();
  return c;
}

async function assertNoSeriousAxe(page, what, exclude) {
  let builder = new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']);
  if (exclude) builder = builder.exclude(exclude);
  const result = await builder.analyze();
  const bad = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  assert.deepEqual(bad.map((v) => `${v.id} (${v.impact}): ${v.help}\n  ` +
    v.nodes.map((n) => `${n.target.join(' ')}: ${n.failureSummary}`).join('\n  ')), [],
  `axe found serious/critical violations on ${what}`);
}

// ---- tests -----------------------------------------------------------------

test('(a, b, i) embedded on another origin under a strict CSP: keyboard only, answer, follow-up, reload', { timeout: 120000 }, async (t) => {
  const tp = await newPage(browser, { viewport: { width: 1280, height: 820 } });
  const { page } = tp;
  try {
    await page.goto(site.url('/'));
    const open = launcher(page);
    await open.waitFor();
    assert.equal(await open.getAttribute('aria-expanded'), 'false');

    await t.test('Tab reaches the launcher, Enter opens the panel with the input focused', async () => {
      await waitFor(async () => {
        await page.keyboard.press('Tab');
        return launcherHasFocus(page);
      }, { timeout: 10000, message: 'Tab to reach the launcher' });
      await page.keyboard.press('Enter');
      assert.equal(await open.getAttribute('aria-expanded'), 'true');
      const c = chat(panelFrame(page));
      await waitFor(() => inputHasFocus(c), { message: 'the input to have focus' });
      await c.ready();
      assert.equal(await panelFrame(page).getByRole('heading', { level: 1 }).innerText(), TITLE);
      await panelFrame(page).getByText(GREETING).waitFor();
    });

    const c = chat(panelFrame(page));
    await t.test('a question typed and sent with Enter is answered and announced', async () => {
      await page.keyboard.type('how much do nurses make');
      await page.keyboard.press('Enter');
      await c.mine.getByText('how much do nurses make').waitFor();
      const reply = await c.waitReplies(1);
      assert.match(reply, /\$\d/);
      assert.match(reply, /nurse/i);
      await waitFor(async () => /\$\d/.test(await c.live.innerText()), { message: 'the live region to announce the reply' });
      assert.doesNotMatch(await c.live.innerText(), /how much do nurses make/, 'own messages are not announced');
      assert.ok(await inputHasFocus(c), 'focus stays in the input');
    });

    await t.test('a follow-up is answered about the same career', async () => {
      await page.keyboard.type('what about education?');
      await page.keyboard.press('Enter');
      const reply = await c.waitReplies(2);
      assert.match(reply, /nurs/i);
      assert.match(reply, /degree|diploma|education|bachelor/i);
    });

    await t.test('screenshot of the host page with the open panel', async () => {
      await mkdir(images, { recursive: true });
      await page.screenshot({ path: path.join(images, 'widget.png') });
    });

    await t.test('after a reload the transcript is back and asking again works', async () => {
      await page.reload();
      const c2 = await openWidgetByMouse(page);
      await waitFor(async () => (await c2.replies.count()) === 2, { message: 'the transcript' });
      assert.equal(await c2.mine.count(), 2);
      await c2.mine.getByText('how much do nurses make').waitFor();
      assert.equal((await c2.live.innerText()).trim(), '', 'the history is not announced again');
      assert.equal(await panelFrame(page).getByText(GREETING).count(), 0, 'no greeting over a history');
      const reply = await c2.ask('what is the job outlook?', 3);
      assert.match(reply, /nurs/i);
      assert.match(reply, /grow|outlook|%|projected/i);
    });
    tp.assertClean();
  } finally {
    await tp.close();
  }
});

test('(c) a server restart: reconnects by itself, resends, answers each question once', { timeout: 120000 }, async () => {
  const tp = await newPage(browser);
  const { page } = tp;
  try {
    await page.goto(site.url('/'));
    const c = await openWidgetByMouse(page);
    assert.match(await c.ask('how much do electricians make', 1), /\$\d/);

    await cb.stop();
    await c.waitStatus(/^Reconnecting in \d+s…$/);
    // Asked while the server is down: kept and sent once it is back.
    await c.input.fill('what education do electricians need?');
    await c.input.press('Enter');
    await c.mine.getByText('what education do electricians need?').waitFor();

    await cb.restart();
    await c.waitStatus(/^Connected$/, 40000);
    const reply2 = await c.waitReplies(2);
    assert.match(reply2, /electric/i);

    const reply3 = await c.ask('what is the job outlook for electricians?', 3);
    assert.match(reply3, /electric/i);
    await new Promise((r) => setTimeout(r, 2500));
    assert.equal(await c.replies.count(), 3, 'no second answer to any question');
    assert.equal(await c.mine.count(), 3, 'no question shown twice');

    // The server kept each once too.
    await page.reload();
    const c2 = await openWidgetByMouse(page);
    await waitFor(async () => (await c2.replies.count()) === 3, { message: 'the transcript after reload' });
    await new Promise((r) => setTimeout(r, 500));
    assert.equal(await c2.replies.count(), 3);
    assert.equal(await c2.mine.count(), 3);
    tp.assertClean(NETWORK_DOWN);
  } finally {
    await tp.close();
    if (!cb.running) await cb.restart(); // for the tests after this one
  }
});

test('(d) quick replies: the career quiz advances by its choice buttons', { timeout: 90000 }, async () => {
  const tp = await newPage(browser, { viewport: { width: 1000, height: 800 } });
  const { page } = tp;
  try {
    await page.goto(cb.origin + '/chat');
    const c = chat(page);
    await c.ready();
    const first = await c.ask('what careers would suit me?', 1);
    assert.match(first, /1 of \d+/);
    const choices = page.getByRole('group', { name: 'Your answer' });
    await choices.getByRole('button', { name: 'like', exact: true }).click();
    assert.match(await c.waitReplies(2), /2 of \d+/);
    // The earlier buttons are gone; the new ones work by keyboard too.
    assert.equal(await page.getByRole('group', { name: 'Your answer' }).count(), 1);
    await page.getByRole('group', { name: 'Your answer' }).getByRole('button', { name: 'not sure' }).focus();
    await page.keyboard.press('Enter');
    assert.match(await c.waitReplies(3), /3 of \d+/);
    await mkdir(images, { recursive: true });
    await page.screenshot({ path: path.join(images, 'chat-page.png') });
    tp.assertClean();
  } finally {
    await tp.close();
  }
});

test('(d) a clarify offers the careers as buttons', { timeout: 60000 }, async () => {
  const tp = await newPage(browser);
  const { page } = tp;
  try {
    await page.goto(cb.origin + '/chat');
    const c = chat(page);
    await c.ready();
    await c.ask('engineer salary', 1);
    const offered = page.getByRole('group', { name: 'Suggested questions' }).getByRole('button');
    assert.ok(await offered.count() >= 2, 'careers offered as buttons');
    const name = (await offered.first().innerText()).trim();
    await offered.first().click();
    await c.mine.getByText(name, { exact: true }).waitFor();
    assert.match(await c.waitReplies(2), /\$\d/);
    tp.assertClean();
  } finally {
    await tp.close();
  }
});

test('(e) the full page over the HTTP fallback: ask, follow-up, reload', { timeout: 90000 }, async () => {
  const tp = await newPage(browser);
  const { page } = tp;
  const sockets = [];
  page.on('websocket', (ws) => sockets.push(ws.url()));
  try {
    await page.goto(cb.origin + '/chat?transport=http&title=' + encodeURIComponent('<i>Jobs</i> & more'));
    const c = chat(page);
    await c.ready();
    // Whatever comes in the address or from people is shown as text, never as markup.
    assert.equal(await page.getByRole('heading', { level: 1 }).innerText(), '<i>Jobs</i> & more');
    const markup = '<img src=x onerror="document.title=1"> <b>nurse</b> pay?';
    await c.ask(markup, 1);
    await c.mine.getByText(markup, { exact: true }).waitFor();
    assert.equal(await c.log.locator('img, b, i').count(), 0);
    assert.match(await c.ask('how much do nurses make', 2), /\$\d/);
    await waitFor(async () => /\$\d/.test(await c.live.innerText()), { message: 'announcement' });
    await page.reload();
    const c2 = chat(page);
    await c2.ready();
    await waitFor(async () => (await c2.replies.count()) === 2, { message: 'the transcript after reload' });
    await c2.mine.getByText(markup, { exact: true }).waitFor();
    const reply = await c2.ask('what about education?', 3);
    assert.match(reply, /nurs/i);
    assert.deepEqual(sockets, [], 'no WebSocket with transport=http');
    tp.assertClean();
  } finally {
    await tp.close();
  }
});

test('(e) WebSockets blocked: the page falls back to HTTP by itself', { timeout: 90000 }, async () => {
  const tp = await newPage(browser);
  const { page } = tp;
  try {
    // A proxy that accepts the upgrade and hangs up at once.
    await page.routeWebSocket(/\/chat\/socket/, (ws) => ws.close());
    await page.goto(cb.origin + '/chat');
    const c = chat(page);
    await c.waitStatus(/^Connected$/, 30000);
    assert.match(await c.ask('how much do electricians make', 1), /\$\d/);
    tp.assertClean(NETWORK_DOWN);
  } finally {
    await tp.close();
  }
});

test('(f) Escape closes and gives focus back; an answer that comes while closed shows as unread', { timeout: 90000 }, async () => {
  const tp = await newPage(browser);
  const { page } = tp;
  try {
    await page.goto(site.url('/'));
    const c = await openWidgetByMouse(page);
    await waitFor(() => inputHasFocus(c), { message: 'the input to have focus' });
    const frame = page.locator(`iframe[title="${TITLE}"]`);

    await page.keyboard.press('Escape');
    await frame.waitFor({ state: 'hidden' });
    await waitFor(() => launcherHasFocus(page), { message: 'focus back on the launcher' });
    assert.equal(await launcher(page).getAttribute('aria-expanded'), 'false');

    await page.keyboard.press('Enter');
    await frame.waitFor({ state: 'visible' });
    await waitFor(() => inputHasFocus(c), { message: 'the input to have focus again' });

    // Hold the answer back until the panel is closed.
    cb.pause();
    try {
      await page.keyboard.type('how much do plumbers make');
      await page.keyboard.press('Enter');
      await c.mine.getByText('how much do plumbers make').waitFor();
      await page.keyboard.press('Escape');
      await frame.waitFor({ state: 'hidden' });
      await waitFor(() => launcherHasFocus(page), { message: 'focus back on the launcher' });
    } finally {
      cb.resume();
    }
    await page.getByRole('button', { name: 'Open career chat, 1 unread message' }).waitFor({ timeout: 20000 });
    assert.equal((await launcher(page).innerText()).trim(), '1');

    await launcher(page).click();
    await frame.waitFor({ state: 'visible' });
    assert.match(await c.waitReplies(1), /\$\d/);
    await page.getByRole('button', { name: 'Open career chat', exact: true }).waitFor();

    // The panel's own close button.
    await panelFrame(page).getByRole('button', { name: 'Close chat' }).click();
    await frame.waitFor({ state: 'hidden' });
    await waitFor(() => launcherHasFocus(page), { message: 'focus back on the launcher' });
    tp.assertClean();
  } finally {
    await tp.close();
  }
});

test('(g) axe: the chat page, the panel page and the host page with the open widget', { timeout: 120000 }, async (t) => {
  const tp = await newPage(browser);
  const { page } = tp;
  try {
    await t.test('full page with a conversation', async () => {
      await page.goto(cb.origin + '/chat');
      const c = chat(page);
      await c.ready();
      await c.ask('how much do web developers make', 1);
      await assertNoSeriousAxe(page, '/chat');
    });
    await t.test('panel page with a light custom accent', async () => {
      await page.goto(cb.origin + '/chat?embed=1&title=Ask%20us&color=%23fde047');
      const c = chat(page);
      await c.ready();
      await c.ask('what careers would suit me?');
      await assertNoSeriousAxe(page, '/chat?embed=1');
    });
    tp.assertClean();
  } finally {
    await tp.close();
  }
  const tp2 = await newPage(browser);
  try {
    await t.test('host page with the open widget', async () => {
      await tp2.page.goto(site.url('/'));
      const c = await openWidgetByMouse(tp2.page);
      await c.ask('what do electricians do?', 1);
      await assertNoSeriousAxe(tp2.page, 'the host page with the widget');
    });
    tp2.assertClean();
  } finally {
    await tp2.close();
  }
});

test('(h) on a phone the panel is full screen', { timeout: 90000 }, async () => {
  const tp = await newPage(browser, {
    viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2,
  });
  const { page } = tp;
  try {
    await page.goto(site.url('/'));
    await launcher(page).tap();
    const c = chat(panelFrame(page));
    await c.ready();
    const box = await page.locator(`iframe[title="${TITLE}"]`).boundingBox();
    assert.deepEqual([box.x, box.y, box.width, box.height].map(Math.round), [0, 0, 390, 844]);
    assert.match(await c.ask('how much do nurses make', 1), /\$\d/);
    const inputBox = await c.input.boundingBox();
    assert.ok(inputBox.y + inputBox.height <= 844, 'the input is on screen');
    assert.ok(await c.input.evaluate((el) => parseFloat(getComputedStyle(el).fontSize) >= 16));
    await panelFrame(page).getByRole('button', { name: 'Close chat' }).tap();
    await launcher(page).waitFor({ state: 'visible' });

    // The chat page itself fills the phone's screen.
    await page.goto(cb.origin + '/chat');
    await chat(page).ready();
    const app = await page.getByRole('log').evaluate((el) => {
      const r = el.closest('.app').getBoundingClientRect();
      return [r.x, r.y, r.width, r.height].map(Math.round);
    });
    assert.deepEqual(app, [0, 0, 390, 844]);
    tp.assertClean();
  } finally {
    await tp.close();
  }
});

test('(j) handed off to a person: held note, the counselor\'s reply shown as such, announced and counted as unread', { timeout: 120000 }, async () => {
  const site2 = await startHostSite({ attrs: { title: TITLE } });
  const cb2 = await startCareerbot({
    web: { allowed_origins: [site2.origin] },
    email: { address: 'careerbot@example.edu' },
    handoff: { email: 'counselors@example.edu', counselor: 'Sam from the careers office' },
  });
  site2.careerbot = cb2.origin;
  const tp = await newPage(browser);
  const { page } = tp;
  try {
    await page.goto(site2.url('/'));
    const c = await openWidgetByMouse(page);
    assert.match(await c.ask('can I talk to a person?', 1), /Sam/);
    await c.input.fill('I would like advice about nursing school');
    await c.input.press('Enter');
    const held = c.mine.filter({ hasText: 'I would like advice about nursing school' });
    await held.getByText('A person from the careers team will reply here.').waitFor();
    await panelFrame(page).locator('#typing').waitFor({ state: 'hidden' });
    assert.equal(await c.replies.count(), 1, 'no bot answer to a held question');

    await page.keyboard.press('Escape');
    await waitFor(() => launcherHasFocus(page), { message: 'focus back on the launcher' });

    const admin = { authorization: `Bearer ${cb2.tokens.write}`, 'content-type': 'application/json' };
    const list = await (await fetch(`${cb2.origin}/admin/v1/handoffs?state=open`, { headers: admin })).json();
    assert.equal(list.handoffs.length, 1);
    const r = await fetch(`${cb2.origin}/admin/v1/handoffs/${list.handoffs[0].id}/reply`, {
      method: 'POST', headers: admin, body: JSON.stringify({ text: 'Hello, this is Sam. Which school are you looking at?' }),
    });
    assert.equal(r.status, 200);

    await page.getByRole('button', { name: 'Open career chat, 1 unread message' }).waitFor({ timeout: 20000 });
    await launcher(page).click();
    const counselor = c.log.locator('.msg.counselor');
    await counselor.waitFor();
    assert.match(await counselor.innerText(), /^Counselor\s+Hello, this is Sam/);
    assert.match(await c.live.innerText(), /Counselor: Hello, this is Sam/);
    tp.assertClean();
  } finally {
    await tp.close();
    await cb2.close();
    await site2.close();
  }
});

test('(k) too many questions at once are answered later, each once; a message too long is refused visibly', { timeout: 90000 }, async () => {
  const cb3 = await startCareerbot({ web: { questions_per_minute: 60, question_burst: 1 } });
  const tp = await newPage(browser);
  const { page } = tp;
  try {
    await page.goto(cb3.origin + '/chat');
    const c = chat(page);
    await c.ready();
    for (const q of ['how much do nurses make', 'what about education?', 'what is the job outlook?']) {
      await c.input.fill(q);
      await c.input.press('Enter');
    }
    await c.waitReplies(3, 30000);
    await new Promise((r) => setTimeout(r, 1500));
    assert.equal(await c.replies.count(), 3);
    assert.equal(await c.mine.count(), 3);

    await c.input.fill('€'.repeat(1500)); // 4,500 bytes
    await c.input.press('Enter');
    await c.mine.last().getByText(/at most \d+ bytes|too long/i).waitFor();
    await page.locator('#typing').waitFor({ state: 'hidden' });
    tp.assertClean();
  } finally {
    await tp.close();
  }
  // The same over the HTTP fallback (429 with Retry-After).
  const tp2 = await newPage(browser);
  try {
    await tp2.page.goto(cb3.origin + '/chat?transport=http');
    const c = chat(tp2.page);
    await c.ready();
    for (const q of ['how much do electricians make', 'what about education?', 'what is the job outlook?']) {
      await c.input.fill(q);
      await c.input.press('Enter');
    }
    await c.waitReplies(3, 40000);
    await new Promise((r) => setTimeout(r, 3500));
    assert.equal(await c.replies.count(), 3);
    assert.equal(await c.mine.count(), 3);
    // The refused attempts show up as 429s in the console; nothing else may.
    tp2.assertClean([/status of 429/]);
  } finally {
    await tp2.close();
    await cb3.close();
  }
});
