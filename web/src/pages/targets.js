// 绩效目标: a department-year's performance targets (TargetService). The set
// (annual goal, main tasks with funds, department-wide indicators under
// 一级/二级/三级, projects), its status and version, the mechanical review
// beside it, an editor for a draft or returned set (a refusal's field path
// shown beside its field), the workflow (submit; finance returns with a
// reason per indicator or approves; after approval an adjustment requested
// and decided) and every version.
import {h, replace, field, errorBox} from '../dom.js';
import {call} from '../api.js';
import {session} from '../session.js';
import {wan, parseWan, dateTime} from '../format.js';
import {orNull} from './common.js';
import {placeError, clearFieldErrors} from './place_error.js';

const SVC = 'jixiao.indicator.v1.TargetService';

export const TARGET_STATUS = {
  TARGET_DRAFT: '草稿（填报中）',
  TARGET_SUBMITTED: '已提交，待审核',
  TARGET_RETURNED: '已退回，待修改',
  TARGET_APPROVED: '已批复',
  TARGET_ADJUSTMENT_REQUESTED: '已申请调整，待财政决定',
};
export const COMPARATOR = {AT_LEAST: '≥', AT_MOST: '≤', EQUAL: '=', QUALITATIVE: '定性'};

// The national tree by vintage (services/indicator/domain/targets.cc).
const TREES = {
  pre2021: {产出指标: ['数量指标', '质量指标', '时效指标', '成本指标'],
    效益指标: ['经济效益指标', '社会效益指标', '生态效益指标', '可持续影响指标'], 满意度指标: ['服务对象满意度指标']},
  cz2021_101: {产出指标: ['数量指标', '质量指标', '时效指标'], 成本指标: ['经济成本指标', '社会成本指标', '生态环境成本指标'],
    效益指标: ['经济效益指标', '社会效益指标', '生态效益指标', '可持续影响指标'], 满意度指标: ['服务对象满意度指标']},
};
const TREE_NAME = {pre2021: '2021年以前（成本为产出的二级指标）', cz2021_101: '财预〔2021〕101号（成本指标为一级）'};

export function targetText(t) {
  if (!t) return '';
  if (t.comparator === 'QUALITATIVE') return `定性：${t.value || ''}`;
  return `${COMPARATOR[t.comparator] || ''} ${t.value || ''}${t.unit ? ` ${t.unit}` : ''}`.trim();
}

// Shows `error` (INVALID_ARGUMENT only) beside the control whose data-path
// is the error's path without the message's root ("targets.indicators[2].value"
// → "indicators[2].value"), or its nearest parent; returns whether a place
// was found.
export function placeFieldError(container, error, root) {
  if (!error || error.code !== 'invalid_argument') { clearFieldErrors(container); return false; }
  const strip = (path) => (root && path.startsWith(`${root}.`) ? path.slice(root.length + 1) : path);
  return placeError(container, error, strip, {showMapped: true});
}

function fundsCells(funds) {
  const f = funds || {};
  return [h('td', {class: 'num'}, wan(f.total)), h('td', {class: 'num'}, wan(f.fiscal)), h('td', {class: 'num'}, wan(f.other))];
}

