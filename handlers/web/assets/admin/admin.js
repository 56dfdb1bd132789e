// careerbot admin console: sign-in, navigation and the views.

import {h, clear, announce, focus} from './dom.js';
import {request, token, saveToken, forgetToken, setUnauthorizedHandler, ApiError} from './api.js';
import {careersList, careerEditor, careerHistory} from './careers.js';
import {unansweredView} from './unanswered.js';
import {deliveryView, auditView, handoffsView, transferView} from './ops.js';
import {testPane} from './testpane.js';

const SECTIONS = [
  {route: 'careers', label: 'Careers'},
  {route: 'unanswered', label: 'Unanswered'},
  {route: 'handoffs', label: 'Handoffs'},
  {route: 'delivery', label: 'Delivery'},
  {route: 'audit', label: 'Audit log'},
  {route: 'transfer', label: 'Import / export'},
];

const main = document.getElementById('main');
const nav = document.getElementById('nav');
const aside = document.getElementById('try');
const who = document.getElementById('who');

const app = {
  name: '',
  scopes: [],
  canWrite: false,
  pane: null,
  flash: '',
  // Goes to a route; `message` is announced once the new view is shown.
  navigate(hash, message) {
    app.flash = message || '';
    if (location.hash === hash) route();
    else location.hash = hash;
  },
  tryQuestion(text) {
    if (app.pane) app.pane.ask(text);
  },
};

// ------------------------------------------------------------ sign-in

/** Who the token belongs to: GET /admin/v1/whoami. */
async function whoami(candidate) {
  try {
    const {data} = await request('GET', '/admin/v1/whoami', {token: candidate, noSignOut: true});
    return {name: data.name, scopes: Array.isArray(data.scopes) ? data.scopes : []};
  } catch (error) {
    if (!(error instanceof ApiError) || error.status !== 404) throw error;
  }
  // A server without whoami: read the careers list, then find out whether
  // the token may write with a malformed create (403 without the scope, 400
  // with it; nothing is written either way).
  await request('GET', '/admin/v1/careers?limit=1', {token: candidate, noSignOut: true});
  try {
    await request('POST', '/admin/v1/careers', {token: candidate, noSignOut: true, body: '-'});
  } catch (error) {
    if (error.status === 403) return {name: '(unknown)', scopes: ['read']};
  }
  return {name: '(unknown)', scopes: ['read', 'write']};
}

function showSignIn(message) {
  app.canWrite = false;
  document.body.classList.add('signed-out');
  document.body.classList.remove('read-only');
  nav.hidden = true;
  aside.hidden = true;
  who.hidden = true;
  clear(aside);
  app.pane = null;
  const input = h('input', {type: 'password', id: 'token', name: 'token', autocomplete: 'off', spellcheck: false,
    required: true, 'aria-describedby': 'token-hint'});
  const errorLine = h('p', {class: 'form-error', id: 'signin-error', role: 'alert', hidden: !message}, message || '');
  const button = h('button', {type: 'submit', class: 'primary'}, 'Sign in');
  const form = h('form', {class: 'signin', 'aria-labelledby': 'signin-heading'},
    h('h2', {id: 'signin-heading', class: 'view-title', tabindex: '-1'}, 'Sign in'),
    h('p', null, 'Use an admin token (made with ', h('code', null, 'careerbot admin token'),
      '). It is kept in this browser tab only and forgotten when the tab closes.'),
    errorLine,
    h('div', {class: 'field'},
      h('label', {for: 'token'}, 'Admin token'),
      input,
      h('p', {class: 'hint', id: 'token-hint'}, 'Starts with cbt_. A token with the read scope only can look but not change.')),
    h('div', {class: 'actions'}, button));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const candidate = input.value.trim();
    if (!candidate) {
      errorLine.textContent = 'Paste your admin token.';
      errorLine.hidden = false;
      input.setAttribute('aria-invalid', 'true');
      input.focus();
      return;
    }
    button.disabled = true;
    try {
      const identity = await whoami(candidate);
      saveToken(candidate);
      input.value = '';
      start(identity);
    } catch (error) {
      button.disabled = false;
      errorLine.textContent = error.status === 401
        ? 'That token was not accepted. Check it and try again.'
        : `Could not sign in: ${error.message}`;
      errorLine.hidden = false;
      input.setAttribute('aria-invalid', 'true');
      input.setAttribute('aria-describedby', 'signin-error token-hint');
      input.focus();
    }
  });
  clear(main).append(form);
  if (location.hash && location.hash !== '#/') history.replaceState(null, '', location.pathname + location.search);
  input.focus();
}

