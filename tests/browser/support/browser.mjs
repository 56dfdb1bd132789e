// Test support: Debian's Chromium driven by playwright-core.
//
//   import { launchBrowser, newPage, waitFor } from './support/browser.mjs';
//   const browser = await launchBrowser();          // once per file
//   const t = await newPage(browser, { viewport: { width: 1280, height: 800 } });
//   t.page, t.context                               // a fresh context per test
//   t.problems                                      // console errors, page errors,
//                                                   // CSP violations (every frame)
//   t.assertClean([/allowed pattern/])              // throws listing the others
//   await t.close()
//   await waitFor(async () => condition, { timeout, message })
//
// Chromium: $CHROMIUM or /usr/bin/chromium, always with --no-sandbox.

import assert from 'node:assert/strict';
import { chromium } from 'playwright-core';

export function launchBrowser() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--no-sandbox'],
  });
}

export async function newPage(browser, contextOptions = {}) {
  const context = await browser.newContext(contextOptions);
  // CSP violations are reported to the page; make them console errors too,
  // in every frame (the widget's panel is a cross-origin iframe).
  await context.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      console.error(`Content Security Policy violation: ${e.violatedDirective} blocked ` +
        `${e.blockedURI || 'inline'} (${e.sourceFile}:${e.lineNumber})`);
    });
  });
  const page = await context.newPage();
  const problems = [];
  const watch = (p) => {
    p.on('console', (msg) => {
      if (msg.type() === 'error' || /Content Security Policy/i.test(msg.text())) {
        problems.push(`console.${msg.type()}: ${msg.text()} [${msg.location().url}]`);
      }
    });
    p.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
    p.on('crash', () => problems.push('page crashed'));
  };
  watch(page);
  context.on('page', watch);
  return {
    context,
    page,
    problems,
    assertClean(allowed = []) {
      const left = problems.filter((p) => !allowed.some((re) => re.test(p)));
      assert.deepEqual(left, [], `console errors or CSP violations:\n${left.join('\n')}`);
    },
    close: () => context.close(),
  };
}

export async function waitFor(fn, { timeout = 15000, interval = 100, message = 'condition' } = {}) {
  const end = Date.now() + timeout;
  let lastError;
  for (;;) {
    try {
      const v = await fn();
      if (v) return v;
    } catch (e) {
      lastError = e;
    }
    if (Date.now() > end) {
      throw new Error(`timed out after ${timeout} ms waiting for ${message}` +
        (lastError ? `: ${lastError.message}` : ''));
    }
    await new Promise((r) => setTimeout(r, interval));
  }
}
