// careerbot web chat: the page at /chat and the widget's panel (/chat?embed=1).
// Protocol in docs/WEB.md. Everything the server or the person wrote is put
// on the page as text (textContent), never parsed as HTML.
'use strict';
(() => {
  const $ = (id) => document.getElementById(id);
  const log = $('log'), live = $('live'), input = $('input'), statusLine = $('status'),
    typing = $('typing'), closeBtn = $('close'), root = document.documentElement;
  const q = new URLSearchParams(location.search);
  const embed = q.get('embed') === '1';
  const framed = window.parent !== window;
  const clip = (s, n) => (s || '').trim().slice(0, n);
  const title = clip(q.get('title'), 80) || 'Career questions';
  const greeting = clip(q.get('greeting'), 500) ||
    'Hi! Ask me about any career: pay, education, job outlook, what the work is like and how to get started. Not sure what suits you? Say "take the career quiz".';
  const HELD = 'A person from the careers team will reply here.';

  // localStorage may be blocked (privacy settings): then this page only.
  const store = (k, v) => {
    try {
      if (v === undefined) return localStorage.getItem('careerbot.' + k);
      if (v === null) localStorage.removeItem('careerbot.' + k);
      else localStorage.setItem('careerbot.' + k, v);
    } catch (e) { /* not kept */ }
    return null;
  };

  // A custom accent (#rrggbb only), applied through CSSOM; text on it is
  // black or white, whichever reads better, and links/borders on white use
  // a darker shade when the accent itself is too light.
  const hex = q.get('color') || '';
  if (/^#[0-9a-f]{6}$/i.test(hex)) {
    const c = [1, 3, 5].map((i) => parseInt(hex.substr(i, 2), 16));
    const lum = (rgb) => rgb.reduce((s, v, i) => {
      v /= 255;
      return s + [0.2126, 0.7152, 0.0722][i] * (v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4);
    }, 0);
    const ratio = (a, b) => {
      const x = lum(a), y = lum(b);
      return (Math.max(x, y) + 0.05) / (Math.min(x, y) + 0.05);
    };
    const W = [255, 255, 255];
    let ink = c;
    while (ratio(ink, W) < 4.6) ink = ink.map((v) => Math.floor(v * 0.9));
    const rgb = (x) => `rgb(${x.join(',')})`;
    root.style.setProperty('--accent', rgb(c));
    root.style.setProperty('--on-accent', ratio(c, W) >= ratio(c, [0, 0, 0]) ? '#fff' : '#000');
    root.style.setProperty('--accent-ink', rgb(ink));
  }
  $('title').textContent = title;
  document.title = title;
  if (embed) root.classList.add('embed');

  let session = store('session') || '';
  let last = 0; // the highest message id on the page
  const seen = new Set();
  let history = -1; // ids up to this came with the page load: not announced
  let greeted = false;
  let online = false;
  let mode = q.get('transport') === 'http' || !window.WebSocket ? 'http' : 'ws';
  const pending = []; // asks without an answer yet: {cid, text, el, uid}

  const h = (tag, cls, text) => {
    const e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text != null) e.textContent = text;
    return e;
  };
  const rid = () => 'c-' + Array.from(crypto.getRandomValues(new Uint8Array(12)),
    (b) => b.toString(16).padStart(2, '0')).join('');
  const savePending = () => store('pending', pending.length
    ? JSON.stringify(pending.map((p) => ({ cid: p.cid, text: p.text }))) : null);
  const nearEnd = () => log.scrollHeight - log.scrollTop - log.clientHeight < 150;
  const toEnd = () => { log.scrollTop = log.scrollHeight; };
  const clearChips = () => log.querySelectorAll('.chips').forEach((e) => e.remove());

  // ---- the parent page (widget), strictly by origin -----------------------
  let parentOrigin = '';
  const outbox = [];
  const toParent = (m) => {
    if (!embed || !framed) return;
    if (parentOrigin) window.parent.postMessage(m, parentOrigin);
    else if (outbox.length < 50) outbox.push(m);
  };
  addEventListener('message', (e) => {
    const d = e.data;
    if (!embed || e.source !== window.parent || !d || typeof d.type !== 'string') return;
    if (!parentOrigin) {
      // The first message fixes who the parent is: only pages allowed by
      // frame-ancestors can frame this one; cross-checked where the browser says.
      const anc = location.ancestorOrigins;
      if (d.type !== 'careerbot:hello' || (anc && anc.length && anc[0] !== e.origin)) return;
      parentOrigin = e.origin;
      outbox.splice(0).forEach(toParent);
    }
    if (e.origin !== parentOrigin) return;
    if (d.type === 'careerbot:focus') input.focus();
  });
  if (embed && framed) {
    closeBtn.hidden = false;
    closeBtn.addEventListener('click', () => toParent({ type: 'careerbot:close' }));
    addEventListener('keydown', (e) => {
      if (e.key === 'Escape') toParent({ type: 'careerbot:close' });
    });
  }

  // ---- the transcript ------------------------------------------------------
  function render(m) {
    const role = m.role === 'user' ? 'user' : m.role === 'counselor' ? 'counselor' : 'bot';
    const el = h('div', 'msg ' + role);
    el.append(role === 'counselor' ? h('span', 'who', 'Counselor')
      : h('span', 'vh', role === 'user' ? 'You:' : 'Assistant:'));
    el.append(h('p', 'text', String(m.text == null ? '' : m.text)));
    if (m.held) el.append(h('p', 'note', HELD));
    if (role === 'bot' && m.reply && typeof m.reply === 'object') extras(el, m.reply);
    return el;
  }

  const list = (x) => (Array.isArray(x) ? x : []);
  function extras(el, r) {
    // Links only for http(s) URLs given as the sources of facts.
    const links = new Map();
    const facts = list(r.facts).concat(...list(r.answers).map((a) => list(a && a.facts)));
    for (const f of facts) {
      if (!f || typeof f !== 'object') continue;
      const s = f.source;
      const name = s && typeof s === 'object' && (s.title || s.name);
      for (const u of [typeof s === 'string' ? s : s && s.url, f.url, f.source_url]) {
        let url;
        try { url = new URL(u); } catch (e) { continue; }
        if (/^https?:$/.test(url.protocol) && !links.has(url.href)) {
          links.set(url.href, 'Source: ' + (typeof name === 'string' ? name : url.hostname));
        }
      }
    }
    if (links.size) {
      const ul = h('ul', 'sources');
      ul.setAttribute('aria-label', 'Sources');
      for (const [href, text] of links) {
        const a = h('a', '', text);
        a.href = href;
        a.rel = 'noopener noreferrer';
        a.target = '_blank';
        const li = h('li');
        li.append(a);
        ul.append(li);
      }
      el.append(ul);
    }
    // Matching careers not already named in the text.
    const ol = h('ol', 'matches');
    ol.setAttribute('aria-label', 'Matching careers');
    for (const m of list(r.matches).slice(0, 10)) {
      const t = m && m.career && m.career.title;
      if (typeof t === 'string' && !String(r.text).includes(t)) {
        ol.append(h('li', '', typeof m.match === 'number' ? `${t}: ${Math.round(m.match)}% match` : t));
      }
    }
    if (ol.firstChild) el.append(ol);
    // Quick replies: the quiz's choices, the careers offered, suggestions.
    const opts = [];
    const add = (t) => {
      if (typeof t === 'string' && (t = t.trim()) && !opts.includes(t) && opts.length < 8) opts.push(t);
    };
    const quiz = r.assessment && Array.isArray(r.assessment.choices);
    if (quiz) r.assessment.choices.forEach(add);
    list(r.candidates).forEach((c) => add(c && c.title));
    list(r.suggestions).forEach(add);
    if (opts.length) {
      const g = h('div', 'chips');
      g.setAttribute('role', 'group');
      g.setAttribute('aria-label', quiz ? 'Your answer' : 'Suggested questions');
      for (const t of opts) {
        const b = h('button', '', t);
        b.type = 'button';
        b.addEventListener('click', () => { input.focus(); send(t); });
        g.append(b);
      }
      el.append(g);
    }
  }

  // Messages with an id go in id order, before the ones still being sent.
  // A long reply is shown from its start, a short one with what follows.
  function place(el) {
    const stick = nearEnd();
    log.insertBefore(el, log.querySelector('.pending'));
    if (!stick) return;
    const prev = el.previousElementSibling;
    const from = prev && el.offsetTop - prev.offsetTop < log.clientHeight / 3 ? prev : el;
    log.scrollTop = el.offsetHeight > log.clientHeight - 24 ? from.offsetTop - 8 : log.scrollHeight;
  }

  function announce(m) {
    live.append(h('p', '', (m.role === 'counselor' ? 'Counselor: ' : 'Assistant: ') + m.text));
    while (live.childElementCount > 3) live.firstChild.remove();
  }

  function busy() {
    const stick = nearEnd();
    typing.hidden = !(online && pending.length);
    if (stick) toEnd();
  }

  function done(p) {
    const i = pending.indexOf(p);
    if (i >= 0) pending.splice(i, 1);
    p.el.classList.remove('pending');
    savePending();
    busy();
  }

  // The log is aria-busy while the history (or a catch-up) is coming in.
  let catchUp = 0, busyTimer = 0;
  function loading(upTo) {
    catchUp = upTo;
    clearTimeout(busyTimer);
    log.setAttribute('aria-busy', String(upTo > last));
    if (upTo > last) busyTimer = setTimeout(() => loading(0), 5000);
  }

  function addMessage(m) {
    if (!m || typeof m !== 'object' || !Number.isFinite(m.id) || seen.has(m.id)) return;
    seen.add(m.id);
    if (m.id > last) last = m.id;
    if (catchUp && last >= catchUp) loading(0);
    let el;
    if (m.role === 'user') {
      clearChips();
      const p = m.client_id && pending.find((x) => x.cid === m.client_id);
      if (p) {
        p.uid = m.id;
        el = p.el;
        el.classList.remove('pending');
        if (m.held) {
          el.append(h('p', 'note', HELD));
          done(p);
        }
      } else {
        el = render(m);
      }
    } else {
      el = render(m);
      if (m.role === 'bot') {
        const p = (m.client_id && pending.find((x) => x.cid === m.client_id)) ||
          pending.find((x) => x.uid && x.uid < m.id);
        if (p) done(p);
      }
      if (m.id > history) {
        announce(m);
        toParent({ type: 'careerbot:message', role: m.role });
      }
    }
    el.dataset.id = m.id;
    place(el);
    busy();
  }

  function greet() {
    if (greeted) return;
    greeted = true;
    const el = render({ role: 'bot', text: greeting });
    el.classList.add('greeting');
    log.prepend(el);
  }

  // The server lost this session (expired): start over, keeping unsent asks.
  function restartLog() {
    for (const e of Array.from(log.children)) if (!e.classList.contains('pending')) e.remove();
    for (const p of pending) p.uid = 0;
    seen.clear();
    last = 0;
  }

  function addPending(text, cid) {
    clearChips();
    const el = render({ role: 'user', text });
    el.classList.add('pending');
    const p = { cid, text, el, uid: 0 };
    pending.push(p);
    log.append(el);
    toEnd();
    busy();
    return p;
  }

  function send(text) {
    const p = addPending(text, rid());
    savePending();
    transmit(p);
  }

  function refuse(p, why) {
    if (!p) return;
    p.el.append(h('p', 'note', why || 'This message could not be sent.'));
    done(p);
  }

  function setOnline(on, text) {
    online = on;
    root.classList.toggle('online', on);
    root.classList.toggle('offline', !on);
    statusLine.textContent = text;
    busy();
  }

  // ---- connection: WebSocket, with an HTTP fallback ----------------------
  const wsUrl = (location.protocol === 'https:' ? 'wss://' : 'ws://') + location.host + '/chat/socket';
  let ws = null, ready = false, welcomed = false, failures = 0, attempt = 0, timer = 0, pollTimer = 0;

  function connect() {
    clearInterval(timer);
    if (!online) statusLine.textContent = 'Connecting…';
    if (mode === 'http') return poll();
    let sock, good = false;
    try { sock = new WebSocket(wsUrl); } catch (e) { return retry(); }
    ws = sock;
    sock.onopen = () => sock.send(JSON.stringify({ type: 'hello', session, after: last }));
    sock.onmessage = (e) => {
      let f;
      try { f = JSON.parse(e.data); } catch (x) { return; }
      if (!f || typeof f !== 'object') return;
      if (f.type === 'welcome') {
        good = welcomed = true;
        failures = attempt = 0;
        welcome(f);
      } else if (f.type === 'message') {
        addMessage(f.message);
      } else if (f.type === 'error') {
        wsError(f);
      }
    };
    sock.onclose = () => {
      if (ws !== sock) return;
      ws = null;
      ready = false;
      // Never got through (a proxy that blocks WebSockets): use plain HTTP.
      if (!good && !welcomed && ++failures >= 3) {
        mode = 'http';
        return connect();
      }
      retry();
    };
  }

  function retry() {
    clearInterval(timer);
    const base = Math.min(15, 2 ** attempt++);
    let n = base + Math.floor(Math.random() * (base / 2 + 0.5));
    const show = () => setOnline(false, `Reconnecting in ${n}s…`);
    show();
    timer = setInterval(() => (--n > 0 ? show() : connect()), 1000);
  }

  function welcome(f) {
    if (typeof f.session === 'string' && f.session && f.session !== session) {
      if (seen.size) restartLog();
      session = f.session;
      store('session', session);
    }
    ready = true;
    loading(Number(f.last) || 0);
    if (history < 0) {
      history = Number(f.last) || 0;
      if (!history) greet();
    }
    setOnline(true, 'Connected');
    for (const p of pending) transmit(p);
  }

  // Error frames do not say which ask they refuse: after a 429 every ask
  // not yet taken is sent again (the server dedupes by client_id); any other
  // refusal is about the last one sent.
  let resend = 0;
  function wsError(f) {
    if (f.status === 429) {
      clearTimeout(resend);
      resend = setTimeout(() => pending.forEach((p) => !p.uid && transmit(p)),
        1000 * Math.max(1, Number(f.retry_after) || 5));
    } else {
      refuse(pending.find((x) => f.client_id && x.cid === f.client_id) ||
        pending.filter((x) => !x.uid).pop(), f.detail || f.title);
    }
  }

  function transmit(p) {
    if (mode === 'http') pump();
    else if (ws && ready) ws.send(JSON.stringify({ type: 'ask', text: p.text, client_id: p.cid }));
    else if (!ws) connect();
  }

  async function call(method, path, body) {
    const init = { method, cache: 'no-store' };
    if (body) {
      init.headers = { 'Content-Type': 'application/json' };
      init.body = JSON.stringify(body);
    }
    const r = await fetch(path, init);
    let j = null;
    try { j = await r.json(); } catch (e) { /* not JSON */ }
    return [r.status, j, r];
  }

  async function sync() {
    for (let i = 0; i < 2; i++) {
      if (!session) {
        const [, j] = await call('POST', '/chat/v1/sessions');
        if (!j || typeof j.session !== 'string') throw new Error('no session');
        session = j.session;
        store('session', session);
      }
      const [s, j] = await call('GET', `/chat/v1/sessions/${encodeURIComponent(session)}/messages?after=${last}`);
      if (s === 404) {
        if (seen.size) restartLog();
        session = '';
        continue;
      }
      if (s !== 200 || !j || !Array.isArray(j.messages)) throw new Error('sync ' + s);
      if (history < 0) {
        history = j.messages.reduce((a, m) => Math.max(a, Number(m && m.id) || 0), 0);
        if (!history) greet();
      }
      j.messages.forEach(addMessage);
      loading(0);
      return;
    }
    throw new Error('no session');
  }

  let syncing = false;
  async function poll() {
    clearTimeout(pollTimer);
    if (syncing) return;
    syncing = true;
    try {
      await sync();
      attempt = 0;
      setOnline(true, 'Connected');
      pump();
      pollTimer = setTimeout(poll, 3000);
    } catch (e) {
      retry();
    }
    syncing = false;
  }

  // Over HTTP the asks go one at a time, in order (follow-ups depend on it).
  let asking = false;
  async function pump() {
    const p = pending[0];
    if (asking || !p || !session || !online || p.wait > Date.now()) return;
    asking = true;
    try {
      const [s, j, r] = await call('POST', '/v1/ask', { text: p.text, session, client_id: p.cid });
      if (j && Array.isArray(j.messages)) j.messages.forEach(addMessage);
      if (s === 429) p.wait = Date.now() + 1000 * Math.max(1, Number(r.headers.get('Retry-After')) || 5);
      else if (s === 404) session = '';
      else if (s === 400 || s === 413) refuse(p, j && (j.detail || j.title));
      else if (s < 300 && pending.includes(p)) {
        done(p); // answered, but the messages did not come along: fetch them
        setTimeout(poll, 0);
      }
    } catch (e) { /* offline: the next poll sends it again */ }
    asking = false;
    if (pending[0] !== p) pump();
  }

  // Back online, or back to this tab: try now rather than at the countdown's end.
  const now = () => { if (!online && !ws && !document.hidden) connect(); };
  addEventListener('online', now);
  document.addEventListener('visibilitychange', now);
  document.getElementById('form').addEventListener('submit', (e) => {
    e.preventDefault();
    const t = input.value.trim();
    if (!t) return;
    input.value = '';
    send(t);
  });

  try {
    for (const p of JSON.parse(store('pending') || '[]')) {
      if (p && typeof p.cid === 'string' && typeof p.text === 'string') addPending(p.text, p.cid);
    }
  } catch (e) { /* nothing kept */ }
  setOnline(false, 'Connecting…');
  connect();
  if (!embed && matchMedia('(pointer: fine)').matches) input.focus();
})();