function signOut(message) {
  forgetToken();
  showSignIn(message);
  if (!message) announce('Signed out.');
}

setUnauthorizedHandler((message) => {
  if (document.body.classList.contains('signed-out')) return;
  signOut(message);
});

// ------------------------------------------------------------ the shell

function buildNav() {
  clear(nav).append(h('ul', null, SECTIONS.map((s) => h('li', null,
    h('a', {href: `#/${s.route}`, dataset: {route: s.route}}, s.label)))));
}

function start(identity) {
  app.name = identity.name;
  app.scopes = identity.scopes;
  app.canWrite = identity.scopes.includes('write');
  document.body.classList.remove('signed-out');
  document.body.classList.toggle('read-only', !app.canWrite);
  clear(who).append(
    h('span', null, 'Signed in as ', h('strong', {id: 'who-name'}, identity.name),
      h('span', {class: 'scopes', id: 'who-scopes'}, ` (${app.canWrite ? 'read and write' : 'read only'})`)),
    h('button', {type: 'button', class: 'secondary', id: 'sign-out', onclick: () => signOut()}, 'Sign out'));
  who.hidden = false;
  buildNav();
  nav.hidden = false;
  aside.hidden = false;
  app.pane = testPane(aside);
  if (!location.hash.startsWith('#/') || location.hash === '#/') history.replaceState(null, '', '#/careers');
  route();
  announce(`Signed in as ${identity.name}${app.canWrite ? '' : ' (read only)'}.`);
}

function parseHash() {
  const raw = location.hash.replace(/^#\/?/, '');
  const [path, search] = raw.split('?');
  const parts = path.split('/').filter(Boolean).map((p) => decodeURIComponent(p));
  return {parts, query: new URLSearchParams(search || '')};
}

function route() {
  if (document.body.classList.contains('signed-out')) return;
  const {parts, query} = parseHash();
  const section = parts[0] || 'careers';
  for (const link of nav.querySelectorAll('a')) {
    if (link.dataset.route === section) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  }
  const status = document.getElementById('status');
  if (status) status.textContent = '';
  const view = h('div', {class: 'view', dataset: {view: section}});
  clear(main).append(view);
  const label = (SECTIONS.find((s) => s.route === section) || {}).label;
  document.title = `${label || 'Not found'} · careerbot admin`;
  switch (section) {
    case 'careers':
      if (parts[1] === 'new') careerEditor(view, app, undefined);
      else if (parts[1] && parts[2] === 'history') careerHistory(view, app, parts[1], query);
      else if (parts[1]) careerEditor(view, app, parts[1]);
      else careersList(view, app, query);
      if (parts[1] && parts[1] !== 'new') document.title = `${parts[1]} · careerbot admin`;
      break;
    case 'unanswered':
      unansweredView(view, app);
      break;
    case 'handoffs':
      handoffsView(view, app);
      break;
    case 'delivery':
      deliveryView(view, app);
      break;
    case 'audit':
      auditView(view, app);
      break;
    case 'transfer':
      transferView(view, app);
      break;
    default:
      view.append(h('h2', {class: 'view-title', tabindex: '-1'}, 'Not found'),
        h('p', null, 'There is no such page. ', h('a', {href: '#/careers'}, 'Go to the careers.')));
  }
  const heading = view.querySelector('h2');
  if (heading) focus(heading);
  if (app.flash) {
    announce(app.flash);
    app.flash = '';
  }
}

window.addEventListener('hashchange', () => {
  if (location.hash.startsWith('#/')) route();
});

// The skip link moves focus without touching the hash (which holds the route).
document.querySelector('.skip-link')?.addEventListener('click', (event) => {
  event.preventDefault();
  focus(main.querySelector('h2') || main);
});

async function boot() {
  const saved = token();
  if (!saved) {
    showSignIn();
    return;
  }
  try {
    start(await whoami(saved));
  } catch (error) {
    forgetToken();
    showSignIn(error.status === 401 ? 'Your saved token is no longer accepted. Sign in again.'
      : `Could not reach careerbot: ${error.message}`);
  }
}

boot();
