// A department-year: its figures by phase with the consistency findings
// beside the fields they concern, the ledger upload, the indicator values
// and the workflow, the evaluation with every deduction, and the report.
import {h, replace, field, errorBox} from '../dom.js';
import {call} from '../api.js';
import {session} from '../session.js';
import {wan, parseWan, PHASES, PHASE_NAME, STATUS_NAME, SEVERITY} from '../format.js';
import {uploadTab} from './upload.js';
import {evaluationTab} from './evaluation.js';
import {reportTab} from './report.js';
import {deptLink, orNull} from './common.js';
import {targetsTab} from './targets.js';
import {monitoringTab} from './monitoring.js';
import {listTasks, findingTaskControls} from './rectification.js';
import {projectsTab} from './projects.js';
import {resultsTab} from './results.js';

// Every figure of a phase, by group, with the label the budget service uses
// in its findings (services/budget/domain/items.h).
export const FIGURE_GROUPS = [
  ['支出', [
    ['total_expenditure', '支出合计'], ['basic_expenditure', '基本支出'], ['personnel', '人员经费'],
    ['wages_301', '工资福利支出(301)'], ['family_subsidies_303', '对个人和家庭的补助(303)'],
    ['public_funds', '公用经费'], ['goods_services_302', '商品和服务支出(302)'],
    ['basic_capital_310', '基本支出中的资本性支出(310)'], ['project_expenditure', '项目支出'],
    ['project_capital_construction', '基本建设类项目'], ['project_administrative', '行政事业类项目'],
    ['fiscal_expenditure', '财政拨款支出'], ['payments_to_superior', '上缴上级支出'],
    ['business_expenditure', '经营支出'], ['subsidies_to_affiliates', '对附属单位补助支出']]],
  ['收入与结转', [
    ['carryover_prior', '年初结转和结余'], ['revenue_total', '本年收入合计'], ['revenue_fiscal', '财政拨款收入'],
    ['revenue_general_budget', '一般公共预算财政拨款收入'], ['revenue_gov_fund', '政府性基金预算财政拨款收入'],
    ['revenue_state_capital', '国有资本经营预算财政拨款收入'], ['revenue_superior_subsidy', '上级补助收入'],
    ['revenue_public_service', '事业收入'], ['revenue_business', '经营收入'], ['revenue_affiliates', '附属单位上缴收入'],
    ['revenue_other', '其他收入'], ['revenue_grand_total', '收入总计(含年初结转)'],
    ['non_fiscal_surplus_used', '使用非财政拨款结余'], ['surplus_distribution', '结余分配'],
    ['carryover_year_end', '年末结转和结余']]],
  ['调整与采购', [['supplement', '本年追加预算'], ['reduction', '本年追减预算'], ['procurement', '政府采购金额']]],
  ['“三公”经费与机关运行经费', [
    ['three_public_total', '“三公”经费合计'], ['abroad', '因公出国(境)费'], ['vehicle_total', '公务用车购置及运行维护费'],
    ['vehicle_purchase', '公务用车购置费'], ['vehicle_operation', '公务用车运行维护费'], ['reception', '公务接待费'],
    ['admin_running_cost', '机关运行经费']]],
];

export const camel = (snake) => snake.replace(/_([a-z0-9])/g, (_, c) => c.toUpperCase());

// The fields a finding concerns: its values' labels ("2018年公务用车购置及运行维护费
// (按单位更正)" is the vehicle field) and the labels its message names.
function fieldsOf(finding) {
  const labels = new Set();
  for (const value of finding.values || []) {
    labels.add(String(value.label || '').replace(/^\d{4}年(年初预算|调整预算|决算)?/, '').replace(/\(按[^)]*\)$/, ''));
  }
  const out = new Set();
  for (const [, fields] of FIGURE_GROUPS) {
    for (const [name, label] of fields) if (labels.has(label)) out.add(name);
  }
  return out;
}

