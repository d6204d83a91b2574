// 明细导入: a CSV of budget lines or payment records (the layouts of
// docs/import.md), read and checked in the browser, then sent as one batch
// (ImportLedger, stored whole or not at all). Every error is shown in
// place: the row and the column, in a preview of the file.
import {h, replace, field, errorBox} from '../dom.js';
import {call} from '../api.js';
import {parseAmount} from '../format.js';

const LINE_COLUMNS = ['department_code', 'year', 'phase', 'function_code', 'economic_code', 'project_code', 'amount'];
const PAYMENT_COLUMNS = ['department_code', 'year', 'record_id', 'paid_on', 'function_code', 'economic_code', 'project_code', 'amount'];
const PHASE_WORDS = {年初预算: 'PHASE_ORIGINAL', original: 'PHASE_ORIGINAL', 调整预算: 'PHASE_ADJUSTED', adjusted: 'PHASE_ADJUSTED', 决算: 'PHASE_FINAL', final: 'PHASE_FINAL'};
const MAX_ROWS = 10000;

// RFC 4180: quoted fields may hold commas, quotes ("") and line breaks.
export function parseCsv(text) {
  const rows = [];
  let row = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"') {
        if (text[i + 1] === '"') { cell += '"'; i++; } else quoted = false;
      } else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') { row.push(cell); cell = ''; }
    else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(cell); rows.push(row); row = []; cell = '';
    } else cell += c;
  }
  if (cell !== '' || row.length) { row.push(cell); rows.push(row); }
  return rows.filter((r) => !(r.length === 1 && r[0].trim() === ''));
}

function decode(bytes) {
  try {
    return new TextDecoder('utf-8', {fatal: true}).decode(bytes).replace(/^\uFEFF/, '');
  } catch (e) {
    return new TextDecoder('gb18030').decode(bytes);
  }
}

// The rows as an ImportLedgerRequest's lines or payments, and every error
// found ({row, column, message}; row 1 is the header).
export function checkRows(rows, unit) {
  const errors = [];
  if (rows.length === 0) return {errors: [{row: 1, column: '', message: '文件是空的'}]};
  const header = rows[0].map((c) => c.trim());
  const kind = header.join(',') === LINE_COLUMNS.join(',') ? 'lines' : header.join(',') === PAYMENT_COLUMNS.join(',') ? 'payments' : null;
  if (!kind) {
    return {errors: [{row: 1, column: '', message: `表头应为 ${LINE_COLUMNS.join(',')}（预算/决算明细）或 ${PAYMENT_COLUMNS.join(',')}（支付明细）`}]};
  }
  if (rows.length - 1 > MAX_ROWS) return {errors: [{row: 1, column: '', message: `一次最多导入 ${MAX_ROWS} 行，请拆分文件或使用 jixiao 命令行`}]};
  const items = [];
  rows.slice(1).forEach((cells, i) => {
    const rowNumber = i + 2;
    const get = (name) => (cells[header.indexOf(name)] || '').trim();
    const fail = (column, message) => errors.push({row: rowNumber, column, message});
    if (cells.length !== header.length) { fail('', `应有 ${header.length} 列，实有 ${cells.length} 列`); return; }
    const item = {departmentCode: get('department_code'), functionCode: get('function_code'), economicCode: get('economic_code')};
    if (!item.departmentCode) fail('department_code', '不能为空');
    const year = Number(get('year'));
    if (!/^\d{4}$/.test(get('year'))) fail('year', `“${get('year')}”不是年份`); else item.year = year;
    if (get('project_code')) item.projectCode = get('project_code');
    try { item.amount = parseAmount(get('amount'), unit); } catch (e) { fail('amount', e.message); }
    if (kind === 'lines') {
      item.phase = PHASE_WORDS[get('phase')];
      if (!item.phase) fail('phase', `“${get('phase')}”不是年初预算、调整预算或决算`);
    } else {
      item.recordId = get('record_id');
      item.paidOn = get('paid_on');
      if (!item.recordId) fail('record_id', '不能为空');
      if (!/^\d{4}-\d{2}-\d{2}$/.test(item.paidOn)) fail('paid_on', `“${item.paidOn}”不是 YYYY-MM-DD 日期`);
    }
    items.push(item);
  });
  return {kind, header, items, errors};
}

