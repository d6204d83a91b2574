// 结果应用 and 公开 for a department-year (ResultsService). For the
// department as a whole and each project of its approved targets: what the
// suite proposes from the grade by the region's rule table (with its
// source), finance's current decision and every earlier one; finance
// records a decision (优先保障 / 维持 / 核减 by an amount or a share / 取消 /
// 整改后再议) with a reason, which the service requires. Then the
// publication package: published once, after a confirmation, and immutable;
// its manifest (every file with its size and sha256, the scores) shown and
// each file downloadable.
import {h, replace, field, errorBox} from '../dom.js';
import {call} from '../api.js';
import {session} from '../session.js';
import {wan, wanExact, parseWan, dateTime} from '../format.js';
import {download} from './report.js';
import {projectLink} from './projects.js';
import {placeError, clearFieldErrors} from './place_error.js';

const SVC = 'jixiao.evaluation.v1.ResultsService';

export const DECISION = {
  PRIORITY: '优先保障',
  MAINTAIN: '维持（控制新增）',
  REDUCE: '核减',
  CANCEL: '取消',
  RECTIFY_FIRST: '整改后再议',
};
const OBJECT = {DEPARTMENT_WIDE: '部门整体', PROJECT_RECURRING: '项目（常年性、延续性）', PROJECT_ONE_OFF: '项目（一次性）'};

const percentOfBp = (bp) => `${(Number(bp) / 100).toFixed(2).replace(/\.?0+$/, '')}%`;

export function decisionText(d) {
  if (!d) return '';
  let text = DECISION[d.decision] || d.decision || '';
  if (d.decision === 'REDUCE') {
    if (d.amountFen) text += ` ${wan(d.amountFen)} 万元`;
    else if (d.shareBp) text += ` ${percentOfBp(d.shareBp)}`;
  }
  return text;
}

function ruleText(rule) {
  if (!rule) return '';
  return `${DECISION[rule.decision] || rule.decision}${rule.decision === 'REDUCE' && rule.shareBp ? ` ${percentOfBp(rule.shareBp)}` : ''}`;
}

// Base64 (the JSON form of bytes) → bytes.
function bytesOf(b64) {
  const raw = atob(b64 || '');
  const out = new Uint8Array(raw.length);
  for (let i = 0; i < raw.length; i++) out[i] = raw.charCodeAt(i);
  return out;
}

const sizeText = (n) => n >= 1000000 ? `${(n / 1000000).toFixed(2)} MB` : n >= 1000 ? `${(n / 1000).toFixed(1)} KB` : `${n} 字节`;

export async function resultsTab(ctx) {
  const {body, key, region, code, year} = ctx;
  let inForce = null;
  try { inForce = (await call('jixiao.indicator.v1.TargetService/GetTargets', key)).inForce || null; } catch (e) { if (e.code !== 'not_found') throw e; }
  const subjects = [{key, label: '部门整体'}].concat(((inForce && inForce.projects) || []).map((p) =>
    ({key, projectCode: p.projectCode, label: `项目 ${p.projectCode} ${p.projectName || ''}`})));
  const decisions = (await call(`${SVC}/ListDecisions`, {regionCode: region, year, departmentCode: code})).decisions || [];
  const current = new Map(decisions.map((d) => [d.subject.projectCode || '', d]));
  // A project is proposed for the kind its current decision was recorded
  // with (the budget data does not say whether it is 一次性).
  const proposals = await Promise.all(subjects.map((s) =>
    propose(s, ((current.get(s.projectCode || '') || {}).subject || {}).projectKind)));
  const cards = subjects.map((s, i) => subjectCard(ctx, s, proposals[i], current.get(s.projectCode || '')));
  const packageCard = h('section', {class: 'card', id: 'package'});
  replace(body,
      h('section', {class: 'card'}, h('h2', null, '结果应用'),
          h('p', {class: 'muted'}, '系统按评价等级和本区域的结果应用规则提出建议，由财政部门决定；每次决定都保留当时的建议和理由，历次决定可查。')),
      cards, packageCard);
  await renderPackage(ctx, packageCard);
}

// The proposal for a subject ({proposal} or {error}); `projectKind` for a
// project only (the service assumes 常年性 when it is absent).
async function propose(subject, projectKind) {
  const request = {key: subject.key};
  if (subject.projectCode) {
    request.projectCode = subject.projectCode;
    if (projectKind) request.projectKind = projectKind;
  }
  try { return {proposal: await call(`${SVC}/ProposeDecision`, request)}; } catch (e) { return {error: e}; }
}