const TABS = [['figures', '数据与一致性'], ['upload', '明细导入'], ['targets', '绩效目标'], ['monitoring', '运行监控'],
  ['indicators', '指标填报与审核'], ['evaluation', '评价结果'], ['report', '自评报告'], ['projects', '项目自评'], ['results', '结果应用与公开']];

export async function departmentPage(main, region, code, year, tab, extra) {
  const key = {regionCode: region, departmentCode: code, year};
  const department = await call('jixiao.budget.v1.BudgetService/GetDepartment', {regionCode: region, code});
  const body = h('div', {id: 'tab-body'});
  replace(main,
      h('h1', null, department.name, h('span', {class: 'muted'}, ` ${year}年度`)),
      h('p', {class: 'kv muted'}, h('span', null, `区划 ${region}`), h('span', null, `单位编码 ${code}`),
          department.kind ? h('span', null, department.kind) : null,
          department.staffAuthorized ? h('span', null, `编制 ${department.staffAuthorized} 人`) : null,
          department.staffActual ? h('span', null, `在职 ${department.staffActual} 人`) : null),
      h('nav', {class: 'tabs', 'aria-label': '单位页面'}, TABS.map(([id, text]) =>
        h('a', {href: deptLink(region, code, year, id), 'aria-current': id === tab ? 'page' : null}, text))),
      body);
  const context = {main, body, key, department, region, code, year, extra, reload: () => departmentPage(main, region, code, year, tab, extra)};
  if (tab === 'upload') await uploadTab(context);
  else if (tab === 'indicators') await indicatorsTab(context);
  else if (tab === 'targets') await targetsTab(context);
  else if (tab === 'monitoring') await monitoringTab(context);
  else if (tab === 'evaluation') await evaluationTab(context);
  else if (tab === 'report') await reportTab(context);
  else if (tab === 'projects') await projectsTab(context);
  else if (tab === 'results') await resultsTab(context);
  else await figuresTab(context);
}

