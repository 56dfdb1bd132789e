// Test support: a real careerbot server per test (or per file), and a tiny
// "host site" on another origin that embeds the chat widget.
//
//   import { startCareerbot, startHostSite } from './support/careerbot.mjs';
//
//   const cb = await startCareerbot({ web: { allowed_origins: [site.origin] } });
//   cb.origin        'http://127.0.0.1:PORT'
//   cb.port          the bound HTTP port (kept across restart())
//   cb.dataDir       a fresh temporary data directory (kept across restart())
//   cb.configFile    the JSON configuration written for it
//   cb.config        that configuration as an object
//   cb.tokens        { write, read }: admin API bearer tokens
//                    (write has scopes read,write; read has read only)
//   await cb.stop()      SIGTERM, wait for the exit (SIGKILL after 15 s)
//   await cb.restart()   start again on the same port and data directory
//   cb.running       true between a start and stop()
//   cb.pause() / cb.resume()   SIGSTOP / SIGCONT (hold answers back)
//   cb.logs()        everything the server printed so far (for failures)
//   await cb.close()     stop and delete the data directory
//
// The first argument is merged (deeply; arrays replace) over the defaults:
// http.port 0, http.host 127.0.0.1, data_dir, email.smtp.port 0, quiet-ish
// logs, both admin tokens, web.questions_per_minute 0 (no limit), and
// web.assets_dir when $CAREERBOT_WEB_ASSETS is set: that directory, or with
// any other value (e.g. 1) this checkout's handlers/web/assets, so the pages
// are served from disk and edits need no rebuild.
// Binary: $CAREERBOT_BIN, default ../../build/release/bot/app/careerbot
// relative to tests/browser.
//
//   const site = await startHostSite({ careerbot: cb.origin, attrs: {...} });
//   site.origin, site.url('/'), site.careerbot (settable), await site.close()
// Serves '/' (a page that embeds the widget with one script tag, no inline
// script or style) and '/site.css', under a strict CSP that allows scripts and
// frames only from itself and careerbot. `attrs` become data-* attributes of
// the script tag (title, color, position, greeting).

