// 整改 (rectification): the tasks made of findings. A department sees its
// own, answers one (its response and evidence files) and reports it;
// finance sees the region's (by status, overdue as of a day), makes a task
// of a finding on the department-year page, and accepts or reopens a
// report with a note. Everything through RectificationService's Connect
// JSON endpoints; evidence goes up as base64 in UploadEvidence.
import {h, replace, field, errorBox} from '../dom.js';
import {call} from '../api.js';
import {session} from '../session.js';
import {dateTime, PHASE_NAME} from '../format.js';
import {listDepartments, deptLink} from './common.js';
import {download} from './report.js';

const SERVICE = 'jixiao.indicator.v1.RectificationService';

export const TASK_STATUS = {
  TASK_OPEN: '待整改',
  TASK_REPORTED: '已报送，待验收',
  TASK_ACCEPTED: '已验收',
  TASK_REOPENED: '退回重改',
};
const KIND = {
  CONSISTENCY_FINDING: '一致性问题',
  MISSED_TARGET: '未完成目标',
  MONITORING_WARNING: '监控预警',
  LOW_SCORE: '评价低分',
  REVIEWER_NOTE: '复核意见',
};
const STEP = {TASK_OPEN: '创建', TASK_REPORTED: '报送', TASK_ACCEPTED: '验收', TASK_REOPENED: '退回重改'};

// The gateway takes request bodies up to 4 MiB (--max_body_bytes); a file
// travels as base64 (4 bytes for 3), so the console sends at most 3 MB.
// The service's own limit (--rectification_evidence_max_bytes, 10 MiB by
// default) holds for the CLI; a refusal by either is shown in place.
export const MAX_UPLOAD_BYTES = 3000000;

export const today = () => new Date().toISOString().slice(0, 10);

export function statusBadge(task) {
  return h('span', {class: 'nowrap'}, h('span', {class: `status ${task.status}`, 'data-status': task.status}, TASK_STATUS[task.status] || task.status),
      task.overdue ? h('span', {class: 'overdue'}, ' 已逾期') : null);
}

const taskLink = (task, text) => h('a', {href: `#/rectification/${encodeURIComponent(task.key.regionCode)}/${task.key.taskId}`}, text);

// The tasks of a region (finance) or of the signed-in department.
export async function listTasks(region, {status, overdueAsOf, departmentCode} = {}) {
  const request = {regionCode: region};
  const u = session.user;
  if (u.role === 'department') request.departmentCode = u.department;
  else if (departmentCode) request.departmentCode = departmentCode;
  if (status) request.status = status;
  if (overdueAsOf) request.overdueAsOf = overdueAsOf;
  return (await call(`${SERVICE}/ListTasks`, request)).tasks || [];
}

// Finance's filters survive moving between the list and a task.
const filters = {status: '', overdue: false, asOf: ''};

export async function rectificationPage(main, region, taskId) {
  if (taskId) await taskPage(main, region, Number(taskId));
  else await listPage(main, region);
}