function showProposal(box, {proposal, error}) {
  const kv = (label, value, attrs) => [h('dt', null, label), h('dd', attrs || null, value)];
  replace(box, proposal ?
    h('dl', {class: 'task-kv'},
        kv('评价结果', `${proposal.total || '—'} 分，${proposal.grade || '—'}`, {class: 'proposal-grade'}),
        kv('系统建议', h('span', null, h('strong', null, ruleText(proposal.rule)), proposal.rule && proposal.rule.wording ? `：${proposal.rule.wording}` : ''), {class: 'proposal'}),
        kv('依据', `${proposal.source || ''}${proposal.builtInRules ? '（内置默认规则）' : `（本区域规则第 ${proposal.rulesVersion} 版）`}`, {class: 'proposal-source'})) :
    h('div', {class: 'muted proposal-none'}, error && error.code === 'failed_precondition' ? `暂无建议：${error.message}` : errorBox(error)));
}

function subjectCard(ctx, subject, proposed, decision) {
  const {region, code, year} = ctx;
  const {proposal} = proposed;
  const id = subject.projectCode ? `subject-${subject.projectCode}` : 'subject-department';
  const proposalBox = h('div', {class: 'proposal-box', 'aria-live': 'polite'});
  showProposal(proposalBox, proposed);
  const parts = [h('h3', null, subject.projectCode ?
    h('a', {href: projectLink(region, code, year, subject.projectCode)}, subject.label) : subject.label), proposalBox];
  if (decision) {
    parts.push(h('div', {class: `decision-current ${decision.departsFromProposal ? 'error-box' : 'ok-box'}`},
        h('strong', null, `当前决定：${decisionText(decision)}`), `（第 ${decision.version} 版，${decision.decidedBy || ''}，${dateTime(decision.decidedAt)}）`,
        h('div', null, `理由：${decision.reason || ''}`),
        decision.departsFromProposal ? h('div', null, `与系统建议（${ruleText((decision.proposal || {}).rule)}）不同`) : null));
    const history = [...(decision.earlier || [])].reverse();
    if (history.length) {
      parts.push(h('details', {class: 'decision-history'}, h('summary', null, `历次决定（${history.length + 1}）`),
          h('ol', {reversed: true}, [decision, ...history].map((d) => h('li', null,
              `${decisionText(d)} · ${d.decidedBy || ''} · ${dateTime(d.decidedAt)} · 理由：${d.reason || ''}`,
              d.departsFromProposal ? h('span', {class: 'deduction'}, `（建议为${ruleText((d.proposal || {}).rule)}）`) : null)))));
    }
  }
  if (session.isFinance && proposal) parts.push(decisionForm(ctx, subject, proposal, decision, proposalBox));
  return h('section', {class: 'card subject', id, 'data-subject': subject.projectCode || ''}, parts);
}