// The read-only set. `reasons`: finance's inputs per indicator id while
// reviewing; `returned`: the last return's reasons by indicator id.
function setView(set, {reviewing, reasonInputs, problemsById}) {
  const returned = new Map((set.status === 'TARGET_RETURNED' ? set.returnReasons || [] : []).map((r) => [r.indicatorId || '', r.reason]));
  const indicatorTable = (indicators, caption) => {
    let previous1 = null;
    let previous2 = null;
    const rows = (indicators || []).map((ind) => {
      const l1 = ind.level1 !== previous1 ? ind.level1 : '';
      const l2 = ind.level1 !== previous1 || ind.level2 !== previous2 ? ind.level2 : '';
      previous1 = ind.level1; previous2 = ind.level2;
      let reasonCell = null;
      if (reviewing) {
        const input = h('textarea', {rows: 1, maxlength: 1000, 'aria-label': `退回原因：${ind.name}`, 'data-reason-for': ind.id});
        reasonInputs.set(ind.id, input);
        reasonCell = h('td', null, input);
      }
      const back = returned.get(ind.id);
      const problems = problemsById.get(ind.id) || [];
      return h('tr', {'data-target-id': ind.id, class: back ? 'row-returned' : null},
          h('td', null, l1), h('td', null, l2),
          h('td', null, ind.name, ind.explanation ? h('div', {class: 'muted'}, ind.explanation) : null,
              back ? h('div', {class: 'deduction return-reason'}, `退回原因：${back}`) : null,
              problems.map((p) => h('div', {class: 'deduction'}, `审核问题：${p}`))),
          h('td', {class: 'nowrap'}, targetText(ind)),
          h('td', {class: 'muted'}, ind.id),
          h('td', null, ind.frameworkIndicatorId || ''), reasonCell);
    });
    return h('div', {class: 'scroll', tabindex: '0', role: 'region', 'aria-label': caption},
        h('table', {class: 'targets'}, h('caption', {class: 'visually-hidden'}, caption),
            h('thead', null, h('tr', null, ['一级指标', '二级指标', '三级指标', '指标值', '编号', '评价指标'].map((t) => h('th', {scope: 'col'}, t)),
                reviewing ? h('th', {scope: 'col'}, '退回原因（需退回的指标填写）') : null)),
            h('tbody', null, rows.length ? rows : h('tr', null, h('td', {colspan: reviewing ? 7 : 6, class: 'muted'}, '（无指标）')))));
  };
  return h('div', {id: 'target-set'},
      h('h3', null, '年度总体目标'), h('p', {class: 'wrap', id: 'annual-goal'}, set.annualGoal || '（未填）'),
      h('p', {class: 'muted'}, `指标体系：${TREE_NAME[set.tree || 'pre2021'] || set.tree}`),
      h('h3', null, '年度主要任务（万元）'),
      h('div', {class: 'scroll', tabindex: '0', role: 'region', 'aria-label': '年度主要任务'},
          h('table', {class: 'tasks'}, h('caption', {class: 'visually-hidden'}, '年度主要任务及资金（万元）'),
              h('thead', null, h('tr', null, h('th', {scope: 'col'}, '任务名称'), h('th', {scope: 'col'}, '主要内容'),
                  ['资金总额', '财政拨款', '其他资金'].map((t) => h('th', {scope: 'col', class: 'num'}, t)))),
              h('tbody', null, (set.mainTasks || []).length ? set.mainTasks.map((t) => h('tr', null, h('td', null, t.name), h('td', null, t.content || ''), fundsCells(t.funds))) :
                h('tr', null, h('td', {colspan: 5, class: 'muted'}, '（无）'))))),
      h('h3', null, '部门整体绩效指标'),
      indicatorTable(set.indicators, '部门整体绩效指标'),
      (set.projects || []).map((p) => h('section', {class: 'project', 'data-project': p.projectCode},
          h('h3', null, `项目 ${p.projectCode} ${p.projectName || ''}`),
          h('p', {class: 'kv'}, h('span', null, `资金总额 ${wan((p.funds || {}).total)} 万元`), h('span', null, `财政拨款 ${wan((p.funds || {}).fiscal)}`),
              h('span', null, `其他资金 ${wan((p.funds || {}).other)}`)),
          p.annualGoal ? h('p', {class: 'wrap'}, `年度目标：${p.annualGoal}`) : null,
          indicatorTable(p.indicators, `项目 ${p.projectCode} 绩效指标`))),
      returned.has('') ? h('div', {class: 'error-box return-reason'}, `退回原因（整体）：${returned.get('')}`) : null);
}