// "lines[3].economic_code: …" from the service → row 5 (after the header,
// counted from 1), column economic_code.
export function serviceErrorPlace(message) {
  const m = /^(lines|payments)\[(\d+)\]\.([a-z_]+)/.exec(message);
  return m ? {row: Number(m[2]) + 2, column: m[3]} : null;
}

function batchId(text) {
  // A digest of the content: the same file twice is stored once.
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 2654435761);
    h2 = Math.imul(h2 ^ c, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return `console-${(h2 >>> 0).toString(16).padStart(8, '0')}${(h1 >>> 0).toString(16).padStart(8, '0')}`;
}

function preview(rows, errors) {
  const byRow = new Map();
  for (const e of errors) {
    if (!byRow.has(e.row)) byRow.set(e.row, []);
    byRow.get(e.row).push(e);
  }
  const header = rows[0] || [];
  const shown = rows.map((cells, i) => [i + 1, cells]).filter(([n]) => n === 1 || n <= 50 || byRow.has(n));
  return h('div', {class: 'scroll tall', tabindex: '0'}, h('table', {class: 'upload-preview'},
      h('caption', {class: 'visually-hidden'}, '文件预览（出错的行和列已标出）'),
      h('tbody', null, shown.map(([n, cells]) => {
        const rowErrors = byRow.get(n) || [];
        const cellTag = n === 1 ? 'th' : 'td';
        return h('tr', {class: rowErrors.length ? 'row-error' : null, 'data-row': n},
            h('th', {scope: 'row'}, String(n)),
            cells.map((cell, c) => {
              const bad = rowErrors.find((e) => e.column && e.column === (header[c] || '').trim());
              return h(cellTag, {class: bad ? 'cell-error' : null, title: bad ? bad.message : null,
                'aria-invalid': bad ? 'true' : null}, cell);
            }),
            h('td', {class: 'deduction'}, rowErrors.map((e) => `${e.column ? `${e.column}：` : ''}${e.message}`).join('；')));
      }))));
}

export async function uploadTab(ctx) {
  const {body, region} = ctx;
  const file = h('input', {type: 'file', accept: '.csv,text/csv'});
  const unit = h('select', null, h('option', {value: '元'}, '元'), h('option', {value: '万元'}, '万元'));
  const result = h('div', {id: 'upload-result', 'aria-live': 'polite'});
  const send = h('button', {type: 'button', id: 'btn-import'}, '检查并导入');
  send.addEventListener('click', async () => {
    if (!file.files || !file.files[0]) { replace(result, errorBox({chinese: '请先选择 CSV 文件。'})); return; }
    const text = decode(new Uint8Array(await file.files[0].arrayBuffer()));
    const rows = parseCsv(text);
    const checked = checkRows(rows, unit.value);
    const list = (errors) => h('ul', {class: 'error-list'}, errors.map((e) => h('li', null, `第 ${e.row} 行${e.column ? `，${e.column} 列` : ''}：${e.message}`)));
    if (checked.errors.length) {
      replace(result, errorBox({chinese: `${checked.errors.length} 处错误，未导入任何数据。`}), list(checked.errors), preview(rows, checked.errors));
      return;
    }
    const request = {batchId: batchId(text), regionCode: region, [checked.kind]: checked.items};
    try {
      const reply = await call('jixiao.budget.v1.BudgetService/ImportLedger', request, {timeoutMs: 60000});
      replace(result, h('div', {class: 'ok-box'}, reply.alreadyImported ? `该文件已导入过（批次 ${reply.batchId}），未重复保存。` :
        `已导入：明细 ${reply.linesStored || 0} 行，支付记录 ${reply.paymentsStored || 0} 条（批次 ${reply.batchId}）。`));
    } catch (e) {
      const place = serviceErrorPlace(e.message);
      const errors = place ? [{...place, message: e.message.replace(/^[^:]*:\s*/, '')}] : [];
      replace(result, errorBox(e), errors.length ? list(errors) : null, errors.length ? preview(rows, errors) : null);
    }
  });
  replace(body, h('section', {class: 'card'},
      h('h2', null, '导入预算/决算明细或支付明细（CSV）'),
      h('p', {class: 'muted'}, '表头：department_code,year,phase,function_code,economic_code,project_code,amount（明细），或 department_code,year,record_id,paid_on,function_code,economic_code,project_code,amount（支付）。UTF-8 或 GBK。整批校验，有任何错误则不保存。'),
      h('div', {class: 'inline'}, field('CSV 文件', file), field('金额单位', unit), h('div', {class: 'actions'}, send)),
      result));
}