function decisionForm(ctx, subject, proposal, decision, proposalBox) {
  const start = decision || {decision: (proposal.rule || {}).decision, shareBp: (proposal.rule || {}).shareBp};
  const startKind = ((decision || {}).subject || {}).projectKind || 'PROJECT_RECURRING';
  const kind = h('select', {'data-path': 'decision', 'data-col': 'decision'},
      Object.entries(DECISION).map(([k, v]) => h('option', {value: k, selected: start.decision === k}, v)));
  const by = h('select', {'data-col': 'reduce-by', 'aria-label': '核减方式'}, h('option', {value: 'share', selected: !start.amountFen}, '按比例（%）'),
      h('option', {value: 'amount', selected: Boolean(start.amountFen)}, '按金额（万元）'));
  const share = h('input', {size: 6, inputmode: 'decimal', 'data-path': 'share_bp', 'data-col': 'share',
    value: start.shareBp ? String(Number(start.shareBp) / 100) : '', 'aria-label': '核减比例（%）'});
  const amount = h('input', {size: 12, inputmode: 'decimal', 'data-path': 'amount_fen', 'data-col': 'amount',
    value: start.amountFen ? wanExact(start.amountFen) : '', 'aria-label': '核减金额（万元）'});
  const projectKind = subject.projectCode ? h('select', {'data-path': 'subject.project_kind', 'data-col': 'project-kind'},
      ['PROJECT_RECURRING', 'PROJECT_ONE_OFF'].map((k) => h('option', {value: k, selected: startKind === k}, OBJECT[k]))) : null;
  const reason = h('textarea', {rows: 2, maxlength: 1000, 'data-path': 'reason', 'data-col': 'reason'});
  const reduceBox = h('div', {class: 'inline'}, field('核减方式', by), field('比例（%）', share), field('金额（万元）', amount));
  const sync = () => {
    reduceBox.hidden = kind.value !== 'REDUCE';
    share.disabled = by.value !== 'share';
    amount.disabled = by.value !== 'amount';
  };
  kind.addEventListener('change', sync);
  by.addEventListener('change', sync);
  sync();
  // Another project kind may take another rule row: propose again; with no
  // decision recorded yet and the form untouched, it starts from the new
  // proposal too.
  let touched = false;
  for (const el of [kind, by, share, amount]) el.addEventListener('input', () => { touched = true; });
  kind.addEventListener('change', () => { touched = true; });
  by.addEventListener('change', () => { touched = true; });
  if (projectKind) {
    projectKind.addEventListener('change', async () => {
      const chosen = projectKind.value;
      const proposed = await propose(subject, chosen);
      if (projectKind.value !== chosen) return;  // changed again meanwhile
      showProposal(proposalBox, proposed);
      const rule = (proposed.proposal || {}).rule;
      if (!decision && !touched && rule) {
        kind.value = rule.decision;
        by.value = 'share';
        share.value = rule.shareBp ? String(Number(rule.shareBp) / 100) : '';
        sync();
      }
    });
  }
  const message = h('div', {'aria-live': 'assertive', class: 'decision-message'});
  const holder = h('div', {class: 'decision-form'});
  const record = h('button', {type: 'button', 'data-col': 'record'}, '记录决定');
  record.addEventListener('click', async () => {
    clearFieldErrors(holder);
    replace(message);
    const request = {subject: {key: subject.key}, decision: kind.value, reason: reason.value.trim(),
      expectedVersion: decision ? decision.version : '0'};
    if (subject.projectCode) { request.subject.projectCode = subject.projectCode; request.subject.projectKind = projectKind.value; }
    if (kind.value === 'REDUCE') {
      if (by.value === 'share') {
        const m = /^(\d{1,3})(?:\.(\d{1,2}))?$/.exec(share.value.trim());
        if (share.value.trim() && !m) { share.setAttribute('aria-invalid', 'true'); replace(message, errorBox({chinese: '核减比例是 0 到 100 之间的数，最多两位小数。'})); share.focus(); return; }
        if (m) request.shareBp = Number(m[1]) * 100 + Number((m[2] || '').padEnd(2, '0'));
      } else {
        try {
          const fen = parseWan(amount.value);
          if (fen !== null) request.amountFen = fen;
        } catch (e) { amount.setAttribute('aria-invalid', 'true'); replace(message, errorBox({chinese: e.message})); amount.focus(); return; }
      }
    }
    try {
      await call(`${SVC}/RecordDecision`, request);
      await ctx.reload();
    } catch (e) {
      const placed = placeError(holder, e);
      replace(message, errorBox(placed ? {chinese: `${e.chinese}（已标在对应的栏目旁）`} : e));
    }
  });
  replace(holder, h('h4', null, decision ? '改变决定' : '记录决定'),
      h('div', {class: 'inline'}, field('决定', kind), projectKind ? field('项目类型', projectKind) : null),
      reduceBox, field('理由（必填）', reason), h('div', {class: 'actions'}, record), message);
  return holder;
}