// The editor: a working copy of the set, rendered as a form; each control
// carries the path the service names in a refusal (data-path).
function editor(initial, leaves, onSave, {adjustment} = {}) {
  const set = JSON.parse(JSON.stringify(initial));
  set.tree = set.tree || 'pre2021';
  set.mainTasks = set.mainTasks || [];
  set.indicators = set.indicators || [];
  set.projects = set.projects || [];
  const holder = h('div', {class: 'target-editor'});
  const message = h('div', {'aria-live': 'polite'});
  const reason = h('textarea', {rows: 2, maxlength: 2000, 'data-path': 'reason', id: 'adjust-reason'});
  const leafList = h('datalist', {id: 'framework-leaves'}, leaves.map((l) => h('option', {value: l.id}, `${l.id} ${l.name}`)));
  const bind = (obj, key, attrs, label, path, fromText = (v) => v, toText = (v) => v) => {
    const input = h(attrs.rows ? 'textarea' : 'input', {...attrs, value: obj[key] === undefined ? '' : toText(obj[key]), 'aria-label': label, 'data-path': path});
    input.addEventListener('input', () => {
      try { const v = fromText(input.value); if (v === null || v === '') delete obj[key]; else obj[key] = v; input.removeAttribute('aria-invalid'); } catch (e) { input.setAttribute('aria-invalid', 'true'); }
    });
    return input;
  };
  const money = (funds, key, label, path) => bind(funds, key, {size: 12, inputmode: 'decimal', class: 'num'}, label, path, parseWan, wan);
  const removeButton = (list, i, what) => h('button', {type: 'button', class: 'secondary small', 'aria-label': `删除${what}`, onclick: () => { list.splice(i, 1); render(); }}, '删除');

  const indicatorRows = (list, pathRoot, project) => {
    const tree = TREES[set.tree] || TREES.pre2021;
    return list.map((ind, i) => {
      const p = `${pathRoot}[${i}]`;
      const what = `${project ? `项目${project}` : ''}第${i + 1}个指标`;
      const level1 = h('select', {'aria-label': `${what} 一级指标`, 'data-path': `${p}.level1`},
          h('option', {value: ''}, '（选择）'), Object.keys(tree).map((k) => h('option', {value: k, selected: ind.level1 === k}, k)));
      const level2 = h('select', {'aria-label': `${what} 二级指标`, 'data-path': `${p}.level2`});
      const fill2 = () => replace(level2, h('option', {value: ''}, '（选择）'), (tree[ind.level1] || []).map((k) => h('option', {value: k, selected: ind.level2 === k}, k)));
      fill2();
      level1.addEventListener('change', () => { ind.level1 = level1.value; fill2(); ind.level2 = level2.value; });
      level2.addEventListener('change', () => { ind.level2 = level2.value; });
      const comparator = h('select', {'aria-label': `${what} 比较`, 'data-path': `${p}.comparator`},
          h('option', {value: ''}, '（选择）'), Object.entries(COMPARATOR).map(([k, v]) => h('option', {value: k, selected: ind.comparator === k}, v)));
      comparator.addEventListener('change', () => { if (comparator.value) ind.comparator = comparator.value; else delete ind.comparator; });
      return h('tr', {'data-row': p},
          h('td', null, bind(ind, 'id', {size: 5, 'data-col': 'id'}, `${what} 编号`, `${p}.id`)),
          h('td', null, level1), h('td', null, level2),
          h('td', null, bind(ind, 'name', {size: 16, 'data-col': 'name'}, `${what} 三级指标名称`, `${p}.name`)),
          h('td', null, comparator),
          h('td', null, bind(ind, 'value', {size: 8, 'data-col': 'value'}, `${what} 指标值`, `${p}.value`)),
          h('td', null, bind(ind, 'unit', {size: 4, 'data-col': 'unit'}, `${what} 单位`, `${p}.unit`)),
          h('td', null, bind(ind, 'explanation', {size: 14, 'data-col': 'explanation'}, `${what} 指标解释`, `${p}.explanation`)),
          h('td', null, project ? h('span', {class: 'muted'}, '—') :
            bind(ind, 'frameworkIndicatorId', {size: 6, list: 'framework-leaves', 'data-col': 'leaf'}, `${what} 对应评价指标`, `${p}.framework_indicator_id`)),
          h('td', null, removeButton(list, i, what)));
    });
  };
  const indicatorTable = (list, pathRoot, project) => h('div', {class: 'scroll'},
      h('table', {class: 'targets-edit'},
          h('thead', null, h('tr', null, ['编号', '一级指标', '二级指标', '三级指标', '比较', '指标值', '单位', '指标解释', '评价指标', ''].map((t) => h('th', {scope: 'col'}, t)))),
          h('tbody', null, indicatorRows(list, pathRoot, project))),
      h('button', {type: 'button', class: 'secondary', 'data-add': pathRoot, onclick: () => {
        const prefix = project ? `${project}-` : 'd';
        let n = list.length + 1;
        const ids = new Set(list.map((x) => x.id));
        while (ids.has(`${prefix}${n}`)) n++;
        list.push({id: `${prefix}${n}`, level1: '', level2: '', name: '', comparator: 'AT_LEAST', value: '', unit: ''});
        render();
        const added = holder.querySelector(`[data-path="${pathRoot}[${list.length - 1}].name"]`);
        if (added) added.focus();
      }}, '添加指标'));

  const render = () => {
    const tree = h('select', {'aria-label': '指标体系', 'data-path': 'tree'},
        Object.entries(TREE_NAME).map(([k, v]) => h('option', {value: k, selected: set.tree === k}, v)));
    tree.addEventListener('change', () => { set.tree = tree.value; render(); });
    replace(holder, leafList,
        h('div', {class: 'inline'}, field('指标体系', tree)),
        field('年度总体目标', bind(set, 'annualGoal', {rows: 3, maxlength: 2000, id: 'edit-annual-goal'}, '年度总体目标', 'annual_goal')),
        h('h3', null, '年度主要任务（资金：万元）'),
        h('div', {class: 'scroll'}, h('table', {class: 'targets-edit'},
            h('thead', null, h('tr', null, ['任务名称', '主要内容', '资金总额', '财政拨款', '其他资金', ''].map((t) => h('th', {scope: 'col'}, t)))),
            h('tbody', null, set.mainTasks.map((t, i) => {
              t.funds = t.funds || {};
              const p = `main_tasks[${i}]`;
              return h('tr', null, h('td', null, bind(t, 'name', {size: 14}, `第${i + 1}项任务 名称`, `${p}.name`)),
                  h('td', null, bind(t, 'content', {size: 28}, `第${i + 1}项任务 主要内容`, `${p}.content`)),
                  h('td', null, money(t.funds, 'total', `第${i + 1}项任务 资金总额（万元）`, `${p}.funds.total`)),
                  h('td', null, money(t.funds, 'fiscal', `第${i + 1}项任务 财政拨款（万元）`, `${p}.funds.fiscal`)),
                  h('td', null, money(t.funds, 'other', `第${i + 1}项任务 其他资金（万元）`, `${p}.funds.other`)),
                  h('td', null, removeButton(set.mainTasks, i, `第${i + 1}项任务`)));
            }))),
            h('button', {type: 'button', class: 'secondary', id: 'btn-add-task', onclick: () => { set.mainTasks.push({name: '', funds: {}}); render(); }}, '添加任务')),
        h('h3', null, '部门整体绩效指标'),
        indicatorTable(set.indicators, 'indicators', null),
        h('h3', null, '项目'),
        set.projects.map((proj, j) => {
          proj.funds = proj.funds || {};
          proj.indicators = proj.indicators || [];
          const p = `projects[${j}]`;
          return h('fieldset', {class: 'project'}, h('legend', null, `项目 ${j + 1}`),
              h('div', {class: 'inline'},
                  field('项目编码', bind(proj, 'projectCode', {size: 10}, `项目${j + 1} 编码`, `${p}.project_code`)),
                  field('项目名称', bind(proj, 'projectName', {size: 20}, `项目${j + 1} 名称`, `${p}.project_name`)),
                  field('资金总额（万元）', money(proj.funds, 'total', `项目${j + 1} 资金总额（万元）`, `${p}.funds.total`)),
                  field('财政拨款', money(proj.funds, 'fiscal', `项目${j + 1} 财政拨款（万元）`, `${p}.funds.fiscal`)),
                  field('其他资金', money(proj.funds, 'other', `项目${j + 1} 其他资金（万元）`, `${p}.funds.other`)),
                  removeButton(set.projects, j, `项目${j + 1}`)),
              field('年度目标', bind(proj, 'annualGoal', {rows: 2}, `项目${j + 1} 年度目标`, `${p}.annual_goal`)),
              indicatorTable(proj.indicators, `${p}.indicators`, proj.projectCode || `P${j + 1}`));
        }),
        h('button', {type: 'button', class: 'secondary', id: 'btn-add-project', onclick: () => { set.projects.push({projectCode: '', projectName: '', funds: {}, indicators: []}); render(); }}, '添加项目'),
        adjustment ? field('调整原因（必填）', reason) : null,
        h('div', {class: 'actions'}, h('button', {type: 'button', id: 'btn-targets-save', onclick: save}, adjustment ? '提交调整申请' : '保存草稿')),
        message);
  };
  async function save() {
    const bad = holder.querySelector('[aria-invalid="true"]');
    if (bad) { replace(message, errorBox({chinese: `“${bad.getAttribute('aria-label')}”不是金额（万元，最多六位小数）。`})); bad.focus(); return; }
    if (adjustment && !reason.value.trim()) { replace(message, errorBox({chinese: '申请调整必须说明原因。'})); reason.focus(); return; }
    replace(message);
    try {
      await onSave(set, reason.value.trim());
    } catch (e) {
      const placed = placeFieldError(holder, e, 'targets');
      replace(message, errorBox(placed ? {chinese: `${e.chinese}（已标在对应的栏目旁）`} : e));
    }
  }
  render();
  return holder;
}

