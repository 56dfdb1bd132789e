// careerbot chat widget: a launcher in a shadow root; the panel (/chat?embed=1)
// loads on first open. Embedding and options: docs/WEB.md.
(() => {
  'use strict';
  const me = document.currentScript;
  if (!me || window.careerbotWidget) return;
  window.careerbotWidget = true;
  const origin = new URL(me.src).origin;
  const d = me.dataset;
  const title = (d.title || '').trim() || 'Career questions';
  const color = /^#[0-9a-f]{6}$/i.test(d.color || '') ? d.color : '';
  const mk = (tag, cls, parent) => {
    const e = document.createElement(tag);
    e.className = cls;
    parent.append(e);
    return e;
  };

  const host = document.createElement('div');
  const shadow = host.attachShadow({ mode: 'open' });
  const sheet = new CSSStyleSheet();
  sheet.replaceSync(`
:host{all:initial;--a:#1d4ed8;--f:#fff}
.w{position:fixed;z-index:2147483000;bottom:20px;right:20px;font:16px/1 system-ui,sans-serif}
.left{right:auto;left:20px}
.l{position:relative;width:60px;height:60px;border-radius:50%;border:2px solid var(--f);background:var(--a);color:var(--f);cursor:pointer;box-shadow:0 4px 14px rgba(0,0,0,.3);display:grid;place-items:center}
.l:focus-visible{outline:3px solid #111;outline-offset:3px;box-shadow:0 0 0 8px #fff}
.l svg{width:28px;height:28px;fill:currentColor}
.b{position:absolute;top:-6px;right:-6px;min-width:22px;height:22px;padding:0 5px;border-radius:11px;background:#b91c1c;color:#fff;font-size:13px;font-weight:700;line-height:22px;text-align:center;box-sizing:border-box}
.p{position:absolute;bottom:76px;right:0;width:min(400px,calc(100vw - 40px));height:min(640px,calc(100vh - 116px));border-radius:14px;overflow:hidden;background:#fff;box-shadow:0 10px 40px rgba(0,0,0,.35)}
.left .p{right:auto;left:0}
iframe{display:block;width:100%;height:100%;border:0}
[hidden]{display:none!important}
@media (max-width:600px){.open .p{position:fixed;inset:0;width:100%;height:100%;border-radius:0}.open .l{display:none}}`);
  shadow.adoptedStyleSheets = [sheet];
  if (color) {
    const [r, g, b] = [1, 3, 5].map((i) => parseInt(color.substr(i, 2), 16));
    host.style.setProperty('--a', color);
    host.style.setProperty('--f', r * 0.299 + g * 0.587 + b * 0.114 > 150 ? '#000' : '#fff');
  }

  const box = mk('div', d.position === 'left' ? 'w left' : 'w', shadow);
  const btn = mk('button', 'l', box);
  const panel = mk('div', 'p', box);
  panel.id = 'careerbot-panel';
  panel.hidden = true;
  btn.type = 'button';
  btn.setAttribute('aria-controls', panel.id);
  const svg = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
  svg.setAttribute('viewBox', '0 0 24 24');
  svg.setAttribute('aria-hidden', 'true');
  const path = document.createElementNS(svg.namespaceURI, 'path');
  path.setAttribute('d', 'M4 3h16a2 2 0 0 1 2 2v11a2 2 0 0 1-2 2H9l-5 4v-4a2 2 0 0 1-2-2V5a2 2 0 0 1 2-2zm3 6v2h2V9zm4 0v2h2V9zm4 0v2h2V9z');
  svg.append(path);
  btn.append(svg);
  const badge = mk('span', 'b', btn);
  badge.setAttribute('aria-hidden', 'true');

  let frame = null, ready = false, isOpen = false, unread = 0;
  const post = (m) => ready && frame.contentWindow.postMessage(m, origin);
  const show = () => {
    btn.setAttribute('aria-expanded', String(isOpen));
    btn.setAttribute('aria-label', 'Open career chat' +
      (unread ? `, ${unread} unread message${unread > 1 ? 's' : ''}` : ''));
    badge.textContent = unread;
    badge.hidden = !unread;
    panel.hidden = !isOpen;
    box.classList.toggle('open', isOpen);
  };
  const focusPanel = () => {
    frame.focus();
    post({ type: 'careerbot:focus' });
  };
  const open = () => {
    if (!frame) {
      const qs = new URLSearchParams({ embed: '1', title });
      if (color) qs.set('color', color);
      if (d.greeting) qs.set('greeting', d.greeting);
      frame = mk('iframe', '', panel);
      frame.title = title;
      frame.src = origin + '/chat?' + qs;
      frame.addEventListener('load', () => {
        ready = true;
        post({ type: 'careerbot:hello' });
        if (isOpen) focusPanel();
      });
    }
    isOpen = true;
    unread = 0;
    show();
    if (ready) focusPanel();
  };
  const close = () => {
    isOpen = false;
    show();
    btn.focus();
  };
  btn.addEventListener('click', () => (isOpen ? close() : open()));
  host.addEventListener('keydown', (e) => {
    if (e.key === 'Escape' && isOpen) close();
  });
  addEventListener('message', (e) => {
    if (e.origin !== origin || !frame || e.source !== frame.contentWindow) return;
    const t = e.data && e.data.type;
    if (t === 'careerbot:close') close();
    else if (t === 'careerbot:message' && !isOpen) {
      unread++;
      show();
    }
  });
  show();
  if (document.body) document.body.append(host);
  else addEventListener('DOMContentLoaded', () => document.body.append(host));
})();
