// The caseworker page: builds the claim form from GET /v1/programs/{id},
// sends it to POST /v1/check and shows the decision. Plain JavaScript, no
// dependencies; every field has a label, errors sit beside their field.
'use strict';

const $ = (sel) => document.querySelector(sel);
const LABELS = { sure_gun: 'Süre', gunluk_brut: 'Günlük brüt', aylik_brut: 'Aylık brüt',
                 damga_vergisi: 'Damga vergisi', aylik_net: 'Aylık net' };
const VERDICT = { eligible: 'HAK KAZANDI', ineligible: 'HAK KAZANAMADI', undetermined: 'BELİRSİZ' };
const UNITS = { gun: 'gün', saat: 'saat', money: 'TL' };
let program = null;  // the chosen programme's description

function el(tag, attrs = {}, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === false || v === undefined || v === null) continue;
    if (k === 'text') e.textContent = v; else e.setAttribute(k, v === true ? '' : v);
  }
  for (const c of children) e.append(c);
  return e;
}

// A field id: dotted input names and list rows become safe ids.
const fieldId = (name) => 'f-' + name.replace(/[^A-Za-z0-9_-]/g, '__');

// What each declared type looks like as an input, and how it is checked.
function inputFor(info, id) {
  const attrs = { id, name: info.name, 'aria-describedby': 'err-' + id, 'data-type': info.type };
  switch (info.type) {
    case 'date': return el('input', Object.assign(attrs, { type: 'date' }));
    case 'month': return el('input', Object.assign(attrs, { type: 'month', placeholder: 'YYYY-AA' }));
    case 'bool': {
      const s = el('select', attrs);
      s.append(el('option', { value: '', text: '— bilinmiyor —' }),
               el('option', { value: 'true', text: 'Evet' }), el('option', { value: 'false', text: 'Hayır' }));
      return s;
    }
    case 'int': case 'gun': case 'saat':
      return el('input', Object.assign(attrs, { type: 'text', inputmode: 'numeric', autocomplete: 'off' }));
    case 'money':
      return el('input', Object.assign(attrs, { type: 'text', inputmode: 'decimal', autocomplete: 'off',
                                                placeholder: '0.00' }));
    default: return el('input', Object.assign(attrs, { type: 'text', autocomplete: 'off' }));
  }
}

function labelText(info) {
  const unit = UNITS[info.type] ? ' (' + UNITS[info.type] + ')' : '';
  return (info.description || info.name) + unit;
}

function fieldBlock(info, id) {
  const label = el('label', { for: id }, labelText(info) + ' ', el('span', { class: 'name', text: info.name }));
  if (info.derived) label.append(' ', el('span', { class: 'derived-mark', text: 'türetilebilir' }));
  return el('div', { class: 'field' }, label, inputFor(info, id),
            el('span', { class: 'error', id: 'err-' + id, role: 'alert' }));
}

// A history list (primler, sozlesmeler, ...): a fieldset of repeatable rows.
function listBlock(info) {
  const id = fieldId(info.name);
  const rows = el('div', { id: id + '-rows' });
  const add = el('button', { type: 'button', class: 'secondary', id: 'add-' + id,
                             text: 'Satır ekle: ' + info.name });
  const fs = el('fieldset', { id, 'data-list': info.name },
                el('legend', { text: labelText(info) + ' — ' + info.name }), rows, add,
                el('span', { class: 'error', id: 'err-' + id, role: 'alert' }));
  add.addEventListener('click', () => {
    const i = rows.children.length;
    const row = el('div', { class: 'row', 'data-row': i });
    for (const f of info.fields) row.append(fieldBlock(f, `${id}-${i}-${f.name}`));
    const remove = el('button', { type: 'button', class: 'secondary', text: 'Sil',
                                  'aria-label': `${info.name} satır ${i + 1} sil` });
    remove.addEventListener('click', () => { row.remove(); add.focus(); });
    row.append(remove);
    rows.append(row);
    row.querySelector('input, select').focus();
  });
  return fs;
}