async function renderPackage(ctx, card) {
  const {key} = ctx;
  let pkg = null;
  try { pkg = await call(`${SVC}/GetPackage`, key, {timeoutMs: 30000}); } catch (e) { if (e.code !== 'not_found') { replace(card, h('h2', null, '绩效信息公开'), errorBox(e)); return; } }
  if (pkg) { showPackage(card, pkg); return; }
  const message = h('div', {'aria-live': 'assertive', id: 'publish-message'});
  const parts = [h('h2', null, '绩效信息公开'), h('p', {class: 'muted', id: 'package-none'}, '尚未公开。部门整体自评经财政部门审核通过后可以公开：公开包包括自评报告、评分表、项目自评表和清单（manifest.json），任何人都可据此重新计算得分（jixiao verify）。公开后不可更改。')];
  if (session.isFinance) {
    const confirmBox = h('div', {class: 'error-box', id: 'publish-confirm', hidden: true},
        h('p', null, h('strong', null, '确认公开？'), '公开包一经生成即不可更改，再次公开也只会返回同一份。'),
        h('div', {class: 'actions'},
            h('button', {type: 'button', class: 'danger', id: 'btn-publish-confirm', onclick: async (event) => {
              event.target.disabled = true;
              try {
                const published = await call(`${SVC}/PublishPackage`, key, {timeoutMs: 60000});
                showPackage(card, published);
              } catch (e) {
                event.target.disabled = false;
                replace(message, errorBox(e));
              }
            }}, '确认公开'),
            h('button', {type: 'button', class: 'secondary', onclick: () => { confirmBox.hidden = true; start.focus(); }}, '取消')));
    const start = h('button', {type: 'button', id: 'btn-publish', onclick: () => {
      confirmBox.hidden = false;
      confirmBox.querySelector('#btn-publish-confirm').focus();
    }}, '生成公开包…');
    parts.push(h('div', {class: 'actions'}, start), confirmBox);
  }
  parts.push(message);
  replace(card, ...parts);
}

function showPackage(card, pkg) {
  const files = pkg.files || [];
  const manifestFile = files.find((f) => f.name === 'manifest.json');
  let manifest = null;
  try { manifest = manifestFile ? JSON.parse(new TextDecoder().decode(bytesOf(manifestFile.content))) : null; } catch (e) { manifest = null; }
  const leaves = (manifest && manifest.leaves) || [];
  const projects = (manifest && manifest.projects) || [];
  replace(card,
      h('h2', null, '绩效信息公开'),
      h('div', {class: 'ok-box', id: 'package-published'}, h('strong', null, '已公开，不可更改。'),
          ` ${pkg.publishedBy || ''} 于 ${dateTime(pkg.publishedAt)} 公开${pkg.alreadyPublished ? '（此前已公开，返回原公开包）' : ''}。`),
      h('p', {class: 'kv'}, h('span', null, '得分 ', h('strong', {id: 'package-total'}, pkg.total || '')), h('span', null, `等级 ${pkg.grade || ''}`),
          manifest ? h('span', {class: 'muted'}, `框架 ${manifest.framework_id || ''} 第 ${manifest.framework_version || ''} 版 · 数据第 ${manifest.figures_version || ''} 版 · 自评第 ${manifest.indicator_version || ''} 版`) : null),
      h('h3', null, `文件（${files.length}）`),
      h('div', {class: 'scroll', tabindex: '0', role: 'region', 'aria-label': '公开包文件'},
          h('table', {id: 'package-files'}, h('caption', {class: 'visually-hidden'}, '公开包文件及其 sha256'),
              h('thead', null, h('tr', null, ['文件', '类型', '大小', 'sha256', ''].map((t) => h('th', {scope: 'col'}, t)))),
              h('tbody', null, files.map((f) => h('tr', {'data-file': f.name},
                  h('td', null, f.name), h('td', null, f.contentType || ''), h('td', {class: 'num'}, sizeText(Number(f.sizeBytes || 0))),
                  h('td', null, h('code', {class: 'sha'}, f.sha256 || '')),
                  h('td', null, h('button', {type: 'button', class: 'secondary small', 'aria-label': `下载 ${f.name}`,
                    onclick: () => download(bytesOf(f.content), f.name)}, '下载'))))))),
      leaves.length ? h('details', {id: 'package-leaves'}, h('summary', null, `清单中的逐项得分（${leaves.length} 项，总分 ${manifest.total} / ${manifest.total_weight}）`),
          h('div', {class: 'scroll'}, h('table', null, h('caption', {class: 'visually-hidden'}, '逐项得分'),
              h('thead', null, h('tr', null, ['编号', '指标', '分值', '得分'].map((t) => h('th', {scope: 'col'}, t)))),
              h('tbody', null, leaves.map((l) => h('tr', null, h('td', null, l.id), h('td', null, l.name || ''),
                  h('td', {class: 'num'}, l.weight || ''), h('td', {class: 'num'}, l.score || ''))))))) : null,
      projects.length ? h('div', null, h('h3', null, '项目自评'), h('ul', null, projects.map((p) =>
        h('li', null, `${p.project_code} ${p.project_name || ''}：${p.total || ''} 分，${p.grade || ''}（${p.file || ''}）`)))) : null);
}