async function listPage(main, region) {
  const finance = session.isFinance;
  const status = h('select', {id: 'filter-status'}, h('option', {value: ''}, '全部'),
      Object.entries(TASK_STATUS).map(([value, text]) => h('option', {value, selected: filters.status === value}, text)));
  const overdue = h('input', {type: 'checkbox', id: 'filter-overdue', checked: filters.overdue});
  const asOf = h('input', {type: 'date', id: 'filter-as-of', value: filters.asOf || today()});
  const holder = h('div', {id: 'task-list', 'aria-live': 'polite'});
  let names = new Map();
  if (finance) {
    try { names = new Map((await listDepartments(region)).map((d) => [d.code, d.name])); } catch (e) { /* codes only */ }
  }
  const load = async () => {
    filters.status = status.value;
    filters.overdue = overdue.checked;
    filters.asOf = asOf.value;
    if (filters.overdue && !/^\d{4}-\d{2}-\d{2}$/.test(asOf.value)) {
      replace(holder, errorBox({chinese: '请填写“截至日期”（年-月-日）。'}));
      return;
    }
    let tasks;
    try {
      tasks = await listTasks(region, {status: filters.status, overdueAsOf: filters.overdue ? filters.asOf : ''});
    } catch (e) { replace(holder, errorBox(e)); return; }
    replace(holder, tasks.length === 0 ? h('p', {class: 'muted'}, '没有符合条件的整改任务。') :
      h('div', {class: 'scroll', tabindex: '0', role: 'region', 'aria-label': '整改任务列表'}, h('table', {class: 'tasks'},
          h('caption', {class: 'visually-hidden'}, '整改任务'),
          h('thead', null, h('tr', null, ['编号', '单位', '年度', '来源', '问题及数据', '整改期限', '状态'].map((t) => h('th', {scope: 'col'}, t)))),
          h('tbody', null, tasks.map((t) => h('tr', {'data-task': t.key.taskId, class: t.overdue ? 'row-overdue' : null},
              h('td', null, taskLink(t, `${t.key.taskId}`)),
              h('td', null, names.get(t.departmentCode) || t.departmentCode, names.has(t.departmentCode) ? h('div', {class: 'muted'}, t.departmentCode) : null),
              h('td', null, t.year),
              h('td', {class: 'nowrap'}, `${KIND[t.finding.kind] || t.finding.kind} ${t.finding.reference || ''}`),
              h('td', {class: 'wrap'}, t.finding.figures || ''),
              h('td', {class: 'nowrap'}, t.deadline),
              h('td', null, statusBadge(t)))))),
      h('p', {class: 'muted'}, `共 ${tasks.length} 项${filters.overdue ? `，截至 ${filters.asOf} 逾期` : ''}。`)));
  };
  const form = h('form', {class: 'inline', id: 'task-filters'},
      field('状态', status), h('div', {class: 'field'}, h('label', {class: 'nowrap', for: overdue.id}, overdue, ' 仅显示逾期')), field('截至日期', asOf),
      h('div', {class: 'field'}, h('button', {type: 'submit', id: 'btn-filter'}, '筛选')));
  form.addEventListener('submit', (event) => { event.preventDefault(); load(); });
  replace(main,
      h('h1', null, finance ? `整改任务 · ${region}` : '本单位整改任务'),
      h('p', {class: 'muted'}, finance ?
        '由数据一致性问题、未完成目标、监控预警、评价低分或复核意见生成；在单位页面“数据与一致性”中点击“生成整改任务”。' :
        '财政部门根据问题下达的整改任务：打开任务，填写整改情况、上传佐证材料后报送。'),
      h('section', {class: 'card'}, form, holder));
  await load();
}