// Client-side checks; the server checks again and its errors land here too.
function check(input) {
  const v = input.value.trim();
  if (v === '') return '';
  switch (input.dataset.type) {
    case 'int': case 'gun': case 'saat':
      return /^-?\d+$/.test(v) ? '' : 'Tam sayı girin (ör. 720)';
    case 'money':
      return /^\d+(\.\d{1,2})?$/.test(v) ? '' : 'Tutar: en çok 2 ondalık, nokta ile (ör. 10008.00)';
    case 'date': return /^\d{4}-\d{2}-\d{2}$/.test(v) ? '' : 'Tarih: YYYY-AA-GG';
    case 'month': return /^\d{4}-\d{2}$/.test(v) ? '' : 'Ay: YYYY-AA';
    default: return '';
  }
}

function setError(id, message) {
  const span = document.getElementById('err-' + id);
  const input = document.getElementById(id);
  if (span) span.textContent = message;
  if (input && input.matches('input, select')) {
    if (message) input.setAttribute('aria-invalid', 'true'); else input.removeAttribute('aria-invalid');
  }
}

function valueOf(input) {
  const v = input.value.trim();
  switch (input.dataset.type) {
    case 'int': case 'gun': case 'saat': return parseInt(v, 10);
    case 'bool': return v === 'true';
    default: return v;  // money stays text: no float rounding on the way
  }
}

// "fesih.tarih" → {fesih: {tarih: ...}}.
function put(obj, dotted, value) {
  const parts = dotted.split('.');
  let o = obj;
  for (const p of parts.slice(0, -1)) o = (o[p] = o[p] || {});
  o[parts[parts.length - 1]] = value;
}

function buildClaim() {
  const claim = {};
  let bad = null;
  for (const input of document.querySelectorAll('#claim-form input, #claim-form select')) {
    const message = input.id === 'f-id' && !input.value.trim() ? 'Başvuru kimliği gerekli' : check(input);
    setError(input.id, message);
    if (message && !bad) bad = input;
  }
  if (bad) { bad.focus(); return null; }
  claim.id = $('#f-id').value.trim();
  for (const info of program.inputs) {
    if (info.type === 'list') {
      const rows = document.querySelectorAll(`#${fieldId(info.name)}-rows .row`);
      if (rows.length === 0) continue;
      const list = [];
      rows.forEach((row) => {
        const rec = {};
        for (const input of row.querySelectorAll('input, select')) {
          if (input.value.trim() !== '') rec[input.name] = valueOf(input);
        }
        list.push(rec);
      });
      put(claim, info.name, list);
    } else {
      const input = document.getElementById(fieldId(info.name));
      if (input && input.value.trim() !== '') put(claim, info.name, valueOf(input));
    }
  }
  return claim;
}

// A server error's JSON pointer ("/primler/0/ay") → the field it names.
function fieldForPointer(pointer) {
  if (!pointer) return null;
  const parts = pointer.split('/').slice(1);
  for (let n = parts.length; n > 0; n--) {
    const p = parts.slice(0, n);
    const listIdx = p.findIndex((x) => /^\d+$/.test(x));
    let id;
    if (listIdx > 0) {
      id = `${fieldId(p.slice(0, listIdx).join('.'))}-${p[listIdx]}` + (p.length > listIdx + 1 ? '-' + p.slice(listIdx + 1).join('.') : '');
    } else {
      id = fieldId(p.join('.'));
    }
    if (document.getElementById(id)) return id;
  }
  return null;
}

function table(headers, rows, numeric) {
  const t = el('table');
  t.append(el('thead', {}, el('tr', {}, ...headers.map((h) => el('th', { scope: 'col', text: h })))));
  const body = el('tbody');
  for (const r of rows) body.append(el('tr', {}, ...r.map((c, i) => el('td', { class: numeric[i] ? 'num' : '', text: c }))));
  t.append(body);
  return t;
}

// A machine-form number as the officer reads it, exactly as the library's
// TurkishNumber writes it (no float on the way): "10650.15" → "10.650,15".
// Anything else (a date, a code with letters) is left as it is.
function turkishNumber(v) {
  const m = /^(-?)(\d+)(?:\.(\d+))?$/.exec(String(v));
  if (!m) return String(v);
  return m[1] + m[2].replace(/\B(?=(\d{3})+(?!\d))/g, '.') + (m[3] === undefined ? '' : ',' + m[3]);
}

function money(v) { return /^-?\d+\.\d{2}$/.test(String(v)) ? turkishNumber(v) + ' TL' : turkishNumber(v); }