async function figuresTab(ctx) {
  const {body, key} = ctx;
  const [year, consistency] = await Promise.all([
    orNull('jixiao.budget.v1.BudgetService/GetDepartmentYear', key),
    orNull('jixiao.budget.v1.BudgetService/CheckConsistency', {key}),
  ]);
  // The tasks already made of these findings (none when the caller may
  // not list them).
  let tasks = [];
  try { tasks = await listTasks(key.regionCode, {departmentCode: key.departmentCode}); } catch (e) { /* none shown */ }
  const dy = year || {regionCode: key.regionCode, departmentCode: key.departmentCode, year: key.year, phases: []};
  const findings = (consistency && consistency.findings) || [];
  const byField = new Map();
  findings.forEach((finding, i) => {
    for (const name of fieldsOf(finding)) {
      if (!byField.has(name)) byField.set(name, []);
      byField.get(name).push([finding, i]);
    }
  });
  const phaseOf = (phase) => (dy.phases || []).find((p) => p.phase === phase) || null;
  let editing = false;
  const message = h('div', {'aria-live': 'polite'});
  const tableHolder = h('div', {class: 'scroll', tabindex: '0'});
  const inputs = new Map();

  const badge = ([finding, i]) => {
    const [cls, word] = SEVERITY[finding.severity] || ['info', '提示'];
    return h('a', {class: `badge ${cls}`, href: `#finding-${i}`, title: `${word}：${finding.message}`,
      'aria-label': `${finding.identity} ${word}`, 'data-identity': finding.identity,
      onclick: (event) => {
        event.preventDefault();
        const target = document.getElementById(`finding-${i}`);
        if (target) {
          target.classList.add('flash');
          target.scrollIntoView({block: 'center'});
          target.focus();
          setTimeout(() => target.classList.remove('flash'), 1500);
        }
      }}, finding.identity);
  };

  const renderTable = () => {
    inputs.clear();
    const rows = [];
    for (const [group, fields] of FIGURE_GROUPS) {
      rows.push(h('tr', null, h('th', {colspan: 5, scope: 'colgroup'}, group)));
      for (const [name, label] of fields) {
        const cells = PHASES.map(([phase, phaseName]) => {
          const figures = phaseOf(phase);
          const value = figures ? figures[camel(name)] : undefined;
          if (editing) {
            const input = h('input', {value: value === undefined ? '' : wan(value), inputmode: 'decimal', size: 12,
              'aria-label': `${label} ${phaseName}（万元）`, 'data-field': name, 'data-phase': phase});
            inputs.set(`${phase}:${name}`, input);
            return h('td', {class: 'num'}, input);
          }
          const source = figures && figures.sources ? figures.sources[name] : null;
          return h('td', {class: 'num', title: source ? `来源：${source}` : null}, value === undefined ? '—' : wan(value));
        });
        const concerns = byField.get(name) || [];
        rows.push(h('tr', {'data-field': name}, h('th', {scope: 'row'}, label), cells,
            h('td', {class: 'findings-cell'}, concerns.map(badge))));
      }
    }
    replace(tableHolder, h('table', {class: 'figures'},
        h('caption', {class: 'visually-hidden'}, '各阶段数据（万元）及一致性问题'),
        h('thead', null, h('tr', null, h('th', {scope: 'col'}, '项目（万元）'),
            PHASES.map(([, name]) => h('th', {scope: 'col', class: 'num'}, name)), h('th', {scope: 'col'}, '一致性问题'))),
        h('tbody', null, rows)));
  };

  const editButton = h('button', {type: 'button', class: 'secondary'}, '编辑数据');
  const saveButton = h('button', {type: 'button', hidden: true}, '保存');
  editButton.addEventListener('click', () => {
    editing = !editing;
    editButton.textContent = editing ? '取消编辑' : '编辑数据';
    saveButton.hidden = !editing;
    renderTable();
  });
  saveButton.addEventListener('click', async () => {
    const errors = [];
    const phases = [];
    for (const [phase] of PHASES) {
      const old = phaseOf(phase) || {phase};
      const next = {...old, phase};
      let any = Boolean(phaseOf(phase));
      for (const [, fields] of FIGURE_GROUPS) {
        for (const [name, label] of fields) {
          const input = inputs.get(`${phase}:${name}`);
          try {
            const fen = parseWan(input.value);
            if (fen === null) delete next[camel(name)]; else { next[camel(name)] = fen; any = true; }
            input.removeAttribute('aria-invalid');
          } catch (e) {
            errors.push(`${PHASE_NAME[phase]} ${label}：${e.message}`);
            input.setAttribute('aria-invalid', 'true');
          }
        }
      }
      if (any) phases.push(next);
    }
    if (errors.length) { replace(message, errorBox({chinese: errors.join('\n')})); return; }
    try {
      const request = {departmentYear: {...dy, phases}};
      if (year) request.expectedVersion = dy.version;
      delete request.departmentYear.version;
      await call('jixiao.budget.v1.BudgetService/PutDepartmentYear', request);
      await ctx.reload();
    } catch (e) {
      replace(message, errorBox(e));
    }
  });

  const findingList = findings.length === 0 ?
    h('p', {class: 'ok-box'}, consistency ? `已检查 ${consistency.identitiesChecked || 0} 项恒等关系，未发现问题。` : '本年度尚无数据。') :
    h('div', null, findings.map((finding, i) => {
      const [cls, word] = SEVERITY[finding.severity] || ['info', '提示'];
      return h('div', {class: `finding ${cls}`, id: `finding-${i}`, tabindex: '-1'},
          h('strong', null, `[${word}] ${finding.identity} `), `${finding.year}年${PHASE_NAME[finding.phase] || ''}：`,
          h('span', null, finding.message),
          findingTaskControls({region: key.regionCode, code: key.departmentCode, year: key.year, finding, existing: tasks}));
    }));
  renderTable();
  replace(body,
      h('section', {class: 'card'},
          h('div', {class: 'actions'}, h('h2', null, '各阶段数据'), editButton, saveButton,
              h('span', {class: 'muted'}, year ? `版本 ${dy.version}` : '尚无数据')),
          message, tableHolder),
      h('section', {class: 'card', id: 'findings'}, h('h2', null, `数据一致性检查（${findings.length}）`), findingList,
          consistency && consistency.notChecked && consistency.notChecked.length ?
            h('details', null, h('summary', null, `未检查 ${consistency.notChecked.length} 项（缺少数据）`),
                h('ul', null, consistency.notChecked.map((t) => h('li', null, t)))) : null));
}

