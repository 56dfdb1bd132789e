// The test pane: ask careerbot a question (POST /v1/ask) and keep the last
// two answers side by side, to compare before and after an edit.

import {h, clear, announce, randomId} from './dom.js';

function row(label, value) {
  return [h('dt', null, label), h('dd', null, value === undefined || value === null || value === '' ? '—' : value)];
}

function card(kind, result) {
  const {question, status, data, error, at} = result;
  const answer = data || {};
  const career = answer.career
    ? `${answer.career.title} (${answer.career.id})`
    : (answer.careers && answer.careers.length ? answer.careers.map((c) => c.title).join(', ') : 'none');
  const confidence = typeof answer.confidence === 'number' ? answer.confidence.toFixed(2) : undefined;
  return h('article', {class: ['answer-card', kind], 'aria-labelledby': `answer-${kind}-h`},
    h('h3', {id: `answer-${kind}-h`}, kind === 'latest' ? 'Latest answer' : 'Previous answer'),
    h('p', {class: 'asked'}, h('span', {class: 'visually-hidden'}, 'Question: '), `“${question}”`,
      h('span', {class: 'muted'}, ` at ${at}`)),
    error ? h('p', {class: 'error'}, error) : h('dl', {class: 'facts'},
      row('HTTP status', String(status)),
      row('Status', answer.status),
      row('Intent', answer.intent),
      row('Career', career),
      row('Confidence', confidence),
      answer.why ? row('Why', answer.why) : null),
    answer.text ? h('div', {class: 'answer-text', 'data-kind': 'text'}, answer.text) : null);
}

export function testPane(aside) {
  const results = [];
  const input = h('input', {type: 'text', id: 'try-question', autocomplete: 'off', 'aria-describedby': 'try-hint'});
  const button = h('button', {type: 'submit', class: 'primary'}, 'Ask');
  const output = h('div', {class: 'answers', id: 'try-answers'});
  const form = h('form', {class: 'try-form'},
    h('label', {for: 'try-question'}, 'Question'),
    h('div', {class: 'inline'}, input, button),
    h('p', {class: 'hint', id: 'try-hint'},
      'Asked as a new conversation, the way a person would. The last two answers stay side by side to compare before and after an edit.'));
  clear(aside).append(h('h2', {id: 'try-heading'}, 'Test pane'), form, output);

  function render() {
    clear(output);
    const latest = results[results.length - 1];
    const previous = results[results.length - 2];
    if (!latest) {
      output.append(h('p', {class: 'muted'}, 'No question asked yet.'));
      return;
    }
    if (previous) output.append(card('previous', previous));
    output.append(card('latest', latest));
  }

  async function ask(text) {
    const question = text.trim();
    if (!question) {
      input.focus();
      return;
    }
    button.disabled = true;
    const result = {question, at: new Date().toISOString().slice(11, 19) + ' UTC'};
    try {
      const response = await fetch('/v1/ask', {
        method: 'POST',
        headers: {'Content-Type': 'application/json', Accept: 'application/json'},
        body: JSON.stringify({text: question, conversation_id: `console-${randomId()}`}),
        credentials: 'omit',
        cache: 'no-store',
      });
      result.status = response.status;
      const type = response.headers.get('content-type') || '';
      result.data = type.includes('json') ? await response.json() : {text: await response.text()};
      if (!response.ok) result.error = (result.data && (result.data.detail || result.data.title)) || `HTTP ${response.status}`;
    } catch (error) {
      result.error = `Could not ask: ${error.message}`;
    }
    button.disabled = false;
    results.push(result);
    if (results.length > 2) results.shift();
    render();
    const data = result.data || {};
    announce(result.error ? `Test question failed: ${result.error}`
      : `Answer: ${data.status}${data.intent ? `, intent ${data.intent}` : ''}${data.career ? `, about ${data.career.title}` : ''}.`);
  }

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    ask(input.value);
  });
  render();

  return {
    ask(text) {
      input.value = text;
      aside.scrollIntoView?.({block: 'nearest'});
      input.focus();
      return ask(text);
    },
  };
}