function showResults(results) {
  const box = $('#results');
  box.replaceChildren();
  if (results.length === 0) box.append(el('p', { text: 'Bu başvuru programın hiçbir girdisini taşımıyor.' }));
  for (const r of results) {
    const block = el('div', { class: 'result-block', 'data-program': r.program });
    block.append(el('p', { class: 'verdict ' + r.status, id: 'verdict', text: VERDICT[r.status] || r.status }));
    const values = Object.entries(r.values || {});
    if (values.length) {
      block.append(el('h3', { text: 'Tutarlar' }),
                   Object.assign(table(['Değer', 'Tutar'], values.map(([k, v]) => [LABELS[k] || k,
                     k.endsWith('_gun') ? turkishNumber(v) + ' gün' : money(v)]), [false, true]), { id: 'values' }));
    }
    if ((r.payments || []).length) {
      block.append(el('h3', { text: 'Ödeme takvimi' }),
                   Object.assign(table(['Ay', 'Başlangıç', 'Gün', 'Brüt', 'Damga vergisi', 'Net'],
                     r.payments.map((p) => [p.month, p.from || '', String(p.days), turkishNumber(p.gross),
                                           turkishNumber(p.stamp_tax), turkishNumber(p.net)]),
                     [false, false, true, true, true, true]), { id: 'payments' }));
    }
    if ((r.reasons || []).length) {
      const ul = el('ul', { id: 'reasons' });
      for (const reason of r.reasons) {
        const why = (r.why_not || []).find((w) => w.condition === reason.rule);
        const li = el('li', {}, el('strong', { text: reason.message }), ' ',
                      el('span', { class: 'article', text: `(${reason.reference})` }), ' ',
                      el('code', { text: reason.rule }));
        if (why && why.change) li.append(el('p', { class: 'change', text: '→ ' + why.change.text }));
        ul.append(li);
      }
      block.append(el('h3', { text: 'Neden hak kazanamadı' }), ul);
    }
    if ((r.missing || []).length) {
      block.append(el('h3', { text: 'Karar için eksik bilgiler' }),
                   el('ul', { id: 'missing' }, ...r.missing.map((m) => el('li', { text: m }))));
    }
    box.append(block);
  }
  $('#result').hidden = false;
  $('#result-heading').focus();
}

async function submit(event) {
  event.preventDefault();
  $('#form-error').textContent = '';
  const claim = buildClaim();
  if (!claim) return;
  $('#status').textContent = 'Değerlendiriliyor…';
  try {
    const res = await fetch(`/v1/check?why_not=1&program=${encodeURIComponent(program.id)}`, {
      method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(claim) });
    const body = await res.json();
    $('#status').textContent = '';
    if (!res.ok) {
      const e = body.error || {};
      const id = fieldForPointer(e.pointer);
      if (id) { setError(id, e.message); document.getElementById(id).focus(); }
      else $('#form-error').textContent = e.message || ('Hata ' + res.status);
      return;
    }
    showResults(body);
  } catch (err) {
    $('#status').textContent = '';
    $('#form-error').textContent = 'Sunucuya ulaşılamadı: ' + err;
  }
}

async function chooseProgram() {
  const id = $('#program').value;
  $('#result').hidden = true;
  if (!id) { $('#claim-form').hidden = true; return; }
  const res = await fetch('/v1/programs/' + encodeURIComponent(id));
  program = await res.json();
  $('#program-info').textContent = `${program.title} — ${program.reference}`;
  const fields = $('#fields');
  fields.replaceChildren();
  for (const info of program.inputs) {
    fields.append(info.type === 'list' ? listBlock(info) : fieldBlock(info, fieldId(info.name)));
  }
  $('#claim-form').hidden = false;
}

async function start() {
  const res = await fetch('/v1/programs');
  $('#rules-hash').textContent = res.headers.get('X-Odenek-Rules-Hash') || '';
  for (const p of await res.json()) $('#program').append(el('option', { value: p.id, text: `${p.title} (${p.id})` }));
  $('#program').addEventListener('change', chooseProgram);
  $('#claim-form').addEventListener('submit', submit);
  $('#claim-form').addEventListener('focusout', (e) => {
    if (e.target.matches('input')) setError(e.target.id, check(e.target));
  });
  document.body.dataset.ready = 'true';
}

start();