function sniffType(bytes, name) {
  const starts = (sig) => sig.every((b, i) => bytes[i] === b);
  if (starts([0x25, 0x50, 0x44, 0x46, 0x2d])) return 'application/pdf';
  if (starts([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png';
  if (starts([0xff, 0xd8, 0xff])) return 'image/jpeg';
  if (starts([0x50, 0x4b, 0x03, 0x04])) return 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
  if (/\.csv$/i.test(name)) return 'text/csv';
  return null;
}

function base64(bytes) {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

const sizeText = (n) => n >= 1000000 ? `${(n / 1000000).toFixed(2)} MB` : n >= 1000 ? `${(n / 1000).toFixed(1)} KB` : `${n} 字节`;

async function taskPage(main, region, taskId) {
  const key = {regionCode: region, taskId: String(taskId)};
  const task = await call(`${SERVICE}/GetTask`, key);
  let departmentName = '';
  try {
    departmentName = (await call('jixiao.budget.v1.BudgetService/GetDepartment', {regionCode: region, code: task.departmentCode})).name || '';
  } catch (e) { /* the code alone */ }
  const evidence = await Promise.all((task.evidenceSha256 || []).map(async (sha256) => {
    try { return await call(`${SERVICE}/GetEvidence`, {task: key, sha256}); } catch (e) { return {evidence: {sha256, fileName: sha256.slice(0, 12)}}; }
  }));
  const reload = () => taskPage(main, region, taskId);
  const u = session.user;
  const message = h('div', {id: 'task-message', 'aria-live': 'assertive'});
  const kv = (label, value, id) => [h('dt', null, label), h('dd', {id}, value)];
  const findingLink = task.finding.kind === 'CONSISTENCY_FINDING' ?
    h('a', {href: deptLink(region, task.departmentCode, task.year, 'figures')}, '查看单位数据') : null;

  const files = evidence.length === 0 ? h('p', {class: 'muted'}, '无') : h('ul', {class: 'plain', id: 'task-evidence'}, evidence.map((f) => {
    const e = f.evidence || {};
    return h('li', null, h('button', {type: 'button', class: 'secondary small', onclick: () => {
      const raw = atob(f.content || '');
      const out = new Uint8Array(raw.length);
      for (let i = 0; i < raw.length; i++) out[i] = raw.charCodeAt(i);
      download(out, e.fileName || 'evidence');
    }}, `下载 ${e.fileName || ''}`), ` ${e.contentType || ''} · ${sizeText(Number(e.sizeBytes || 0))} · sha256 ${(e.sha256 || '').slice(0, 16)}…`,
    e.uploadedBy ? h('span', {class: 'muted'}, `（${e.uploadedBy}，${dateTime(e.uploadedAt)}）`) : null);
  }));

  const sections = [
    h('h1', null, `整改任务 ${region}-${taskId}`, ' ', statusBadge(task)),
    h('p', null, h('a', {href: `#/rectification/${encodeURIComponent(region)}`}, '← 返回整改任务列表')),
    h('section', {class: 'card'}, h('h2', null, '任务'), h('dl', {class: 'task-kv'},
        kv('单位', departmentName ? `${departmentName}（${task.departmentCode}）` : task.departmentCode),
        kv('年度', `${task.year}年`),
        kv('来源', h('span', null, `${KIND[task.finding.kind] || task.finding.kind} ${task.finding.reference || ''} `, findingLink)),
        kv('问题及数据', task.finding.figures || '', 'task-figures'),
        kv('整改要求', task.requirement || '', 'task-requirement'),
        kv('整改期限', h('span', null, task.deadline, task.overdue ? h('span', {class: 'overdue'}, '（已逾期）') : null), 'task-deadline'),
        kv('创建', `${task.createdBy || ''}，${dateTime(task.createdAt)}`),
        kv('版本', `第 ${task.version} 版`, 'task-version'))),
  ];
  if (task.response || evidence.length) {
    sections.push(h('section', {class: 'card', id: 'task-report'}, h('h2', null, '最近一次报送'),
        h('p', {class: 'wrap', id: 'task-response'}, task.response || ''), h('h3', null, `佐证材料（${evidence.length}）`), files));
  }
  if (task.decisionNote) {
    sections.push(h('section', {class: 'card'}, h('h2', null, '财政意见'), h('p', {id: 'task-note', class: task.status === 'TASK_REOPENED' ? 'error-box' : 'ok-box'}, task.decisionNote)));
  }
  if (u.role === 'department' && (task.status === 'TASK_OPEN' || task.status === 'TASK_REOPENED')) {
    sections.push(reportForm(task, key, message, reload));
  }
  if (session.isFinance && task.status === 'TASK_REPORTED') {
    sections.push(decideForm(task, key, message, reload));
  }
  sections.push(message);
  sections.push(h('section', {class: 'card'}, h('h2', null, '流转记录'), h('div', {class: 'scroll', tabindex: '0', role: 'region', 'aria-label': '流转记录'},
      h('table', {id: 'task-history'}, h('caption', {class: 'visually-hidden'}, '流转记录'),
          h('thead', null, h('tr', null, ['时间', '操作人', '操作', '状态', '说明', '佐证材料'].map((t) => h('th', {scope: 'col'}, t)))),
          h('tbody', null, (task.history || []).map((e, i) => h('tr', null,
              h('td', {class: 'nowrap'}, dateTime(e.at)), h('td', null, e.by || ''), h('td', null, i === 0 ? '创建' : STEP[e.status] || ''),
              h('td', null, TASK_STATUS[e.status] || e.status), h('td', {class: 'wrap'}, e.note || ''),
              h('td', null, (e.evidenceSha256 || []).map((s) => s.slice(0, 12)).join('、')))))))));
  replace(main, ...sections);
}

// The department's answer: the response, evidence files uploaded one by
// one (each shown with its sha256, ticked to go with the report), then the
// report. The files of the last report start ticked.
function reportForm(task, key, message, reload) {
  const response = h('textarea', {id: 'report-response', rows: 4, maxlength: 4000, required: true}, task.response || '');
  const file = h('input', {type: 'file', id: 'evidence-file', accept: '.pdf,.png,.jpg,.jpeg,.xlsx,.csv'});
  const uploadMessage = h('div', {id: 'upload-message', 'aria-live': 'assertive'});
  const chosen = new Map((task.evidenceSha256 || []).map((s) => [s, {sha256: s, fileName: `${s.slice(0, 12)}…（上次报送）`}]));
  const list = h('ul', {class: 'plain', id: 'evidence-chosen'});
  const renderList = () => replace(list, [...chosen.values()].map((e) => {
    const box = h('input', {type: 'checkbox', checked: e.keep !== false, 'data-sha256': e.sha256, onchange: () => { e.keep = box.checked; }});
    return h('li', null, h('label', {class: 'nowrap'}, box, ` ${e.fileName}`), e.sizeBytes ? ` ${sizeText(Number(e.sizeBytes))}` : '',
        h('span', {class: 'muted'}, ` sha256 ${e.sha256.slice(0, 16)}…`));
  }));
  renderList();
  const upload = h('button', {type: 'button', id: 'btn-upload', class: 'secondary'}, '上传佐证材料');
  upload.addEventListener('click', async () => {
    replace(uploadMessage);
    file.removeAttribute('aria-invalid');
    const f = file.files && file.files[0];
    const refuse = (text) => { file.setAttribute('aria-invalid', 'true'); replace(uploadMessage, errorBox({chinese: text})); file.focus(); };
    if (!f) { refuse('请先选择文件。'); return; }
    if (f.size > MAX_UPLOAD_BYTES) { refuse(`文件“${f.name}”为 ${sizeText(f.size)}，超过控制台上传上限 3 MB；更大的文件请用命令行 jixiao rectification evidence 上传。`); return; }
    if (f.size === 0) { refuse(`文件“${f.name}”是空的。`); return; }
    const bytes = new Uint8Array(await f.arrayBuffer());
    const contentType = sniffType(bytes, f.name);
    if (!contentType) { refuse(`文件“${f.name}”不是 PDF、PNG、JPEG、XLSX 或 CSV 文件（按文件内容判断）。`); return; }
    upload.disabled = true;
    try {
      const e = await call(`${SERVICE}/UploadEvidence`, {task: key, fileName: f.name, contentType, content: base64(bytes)}, {timeoutMs: 60000});
      chosen.set(e.sha256, {...e, keep: true});
      renderList();
      file.value = '';
      replace(uploadMessage, h('p', {class: 'ok-box'}, `已上传“${e.fileName}”（${sizeText(Number(e.sizeBytes))}，sha256 ${e.sha256}）。`));
    } catch (e) {
      file.setAttribute('aria-invalid', 'true');
      replace(uploadMessage, errorBox(e));
    } finally {
      upload.disabled = false;
    }
  });
  const report = h('button', {type: 'button', id: 'btn-report'}, '报送整改情况');
  report.addEventListener('click', async () => {
    response.removeAttribute('aria-invalid');
    if (!response.value.trim()) {
      response.setAttribute('aria-invalid', 'true');
      replace(message, errorBox({chinese: '请填写整改情况。'}));
      response.focus();
      return;
    }
    try {
      await call(`${SERVICE}/ReportTask`, {key, expectedVersion: task.version, response: response.value.trim(),
        evidenceSha256: [...chosen.values()].filter((e) => e.keep !== false).map((e) => e.sha256)});
      await reload();
    } catch (e) { replace(message, errorBox(e)); }
  });
  return h('section', {class: 'card', id: 'report-form'}, h('h2', null, task.status === 'TASK_REOPENED' ? '重新报送整改情况' : '报送整改情况'),
      field('整改情况', response),
      h('div', {class: 'inline'}, field('佐证材料', file, `PDF、PNG、JPEG、XLSX 或 CSV，单个文件不超过 3 MB`), h('div', {class: 'field'}, upload)),
      uploadMessage,
      h('h3', null, '随报送提交的佐证材料'), list,
      h('div', {class: 'actions'}, report));
}

// Finance: accept the report or reopen the task, with a note (required).
function decideForm(task, key, message, reload) {
  const note = h('textarea', {id: 'decision-note', rows: 3, maxlength: 2000});
  const decide = async (method) => {
    note.removeAttribute('aria-invalid');
    if (!note.value.trim()) {
      note.setAttribute('aria-invalid', 'true');
      replace(message, errorBox({chinese: '请填写意见（验收或退回重改都须说明）。'}));
      note.focus();
      return;
    }
    try {
      await call(`${SERVICE}/${method}`, {key, expectedVersion: task.version, note: note.value.trim()});
      await reload();
    } catch (e) { replace(message, errorBox(e)); }
  };
  return h('section', {class: 'card', id: 'decide-form'}, h('h2', null, '验收'),
      field('意见（必填）', note),
      h('div', {class: 'actions'},
          h('button', {type: 'button', id: 'btn-accept', onclick: () => decide('AcceptTask')}, '验收通过'),
          h('button', {type: 'button', id: 'btn-reopen', class: 'danger', onclick: () => decide('ReopenTask')}, '退回重改')));
}

// The department-year page's button beside a consistency finding: a form
// for the requirement and the deadline; the finding's words are the task's
// figures. Shows the tasks already made of the same finding.
export function findingTaskControls({region, code, year, finding, existing}) {
  const holder = h('div', {class: 'finding-task'});
  const made = existing.filter((t) => t.year === year && t.finding.kind === 'CONSISTENCY_FINDING' && t.finding.reference === finding.identity);
  const links = made.map((t) => h('span', {class: 'nowrap'}, ' ', taskLink(t, `整改任务 ${t.key.taskId}`), ' ', statusBadge(t)));
  if (!session.isFinance) return links.length ? h('div', {class: 'finding-tasks'}, links) : null;
  const open = h('button', {type: 'button', class: 'secondary small', 'data-create-task': finding.identity, 'aria-expanded': 'false'}, '生成整改任务');
  // The budget service's message names its year and phase ("2019年决算：…")
  // in most cases; the prefix is added only where it does not.
  const prefix = `${finding.year}年${PHASE_NAME[finding.phase] || ''}：`;
  const figures = String(finding.message || '').startsWith(`${finding.year}年`) ? finding.message : `${prefix}${finding.message}`;
  open.addEventListener('click', () => {
    if (holder.firstChild) { replace(holder); open.setAttribute('aria-expanded', 'false'); return; }
    open.setAttribute('aria-expanded', 'true');
    const requirement = h('textarea', {rows: 2, maxlength: 2000, 'data-requirement': finding.identity}, `核实${finding.identity}所涉数据，更正后报送整改情况及佐证材料`);
    const deadline = h('input', {type: 'date', value: `${year + 1}-06-30`, 'data-deadline': finding.identity});
    const out = h('div', {'aria-live': 'assertive'});
    const create = h('button', {type: 'button', 'data-submit-task': finding.identity}, '创建整改任务');
    create.addEventListener('click', async () => {
      try {
        const task = await call(`${SERVICE}/CreateTask`, {task: {key: {regionCode: region}, departmentCode: code, year,
          finding: {kind: 'CONSISTENCY_FINDING', reference: finding.identity, figures},
          requirement: requirement.value.trim(), deadline: deadline.value}});
        location.hash = `/rectification/${encodeURIComponent(region)}/${task.key.taskId}`;
      } catch (e) { replace(out, errorBox(e)); }
    });
    replace(holder, h('div', {class: 'card task-create'}, h('p', {class: 'muted'}, `问题及数据：${figures}`),
        field('整改要求', requirement), field('整改期限', deadline), h('div', {class: 'actions'}, create), out));
    requirement.focus();
  });
  return h('div', {class: 'finding-tasks'}, open, links, holder);
}