import { spawn, execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { once } from 'node:events';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const here = path.dirname(fileURLToPath(import.meta.url));
export const careerbotBin = process.env.CAREERBOT_BIN
  ? path.resolve(process.env.CAREERBOT_BIN)
  : path.resolve(here, '../../../build/release/bot/app/careerbot');

const run = promisify(execFile);

function merge(base, over) {
  const out = { ...base };
  for (const [k, v] of Object.entries(over || {})) {
    out[k] = v && typeof v === 'object' && !Array.isArray(v) && base[k] && typeof base[k] === 'object'
      ? merge(base[k], v) : v;
  }
  return out;
}

// `careerbot admin token` prints the token and the configuration entry.
async function makeToken(name, scopes) {
  const { stdout } = await run(careerbotBin, ['admin', 'token', '--name', name, '--scopes', scopes]);
  const token = stdout.match(/\b(cbt_[0-9a-zA-Z]+)/)?.[1];
  const line = stdout.split('\n').map((l) => l.trim()).filter((l) => l.startsWith('{')).pop();
  if (!token || !line) throw new Error(`unexpected output of careerbot admin token:\n${stdout}`);
  return { token, entry: JSON.parse(line) };
}

export async function startCareerbot(overrides = {}) {
  const [writer, reader] = await Promise.all([
    makeToken('browser-writer', 'read,write'),
    makeToken('browser-reader', 'read'),
  ]);
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'careerbot-browser-'));
  const defaults = {
    http: { host: '127.0.0.1', port: 0, shutdown_grace_ms: 2000 },
    data_dir: dataDir,
    log: { level: 'info' },
    admin: { tokens: [writer.entry, reader.entry] },
    email: { smtp: { host: '127.0.0.1', port: 0 } },
    web: { allowed_origins: [], questions_per_minute: 0 },
    // The tests open many sessions from one address, faster than people would.
    limits: { enabled: false },
  };
  const assets = process.env.CAREERBOT_WEB_ASSETS;
  if (assets) {
    // A directory, or any other value (e.g. 1) for this checkout's handlers/web/assets.
    defaults.web.assets_dir = existsSync(path.join(assets, 'chat'))
      ? path.resolve(assets) : path.resolve(here, '../../../handlers/web/assets');
  }
  const config = merge(defaults, overrides);
  const configFile = path.join(dataDir, 'careerbot-test.json');
  await writeFile(configFile, JSON.stringify(config, null, 2));

  let child = null;
  let port = 0;
  const output = [];

  async function start() {
    const args = ['serve', '--config', configFile];
    if (port) args.push('--port', String(port));
    const proc = spawn(careerbotBin, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    child = proc;
    const exited = new Promise((resolve) => proc.on('exit', (code, signal) => {
      if (child === proc) child = null; // died on its own
      resolve([code, signal]);
    }));
    const listening = new Promise((resolve, reject) => {
      proc.on('error', reject);
      for (const stream of [proc.stdout, proc.stderr]) {
        readline.createInterface({ input: stream }).on('line', (line) => {
          output.push(line);
          if (!line.includes('http_listening')) return;
          try {
            const j = JSON.parse(line);
            if (j.event === 'http_listening') resolve(j.port);
          } catch { /* not JSON */ }
        });
      }
      exited.then(([code, signal]) => reject(new Error(
        `careerbot exited (${code ?? signal}) before listening:\n${output.slice(-30).join('\n')}`)));
      setTimeout(() => reject(new Error(`careerbot did not listen within 60 s:\n${output.slice(-30).join('\n')}`)), 60000).unref();
    });
    try {
      port = await listening;
    } catch (e) {
      proc.kill('SIGKILL');
      child = null;
      throw e;
    }
  }

  async function stop() {
    const proc = child;
    child = null;
    if (!proc || proc.exitCode !== null || proc.signalCode !== null) return;
    const exited = once(proc, 'exit');
    proc.kill('SIGCONT');
    proc.kill('SIGTERM');
    const t = setTimeout(() => proc.kill('SIGKILL'), 15000);
    await exited;
    clearTimeout(t);
  }

  try {
    await start();
  } catch (e) {
    await rm(dataDir, { recursive: true, force: true });
    throw e;
  }
  return {
    get origin() { return `http://127.0.0.1:${port}`; },
    get port() { return port; },
    get running() { return Boolean(child); },
    dataDir,
    configFile,
    config,
    tokens: { write: writer.token, read: reader.token },
    logs: () => output.join('\n'),
    stop,
    async restart() {
      await stop();
      await start();
    },
    pause() { child?.kill('SIGSTOP'); },
    resume() { child?.kill('SIGCONT'); },
    async close() {
      await stop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

const esc = (s) => String(s).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

const SITE_CSS = `
body { margin: 0; font: 17px/1.6 Georgia, serif; color: #1f2937; background: #fafaf9; }
header { background: #14532d; color: #fff; padding: 1rem 2rem; }
header a { color: #fff; }
main { max-width: 42rem; padding: 1rem 2rem 8rem; }
h1 { font-size: 1.6rem; margin: 0; }
`;

export async function startHostSite({ careerbot = '', attrs = {} } = {}) {
  const site = { careerbot, attrs };
  const server = http.createServer((req, res) => {
    const url = new URL(req.url, 'http://x');
    if (url.pathname === '/favicon.ico') {
      res.writeHead(204);
      return res.end();
    }
    if (url.pathname === '/site.css') {
      res.writeHead(200, { 'Content-Type': 'text/css; charset=utf-8' });
      return res.end(SITE_CSS);
    }
    if (url.pathname !== '/') {
      res.writeHead(404, { 'Content-Type': 'text/plain' });
      return res.end('not found');
    }
    const cb = site.careerbot;
    const data = Object.entries(site.attrs)
      .map(([k, v]) => ` data-${esc(k)}="${esc(v)}"`).join('');
    res.writeHead(200, {
      'Content-Type': 'text/html; charset=utf-8',
      'Content-Security-Policy': `default-src 'self'; script-src 'self' ${cb}; frame-src ${cb}; style-src 'self'; connect-src 'self'`,
      'Cache-Control': 'no-store',
    });
    res.end(`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Northfield College: Careers office</title>
<link rel="stylesheet" href="/site.css">
<script src="${esc(cb)}/chat/widget.js"${data} defer></script>
</head>
<body>
<header><h1>Northfield College Careers Office</h1><p><a href="/">Home</a></p></header>
<main>
<h2>Plan your next step</h2>
<p>Book an appointment with a careers adviser, browse internships, or ask our
career assistant about pay, education and job outlook for any career.</p>
<p>The assistant answers at any hour; a counselor reads the questions it cannot answer.</p>
</main>
</body>
</html>`);
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address();
  site.port = port;
  site.origin = `http://127.0.0.1:${port}`;
  site.url = (p = '/') => site.origin + p;
  site.close = () => new Promise((resolve) => {
    server.closeAllConnections();
    server.close(() => resolve());
  });
  return site;
}