async function frameworkLeaves(key) {
  try {
    let id = null;
    let version;
    try {
      const evaluation = await call('jixiao.indicator.v1.IndicatorService/GetEvaluation', key);
      id = evaluation.frameworkId; version = evaluation.frameworkVersion;
    } catch (e) { /* none yet */ }
    if (!id) {
      const list = await call('jixiao.indicator.v1.IndicatorService/ListFrameworks', {});
      id = ((list.frameworks || [])[0] || {}).id;
    }
    if (!id) return [];
    const framework = await call('jixiao.indicator.v1.IndicatorService/GetFramework', version ? {id, version} : {id});
    const nodes = framework.nodes || [];
    return nodes.filter((n) => !nodes.some((c) => c.parentId === n.id)).map((n) => ({id: n.id, name: n.name}));
  } catch (e) {
    return [];
  }
}

export async function targetsTab(ctx) {
  const {body, key} = ctx;
  const [view, review, history] = await Promise.all([
    orNull(`${SVC}/GetTargets`, key),
    orNull(`${SVC}/ReviewTargets`, key).catch((e) => ({error: e})),
    orNull(`${SVC}/ListTargetHistory`, key),
  ]);
  const current = view && view.current ? view.current : null;
  const inForce = view && view.inForce ? view.inForce : null;
  const status = current ? current.status : 'TARGET_STATUS_UNSPECIFIED';
  const version = current ? Number(current.version || 0) : 0;
  const u = session.user;
  const mayDeclare = u.role === 'department' || session.isFinance;
  const mayEdit = mayDeclare && (!current || status === 'TARGET_DRAFT' || status === 'TARGET_RETURNED');
  const reviewing = session.isFinance && status === 'TARGET_SUBMITTED';
  const deciding = session.isFinance && status === 'TARGET_ADJUSTMENT_REQUESTED';
  const mayAdjust = mayDeclare && status === 'TARGET_APPROVED';
  const message = h('div', {'aria-live': 'polite', id: 'targets-message'});
  const reasonInputs = new Map();
  const problemsById = new Map();
  for (const p of (review && review.problems) || []) {
    const m = /^(?:indicators|projects\[[^\]]*\]\.indicators)\[([^\]]+)\]/.exec(p.field || '');
    if (m) { if (!problemsById.has(m[1])) problemsById.set(m[1], []); problemsById.get(m[1]).push(p.message); }
  }
  const workArea = h('div', {id: 'targets-work'});
  const fail = (e) => { replace(message, errorBox(e)); message.scrollIntoView({block: 'center'}); };
  const act = async (method, request) => {
    try { await call(`${SVC}/${method}`, request); await ctx.reload(); } catch (e) { fail(e); }
  };
  const base = current || {key, tree: 'pre2021', annualGoal: '', mainTasks: [], indicators: [], projects: []};
  const strip = (set) => {
    const out = {...set, key};
    for (const k of ['status', 'version', 'returnReasons', 'adjustmentReason', 'decisionReason', 'changedBy', 'changedAt']) delete out[k];
    return out;
  };

  const actions = [];
  let leavesPromise = null;
  const openEditor = async (adjustment) => {
    leavesPromise = leavesPromise || frameworkLeaves(key);
    const leaves = await leavesPromise;
    const onSave = adjustment ?
      async (set, reason) => { await call(`${SVC}/RequestTargetAdjustment`, {targets: strip(set), expectedVersion: String(version), reason}); await ctx.reload(); } :
      async (set) => { await call(`${SVC}/PutTargets`, {targets: strip(set), expectedVersion: String(version)}); await ctx.reload(); };
    replace(workArea, h('section', {class: 'card'}, h('h2', null, adjustment ? '申请调整绩效目标' : '编辑绩效目标'),
        h('p', {class: 'muted'}, `基于第 ${version} 版修改；保存时若他人已修改，将提示刷新。金额单位：万元。`),
        editor(base, leaves, onSave, {adjustment})));
    const first = workArea.querySelector('textarea, input, select');
    if (first) first.focus();
  };
  if (mayEdit) actions.push(h('button', {type: 'button', id: 'btn-targets-edit', class: 'secondary', onclick: () => openEditor(false)}, current ? '编辑' : '开始填报'));
  if (mayEdit && current) {
    actions.push(h('button', {type: 'button', id: 'btn-targets-submit', onclick: () => act('SubmitTargets', {key, expectedVersion: String(version)}),
      disabled: Boolean(review && review.problems && review.problems.length)}, '提交审核'));
  }
  const overall = h('textarea', {rows: 2, maxlength: 1000, id: 'targets-overall-reason'});
  if (reviewing) {
    actions.push(h('button', {type: 'button', id: 'btn-targets-return', class: 'danger', onclick: () => {
      const reasons = [];
      for (const [id, input] of reasonInputs) if (input.value.trim()) reasons.push({indicatorId: id, reason: input.value.trim()});
      if (overall.value.trim()) reasons.push({indicatorId: '', reason: overall.value.trim()});
      if (!reasons.length) { fail({chinese: '退回必须至少对一个指标（或整体）说明原因。'}); return; }
      act('ReturnTargets', {key, expectedVersion: String(version), reasons});
    }}, '退回'));
    actions.push(h('button', {type: 'button', id: 'btn-targets-approve', onclick: () => act('ApproveTargets', {key, expectedVersion: String(version)})}, '批复通过'));
  }
  if (mayAdjust) actions.push(h('button', {type: 'button', id: 'btn-targets-adjust', class: 'secondary', onclick: () => openEditor(true)}, '申请调整'));
  const decision = h('textarea', {rows: 2, maxlength: 2000, id: 'targets-decision-reason'});
  if (deciding) {
    const decide = (approve) => {
      if (!decision.value.trim()) { fail({chinese: '决定必须说明理由。'}); decision.focus(); return; }
      act('DecideTargetAdjustment', {key, expectedVersion: String(version), approve, reason: decision.value.trim()});
    };
    actions.push(h('button', {type: 'button', id: 'btn-adjust-approve', onclick: () => decide(true)}, '同意调整'));
    actions.push(h('button', {type: 'button', id: 'btn-adjust-refuse', class: 'danger', onclick: () => decide(false)}, '不同意'));
  }

  const reviewPanel = h('aside', {class: 'card review', id: 'targets-review', 'aria-label': '目标审核'},
      h('h2', null, '目标审核'),
      !current ? h('p', {class: 'muted'}, '尚未填报。') :
        review && review.error ? errorBox(review.error) :
          h('div', null,
              h('h3', null, `机械检查问题（${((review && review.problems) || []).length}）`),
              (review && review.problems && review.problems.length) ?
                h('ul', {class: 'problems'}, review.problems.map((p) => h('li', {class: 'deduction'}, p.field ? h('code', null, p.field) : null, p.field ? '：' : '', p.message))) :
                h('p', {class: 'ok-box'}, '机械检查均通过，可以提交。'),
              h('h3', null, '审核要点（由审核人判断）'),
              h('ul', null, ((review && review.forReviewer) || []).map((p) => h('li', null, p.field ? h('strong', null, `${p.field}：`) : null, p.message)))));

  const historyList = ((history && history.versions) || []).slice().reverse();
  const historyTable = h('div', {class: 'scroll', tabindex: '0', role: 'region', 'aria-label': '版本记录'},
      h('table', {id: 'targets-history'}, h('caption', {class: 'visually-hidden'}, '绩效目标版本记录'),
          h('thead', null, h('tr', null, ['版本', '状态', '修改人', '时间', '说明'].map((t) => h('th', {scope: 'col'}, t)))),
          h('tbody', null, historyList.map((v) => h('tr', null, h('td', {class: 'num'}, v.version), h('td', null, TARGET_STATUS[v.status] || v.status),
              h('td', null, v.changedBy || ''), h('td', {class: 'nowrap'}, dateTime(v.changedAt)),
              h('td', null, [
                v.status === 'TARGET_RETURNED' ? (v.returnReasons || []).map((r) => `退回${r.indicatorId ? ` ${r.indicatorId}` : ''}：${r.reason}`).join('；') : '',
                v.status === 'TARGET_ADJUSTMENT_REQUESTED' && v.adjustmentReason ? `调整原因：${v.adjustmentReason}` : '',
                v.decisionReason && (v.status === 'TARGET_APPROVED') ? `决定：${v.decisionReason}` : '',
              ].filter(Boolean).join(' ')))))));

  replace(body,
      h('section', {class: 'card'},
          h('div', {class: 'actions'}, h('h2', null, '绩效目标'),
              h('span', {class: `status ${status.replace('TARGET_', '')}`, id: 'target-status'}, current ? TARGET_STATUS[status] || status : '未填报'),
              h('span', {class: 'muted', id: 'target-version'}, current ? `第 ${version} 版 · ${current.changedBy || ''} · ${dateTime(current.changedAt)}` : ''),
              inForce && inForce.version !== current.version ? h('span', {class: 'muted'}, `现行有效：第 ${inForce.version} 版`) : null),
          status === 'TARGET_ADJUSTMENT_REQUESTED' ? h('div', {class: 'finding'}, `调整原因：${current.adjustmentReason || ''}（批复前，第 ${inForce ? inForce.version : '—'} 版继续有效）`) : null,
          status === 'TARGET_APPROVED' && current.decisionReason ? h('p', {class: 'muted'}, `财政意见：${current.decisionReason}`) : null,
          reviewing ? field('退回原因（整体，可选；也可在下表逐项填写）', overall) : null,
          deciding ? field('决定理由（必填）', decision) : null,
          h('div', {class: 'actions'}, actions), message),
      workArea,
      h('div', {class: 'targets-layout'},
          h('section', {class: 'card'}, current ? setView(current, {reviewing, reasonInputs, problemsById}) :
            h('p', null, '本年度尚未填报绩效目标。', mayEdit ? '点击“开始填报”。' : '')),
          reviewPanel),
      h('section', {class: 'card'}, h('h2', null, `版本记录（${historyList.length}）`), historyTable));
}