// The indicator values: derived ones read-only with their formula and
// inputs, entered ones editable while the evaluation is a draft or returned;
// the workflow buttons the role may use.
async function indicatorsTab(ctx) {
  const {body, key} = ctx;
  const evaluation = await orNull('jixiao.indicator.v1.IndicatorService/GetEvaluation', key);
  const message = h('div', {'aria-live': 'polite'});
  if (!evaluation) {
    const frameworks = await call('jixiao.indicator.v1.IndicatorService/ListFrameworks', {});
    const select = h('select', null, (frameworks.frameworks || []).map((f) => h('option', {value: f.id}, `${f.name}（${f.id}）`)));
    const start = h('button', {type: 'button'}, '开始本年度自评');
    start.addEventListener('click', async () => {
      try {
        await call('jixiao.indicator.v1.IndicatorService/StartEvaluation', {key, frameworkId: select.value, actor: session.actor()});
        await ctx.reload();
      } catch (e) { replace(message, errorBox(e)); }
    });
    replace(body, h('section', {class: 'card'}, h('h2', null, '尚未开始本年度自评'), field('指标框架', select), h('div', {class: 'actions'}, start), message));
    return;
  }
  const framework = await call('jixiao.indicator.v1.IndicatorService/GetFramework', {id: evaluation.frameworkId, version: evaluation.frameworkVersion});
  const nodes = framework.nodes || [];
  const values = new Map((evaluation.values || []).map((v) => [v.indicatorId, v]));
  const isLeaf = (node) => !nodes.some((n) => n.parentId === node.id);
  const u = session.user;
  const mayFill = (u.role === 'department' || u.role === 'admin') && (evaluation.status === 'DRAFT' || evaluation.status === 'RETURNED');
  const mayReview = session.isFinance && evaluation.status === 'SUBMITTED';
  const editors = new Map();

  const rows = nodes.map((node) => {
    if (!isLeaf(node)) {
      return h('tr', {class: `level${node.level}`}, h('th', {scope: 'row'}, node.id), h('th', {colspan: 5}, `${node.name}（${node.weight}分）`));
    }
    const value = values.get(node.id) || {indicatorId: node.id};
    const rule = node.rule || {};
    const targetText = value.target ? `${{AT_LEAST: '≥', AT_MOST: '≤', EQUAL: '='}[value.target.comparator] || ''}${value.target.value || value.target.text || ''}${value.target.unit || ''}` : '';
    const origin = value.targetOrigin;
    const target = origin ? h('span', null, targetText, h('div', {class: origin.problem ? 'deduction' : 'muted', 'data-origin': origin.targetIndicatorId},
        `来自绩效目标 ${origin.targetIndicatorId}（第 ${origin.targetsVersion} 版）${origin.problem ? `：${origin.problem}` : ''}`)) : targetText;
    let actualCell;
    if (node.source === 'DERIVED') {
      const d = value.derivation || {};
      const shown = d.computable && value.actual ? `${value.actual.value}${value.actual.unit || ''}` : '无法计算';
      actualCell = h('td', null, h('div', null, h('strong', null, shown), h('span', {class: 'muted'}, '（由预算数据计算，只读）')),
          h('div', {class: 'muted'}, `公式：${d.formula || node.formulaId || ''}`),
          d.inputs && d.inputs.length ? h('div', {class: 'muted'}, '输入：', d.inputs.map((i) => `${i.name} ${i.display}${i.note ? `（${i.note}）` : ''}`).join('；')) : null,
          d.computable ? null : h('div', {class: 'deduction'}, d.reason || ''));
    } else if (!mayFill) {
      const a = value.actual || {};
      const text = a.itemsMet ? `符合 ${a.itemsMet.length}/${(rule.items || []).length} 项：${a.itemsMet.join('；')}` :
        a.tier ? `${a.tier}${a.share ? `（${a.share}%）` : ''}` : a.notApplicable ? '不适用' : a.value !== undefined ? `${a.value}${a.unit || ''}` : '未填报';
      actualCell = h('td', null, text);
    } else {
      const a = value.actual || {};
      const editor = {node, value};
      let control;
      if (rule.type === 'CHECKLIST') {
        editor.boxes = (rule.items || []).map((item) => h('input', {type: 'checkbox', checked: (a.itemsMet || []).includes(item), value: item}));
        control = h('fieldset', null, h('legend', {class: 'visually-hidden'}, `${node.name} 符合的要点`),
            editor.boxes.map((box, i) => h('label', {class: 'nowrap', style: null}, box, ` ${rule.items[i]}`, h('br'))));
      } else if (rule.type === 'QUALITATIVE_TIERS') {
        editor.tier = h('select', {'aria-label': `${node.name} 等次`}, h('option', {value: ''}, '（未填）'),
            (rule.tiers || []).map((t) => h('option', {value: t.name, selected: a.tier === t.name}, `${t.name}（${t.minShare}–${t.maxShare}%）`)));
        editor.share = h('input', {value: a.share || '', size: 5, inputmode: 'decimal', 'aria-label': `${node.name} 得分比例（%）`});
        control = h('span', null, editor.tier, ' 比例 ', editor.share, ' %');
      } else {
        editor.input = h('input', {value: a.value || '', size: 10, inputmode: 'decimal', 'aria-label': `${node.name} 实际值（${node.unit || ''}）`, 'data-indicator': node.id});
        control = h('span', null, editor.input, ` ${node.unit || ''}`);
        if (rule.type === 'NA_FULL') {
          editor.na = h('input', {type: 'checkbox', checked: a.notApplicable});
          control = h('span', null, control, ' ', h('label', {class: 'nowrap'}, editor.na, ' 不适用'));
        }
      }
      editor.evidence = h('textarea', {rows: 2, 'aria-label': `${node.name} 佐证材料/说明`, maxlength: 2000}, value.evidence || '');
      editors.set(node.id, editor);
      actualCell = h('td', null, control);
    }
    const evidenceCell = editors.has(node.id) ? h('td', null, editors.get(node.id).evidence) : h('td', {class: 'muted'}, value.evidence || '');
    return h('tr', {'data-indicator': node.id}, h('td', null, node.id), h('td', null, node.name, h('div', {class: 'muted'}, rule.type === 'CHECKLIST' ? '要点核对' : '')),
        h('td', {class: 'num'}, node.weight), h('td', null, target), actualCell, evidenceCell);
  });

  const actions = [];
  if (mayFill) {
    actions.push(h('button', {type: 'button', id: 'btn-save', onclick: () => save(false)}, '保存'));
    actions.push(h('button', {type: 'button', id: 'btn-submit', onclick: () => save(true)}, '保存并提交'));
  }
  const reason = h('textarea', {rows: 2, maxlength: 2000});
  if (mayReview) {
    actions.push(h('button', {type: 'button', id: 'btn-return', class: 'danger', onclick: () => transition('Return')}, '退回'));
    actions.push(h('button', {type: 'button', id: 'btn-approve', onclick: () => transition('Approve')}, '审核通过'));
  }

  async function save(thenSubmit) {
    const out = [];
    for (const [id, e] of editors) {
      const actual = {};
      if (e.boxes) actual.itemsMet = e.boxes.filter((b) => b.checked).map((b) => b.value);
      if (e.tier && e.tier.value) { actual.tier = e.tier.value; if (e.share.value.trim()) actual.share = e.share.value.trim(); }
      if (e.input && e.input.value.trim()) { actual.value = e.input.value.trim().replace(/,/g, ''); if (e.node.unit) actual.unit = e.node.unit; }
      if (e.na && e.na.checked) actual.notApplicable = true;
      const next = {indicatorId: id, actual, evidence: e.evidence.value};
      // Once targets are declared, a leaf's target comes from them and is
      // never sent back (the service refuses a typed one).
      if (e.value.target && !e.value.targetOrigin && !Number(evaluation.targetsVersion || 0)) next.target = e.value.target;
      if (e.value.selfScore) next.selfScore = e.value.selfScore;
      const before = JSON.stringify({actual: e.value.actual || {}, evidence: e.value.evidence || ''});
      if (before !== JSON.stringify({actual, evidence: next.evidence})) out.push(next);
    }
    try {
      let version = evaluation.version;
      if (out.length) {
        const saved = await call('jixiao.indicator.v1.IndicatorService/SetValues', {key, values: out, actor: session.actor(), expectedVersion: version});
        version = saved.version;
      }
      if (thenSubmit) {
        await call('jixiao.indicator.v1.IndicatorService/Submit', {key, actor: session.actor(), expectedVersion: version});
      }
      await ctx.reload();
    } catch (e) {
      replace(message, errorBox(e));
      message.scrollIntoView({block: 'center'});
    }
  }

  async function transition(kind) {
    const request = {key, actor: session.actor(), expectedVersion: evaluation.version};
    if (kind === 'Return') {
      if (!reason.value.trim()) { replace(message, errorBox({chinese: '退回必须说明原因。'})); reason.focus(); return; }
      request.reason = reason.value.trim();
    }
    try {
      await call(`jixiao.indicator.v1.IndicatorService/${kind}`, request);
      await ctx.reload();
    } catch (e) { replace(message, errorBox(e)); }
  }

  const history = (evaluation.history || []).map((c) => h('li', null,
      `${c.at ? c.at.replace('T', ' ').replace(/\..*$/, '') : ''} ${c.subject || ''}：${STATUS_NAME[c.from] || c.from} → ${STATUS_NAME[c.to] || c.to}`, c.reason ? `（${c.reason}）` : ''));
  replace(body,
      h('section', {class: 'card'},
          h('div', {class: 'actions'}, h('h2', null, '绩效自评'), h('span', {class: `status ${evaluation.status}`, id: 'eval-status'}, STATUS_NAME[evaluation.status] || evaluation.status),
              h('span', {class: 'muted'}, `${framework.name} · 版本 ${evaluation.version}`)),
          evaluation.status === 'RETURNED' ? h('div', {class: 'error-box', id: 'return-reason'}, `退回原因：${evaluation.returnReason || ''}`) : null,
          mayReview ? field('退回原因（退回时必填）', reason) : null,
          h('div', {class: 'actions'}, actions), message),
      h('section', {class: 'card scroll', tabindex: '0'}, h('table', {class: 'indicators'},
          h('caption', {class: 'visually-hidden'}, '指标值'),
          h('thead', null, h('tr', null, ['编号', '指标', '分值', '目标', '实际值', '佐证材料/说明'].map((t) => h('th', {scope: 'col'}, t)))),
          h('tbody', null, rows))),
      h('section', {class: 'card'}, h('h2', null, '流转记录'), h('ul', null, history)));
}
