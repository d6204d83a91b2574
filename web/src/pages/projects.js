// 项目自评 (项目支出绩效自评, 财预〔2020〕10号 附件1): a department-year's
// projects as its approved targets list them, what the department filed
// for each (ProjectEvaluationService) and the 自评表 the evaluation service
// computes from it (ProjectScoringService). The department fills a
// project's filing (实际完成值, 定性 levels with their share of the weight,
// 偏差原因分析 and 改进措施 on a shortfall), saves a draft and submits;
// finance returns it with a reason or approves it. A refusal is shown
// beside the field it names.
import {h, replace, field, errorBox} from '../dom.js';
import {call} from '../api.js';
import {session} from '../session.js';
import {wan, dateTime, STATUS_NAME} from '../format.js';
import {deptLink, orNull} from './common.js';
import {download} from './report.js';
import {targetText} from './targets.js';
import {placeError, clearFieldErrors} from './place_error.js';

const FILINGS = 'jixiao.indicator.v1.ProjectEvaluationService';
const SCORING = 'jixiao.evaluation.v1.ProjectScoringService';

export const ACHIEVEMENT = {
  ACHIEVED: ['达成年度指标', '80–100%'],
  PARTLY_ACHIEVED: ['部分达成并具有一定效果', '60–80%'],
  NOT_ACHIEVED: ['未达成且效果较差', '0–60%'],
};
const LEAF_STATUS = {SCORED: '', MISSING: '未填报（0 分）', NOT_APPLICABLE: '不适用', FAILED: '无法计分'};

export const projectLink = (region, code, year, project) =>
  `${deptLink(region, code, year, 'projects')}${project ? `/${encodeURIComponent(project)}` : ''}`;

function statusBadge(status) {
  const s = status || 'STATUS_UNSPECIFIED';
  return h('span', {class: `status ${s}`, 'data-status': s}, s === 'STATUS_UNSPECIFIED' ? '未填报' : STATUS_NAME[s] || s);
}

export async function projectsTab(ctx) {
  if (ctx.extra) await projectPage(ctx, ctx.extra);
  else await projectList(ctx);
}

async function projectList(ctx) {
  const {body, key, region, code, year} = ctx;
  const [view, filings] = await Promise.all([
    orNull('jixiao.indicator.v1.TargetService/GetTargets', key),
    call(`${FILINGS}/ListProjectFilings`, key),
  ]);
  const inForce = view && view.inForce;
  const projects = (inForce && inForce.projects) || [];
  if (!projects.length) {
    replace(body, h('section', {class: 'card', id: 'projects-none'}, h('h2', null, '项目支出绩效自评'),
        h('p', null, inForce ? '已批复的绩效目标中没有项目。' : '本年度尚无已批复的绩效目标：项目自评依据已批复的项目绩效目标填报。',
            ' ', h('a', {href: deptLink(region, code, year, 'targets')}, '查看绩效目标'))));
    return;
  }
  const byCode = new Map((filings.filings || []).map((f) => [f.key.projectCode, f]));
  let scored = new Map();
  let scoreError = null;
  try {
    const all = await call(`${SCORING}/EvaluateProjects`, {key}, {timeoutMs: 30000});
    scored = new Map((all.projects || []).map((p) => [p.projectCode, p]));
  } catch (e) { scoreError = e; }
  const rows = projects.map((p) => {
    const f = byCode.get(p.projectCode);
    const s = scored.get(p.projectCode);
    const returned = f && f.status === 'RETURNED';
    return h('tr', {'data-project': p.projectCode, class: returned ? 'row-returned' : null},
        h('td', null, h('a', {href: projectLink(region, code, year, p.projectCode)}, p.projectCode)),
        h('td', null, p.projectName || '', returned ? h('div', {class: 'deduction'}, `退回原因：${f.returnReason || ''}`) : null),
        h('td', {class: 'num'}, wan((p.funds || {}).total)),
        h('td', null, statusBadge(f && f.status)),
        h('td', {class: 'num'}, s && s.complete ? s.total : '—'),
        h('td', null, s && s.complete ? s.grade || '' : ''),
        h('td', {class: 'num'}, f && f.selfScore ? f.selfScore : '—'),
        h('td', {class: 'num'}, s && s.complete && s.difference ? s.difference : '—'));
  });
  replace(body,
      h('section', {class: 'card'},
          h('h2', null, `项目支出绩效自评（${projects.length} 个项目）`),
          h('p', {class: 'muted'}, `依据已批复的绩效目标（第 ${inForce.version} 版）。计算得分在填报完整后给出；差异为单位自评减计算得分。`),
          scoreError ? errorBox(scoreError) : null,
          h('div', {class: 'scroll', tabindex: '0', role: 'region', 'aria-label': '项目列表'},
              h('table', {id: 'project-list'}, h('caption', {class: 'visually-hidden'}, '项目支出绩效自评'),
                  h('thead', null, h('tr', null, ['项目编码', '项目名称', '资金总额（万元）', '填报状态', '计算得分', '等级', '单位自评', '差异']
                      .map((t, i) => h('th', {scope: 'col', class: [2, 4, 6, 7].includes(i) ? 'num' : null}, t)))),
                  h('tbody', null, rows)))));
}

// The form: one row per indicator of the project as approved. Controls are
// named by the indicator (data-path "ind:P001-2.achievement"); a refusal's
// "filing.actuals[k]…" is mapped to the k-th actual sent, and one naming an
// indicator in its text (a submit refused for an indicator not filed) to
// that indicator. `stored()`: the filing as last saved (it changes when a
// save works and the submit after it is refused).
function filingForm(project, stored, schemes, onSave) {
  const f = stored() || {};
  const actuals = new Map((f.actuals || []).map((a) => [a.indicatorId, a]));
  const summary = h('textarea', {id: 'filing-summary', rows: 3, maxlength: 2000, 'data-path': 'achieved_summary'}, f.achievedSummary || '');
  const selfScore = h('input', {id: 'filing-self-score', size: 6, inputmode: 'decimal', value: f.selfScore || '', 'data-path': 'self_score'});
  const scheme = h('select', {id: 'filing-scheme', 'data-path': 'scheme_id'}, h('option', {value: ''}, '默认（财预〔2020〕10号）'),
      schemes.map((s) => h('option', {value: s.id, selected: f.schemeId === s.id}, `${s.name}（${s.id}）`)));
  const controls = new Map();
  const rows = (project.indicators || []).map((ind) => {
    const a = actuals.get(ind.id) || {};
    const p = `ind:${ind.id}`;
    const c = {ind};
    const what = `${ind.id} ${ind.name}`;
    let actualCell;
    if (ind.comparator === 'QUALITATIVE') {
      c.achievement = h('select', {'aria-label': `${what} 完成等次`, 'data-path': `${p}.achievement`, 'data-col': 'achievement'},
          h('option', {value: ''}, '（选择）'), Object.entries(ACHIEVEMENT).map(([k, [name, band]]) =>
            h('option', {value: k, selected: a.achievement === k}, `${name}（${band}）`)));
      c.percent = h('input', {size: 5, inputmode: 'decimal', value: a.percentOfWeight || '', 'aria-label': `${what} 得分比例（%）`,
        'data-path': `${p}.percent_of_weight`, 'data-col': 'percent'});
      actualCell = h('td', null, c.achievement, h('div', {class: 'nowrap'}, '得分比例 ', c.percent, ' %'));
    } else {
      c.value = h('input', {size: 8, inputmode: 'decimal', value: a.value || '', 'aria-label': `${what} 实际完成值（${ind.unit || ''}）`,
        'data-path': `${p}.value`, 'data-col': 'value'});
      actualCell = h('td', {class: 'nowrap'}, c.value, ` ${ind.unit || ''}`);
    }
    c.reason = h('textarea', {rows: 2, maxlength: 1000, 'aria-label': `${what} 偏差原因分析`, 'data-path': `${p}.deviation_reason`, 'data-col': 'reason'}, a.deviationReason || '');
    c.improvement = h('textarea', {rows: 2, maxlength: 1000, 'aria-label': `${what} 改进措施`, 'data-path': `${p}.improvement`, 'data-col': 'improvement'}, a.improvement || '');
    c.note = h('input', {size: 12, maxlength: 500, value: a.evidenceNote || '', 'aria-label': `${what} 数据来源`, 'data-path': `${p}.evidence_note`, 'data-col': 'note'});
    controls.set(ind.id, c);
    return h('tr', {'data-indicator': ind.id},
        h('td', {class: 'indicator-name'}, h('div', {class: 'muted'}, `${ind.level1 || ''} · ${ind.level2 || ''}`), ind.name, h('div', {class: 'muted'}, ind.id)),
        h('td', {class: 'nowrap'}, targetText(ind)),
        actualCell, h('td', null, c.reason), h('td', null, c.improvement), h('td', null, c.note));
  });
  const holder = h('div', {id: 'filing-form'});
  const message = h('div', {'aria-live': 'assertive', id: 'filing-message'});
  // The actuals to send, and which indicator each is: an indicator with
  // nothing entered is left out of a draft (the submit names it).
  const collect = () => {
    const out = [];
    const ids = [];
    const kept = new Map(((stored() || {}).actuals || []).map((a) => [a.indicatorId, a]));
    for (const [id, c] of controls) {
      const a = {indicatorId: id};
      if (c.value && c.value.value.trim()) a.value = c.value.value.trim().replace(/,/g, '');
      if (c.achievement && c.achievement.value) a.achievement = c.achievement.value;
      if (c.percent && c.percent.value.trim()) a.percentOfWeight = c.percent.value.trim();
      if (c.reason.value.trim()) a.deviationReason = c.reason.value.trim();
      if (c.improvement.value.trim()) a.improvement = c.improvement.value.trim();
      if (c.note.value.trim()) a.evidenceNote = c.note.value.trim();
      // The form has no 分值 column: a weight filed by other means (the
      // CLI) is kept, not dropped by a save here.
      const before = kept.get(id);
      if (before && before.weight !== undefined && Object.keys(a).length > 1) a.weight = before.weight;
      if (Object.keys(a).length > 1) { out.push(a); ids.push(id); }
    }
    const next = {achievedSummary: summary.value.trim(), actuals: out};
    if (selfScore.value.trim()) next.selfScore = selfScore.value.trim();
    if (scheme.value) next.schemeId = scheme.value;
    return {next, ids};
  };
  // An indicator's field, or its row's main control (实际完成值, or the
  // level of a 定性 one) for a field the form has no control of: weight,
  // indicator_id, the indicator as a whole.
  const controlPath = (id, rest) => {
    const c = controls.get(id);
    if (!c) return `ind:${id}${rest}`;
    const own = Object.values(c).find((el) => el instanceof Element && el.dataset.path === `ind:${id}${rest}`);
    return own ? own.dataset.path : (c.value || c.achievement).dataset.path;
  };
  const toPath = (ids) => (path, text) => {
    const m = /^(?:filing\.)?actuals\[(\d+)\](.*)$/.exec(path);
    if (m && ids[Number(m[1])]) return controlPath(ids[Number(m[1])], m[2]);
    // "filing.actuals: indicator "P001-3" (…) has no 实际完成值" and
    // "…every indicator needs its actual and weight; "P001-3" has none".
    const n = path === 'filing.actuals' && /^indicator "([^"]+)"|"([^"]+)" has none/.exec(text || '');
    if (n) return controlPath(n[1] || n[2], '');
    return path.replace(/^filing\./, '');
  };
  const act = async (thenSubmit) => {
    clearFieldErrors(holder);
    replace(message);
    const {next, ids} = collect();
    // Submitting what is stored already needs no new draft version.
    const filing = stored();
    const unchanged = thenSubmit && filing && JSON.stringify(contentOf(filing)) === JSON.stringify(contentOf(next));
    try {
      await onSave(unchanged ? null : next, thenSubmit);
    } catch (e) {
      const placed = placeError(holder, e, toPath(ids));
      replace(message, errorBox(placed ? {chinese: `${e.chinese}（已标在对应的栏目旁）`} : e));
    }
  };
  replace(holder,
      field('实际完成情况（对照年度总体目标）', summary),
      h('div', {class: 'scroll', tabindex: '0', role: 'region', 'aria-label': '绩效指标完成情况'},
          h('table', {class: 'filing', id: 'filing-table'}, h('caption', {class: 'visually-hidden'}, '绩效指标完成情况'),
              h('thead', null, h('tr', null, ['绩效指标（一级 · 二级 · 三级）', '年度指标值', '实际完成值', '偏差原因分析', '改进措施', '数据来源']
                  .map((t) => h('th', {scope: 'col'}, t)))),
              h('tbody', null, rows))),
      h('p', {class: 'muted'}, '未完成年度指标值（定性指标未“达成”）的，须填写偏差原因分析和改进措施。定性指标的得分比例须在所选等次的区间内。'),
      h('div', {class: 'inline'}, field('单位自评得分（分）', selfScore), field('权重方案', scheme)),
      h('div', {class: 'actions'},
          h('button', {type: 'button', id: 'btn-filing-save', class: 'secondary', onclick: () => act(false)}, '保存草稿'),
          h('button', {type: 'button', id: 'btn-filing-submit', onclick: () => act(true)}, '保存并提交')),
      message);
  return holder;
}

// The part of a filing the department writes, in one canonical shape.
function contentOf(f) {
  const keys = ['indicatorId', 'value', 'achievement', 'percentOfWeight', 'deviationReason', 'improvement', 'weight', 'evidenceNote'];
  return {achievedSummary: f.achievedSummary || '', selfScore: f.selfScore || '', schemeId: f.schemeId || '',
    actuals: (f.actuals || []).map((a) => keys.map((k) => (a[k] === undefined ? null : a[k])))};
}

// What was filed, read-only.
function filingView(project, filing) {
  const actuals = new Map((filing.actuals || []).map((a) => [a.indicatorId, a]));
  return h('div', {id: 'filing-view'},
      h('h3', null, '实际完成情况'), h('p', {class: 'wrap', id: 'filing-summary-text'}, filing.achievedSummary || '（未填）'),
      h('div', {class: 'scroll', tabindex: '0', role: 'region', 'aria-label': '已填报的指标'},
          h('table', {class: 'filing'}, h('caption', {class: 'visually-hidden'}, '已填报的指标'),
              h('thead', null, h('tr', null, ['三级指标', '年度指标值', '实际完成值', '偏差原因分析', '改进措施', '数据来源'].map((t) => h('th', {scope: 'col'}, t)))),
              h('tbody', null, (project.indicators || []).map((ind) => {
                const a = actuals.get(ind.id) || {};
                const actual = a.achievement ? `${(ACHIEVEMENT[a.achievement] || [a.achievement])[0]}，${a.percentOfWeight || '—'}%` :
                  a.value !== undefined ? `${a.value}${ind.unit ? ` ${ind.unit}` : ''}` : '未填报';
                return h('tr', {'data-indicator': ind.id}, h('td', null, ind.name, h('div', {class: 'muted'}, ind.id)),
                    h('td', {class: 'nowrap'}, targetText(ind)), h('td', null, actual),
                    h('td', {class: 'wrap'}, a.deviationReason || ''), h('td', {class: 'wrap'}, a.improvement || ''), h('td', null, a.evidenceNote || ''));
              })))),
      h('p', {class: 'kv'}, h('span', null, `单位自评得分：${filing.selfScore || '（未填）'}`),
          h('span', {class: 'muted'}, `权重方案：${filing.schemeId || '默认'}`)));
}

// The 自评表 as computed: 资金 and 执行率, each indicator's points, the
// total and grade, the department's own total beside it and the gap.
function scoreSheet(result, scheme) {
  const m = result.funds || {};
  const weightOf = (k) => scheme && scheme[k] ? scheme[k] : null;
  const formula = scheme ?
    `总分 = 预算执行率 ${weightOf('execution') || '10'} 分 + 产出指标 ${weightOf('output') || '50'} 分 + 效益指标 ${weightOf('effect') || '30'} 分 + 满意度指标 ${weightOf('satisfaction') || '10'} 分${scheme.satisfactionToEffect ? '（无满意度指标时其分值计入效益指标）' : ''}` :
    '总分 = 预算执行率 10 分 + 产出指标 50 分 + 效益指标 30 分 + 满意度指标 10 分';
  const executionFormula = `预算执行率得分 = ${m.weight || '10'} × min(全年执行数 ÷ 全年预算数, 1) = ${m.weight || '10'} × min(${wan(m.executed)} ÷ ${wan(m.fullYear)}, 1)`;
  return h('section', {class: 'card', id: 'score-sheet'},
      h('h2', null, '项目支出绩效自评表（计算结果，只读）'),
      h('div', null, h('span', {class: 'muted'}, '计算得分 '), h('span', {class: 'score', id: 'project-total'}, result.complete ? result.total : '—'),
          h('span', {class: 'muted'}, ' / 100'), h('span', {class: 'grade', id: 'project-grade'}, `等级：${result.complete ? result.grade || '—' : '—'}`)),
      h('p', {class: 'kv', id: 'project-self'},
          h('span', null, `单位自评：${result.selfScore || '（未填）'}`),
          result.difference ? h('span', {class: Math.abs(Number(result.difference)) > 5 ? 'deduction' : null}, `差异（自评 − 计算）：${result.difference}`) : null,
          result.complete ? null : h('strong', {class: 'deduction'}, '填报不完整，得分不完整')),
      (result.missing || []).length ? h('ul', {class: 'deduction'}, result.missing.map((x) => h('li', null, x))) : null,
      h('p', {class: 'muted', id: 'project-formula'}, formula, scheme && scheme.source ? `；依据：${scheme.source}` : '', scheme && scheme.note ? `（${scheme.note}）` : ''),
      h('h3', null, '项目资金（万元）'),
      h('div', {class: 'scroll', tabindex: '0', role: 'region', 'aria-label': '项目资金'},
          h('table', {id: 'project-funds'}, h('caption', {class: 'visually-hidden'}, '项目资金（万元）'),
              h('thead', null, h('tr', null, ['年初预算数', '全年预算数', '全年执行数', '分值', '执行率', '得分'].map((t) => h('th', {scope: 'col', class: 'num'}, t)))),
              h('tbody', null, h('tr', null, h('td', {class: 'num'}, wan(m.original)), h('td', {class: 'num'}, wan(m.fullYear)), h('td', {class: 'num'}, wan(m.executed)),
                  h('td', {class: 'num'}, m.weight || ''), h('td', {class: 'num'}, m.rate ? `${m.rate}%` : '—'), h('td', {class: 'num', id: 'execution-score'}, m.score || '—'))))),
      h('p', {class: 'muted', id: 'execution-formula'}, executionFormula, m.explanation ? `。${m.explanation}` : ''),
      h('h3', null, '绩效指标'),
      h('div', {class: 'scroll', tabindex: '0', role: 'region', 'aria-label': '绩效指标得分'},
          h('table', {class: 'scored', id: 'project-indicators'}, h('caption', {class: 'visually-hidden'}, '绩效指标得分'),
              h('thead', null, h('tr', null, ['一级指标', '二级指标', '三级指标', '年度指标值', '实际完成值', '分值', '得分', '计分方法', '偏差原因分析及改进措施']
                  .map((t, i) => h('th', {scope: 'col', class: i === 5 || i === 6 ? 'num' : null}, t)))),
              h('tbody', null, (result.indicators || []).map((i) => h('tr', {'data-indicator': i.indicatorId},
                  h('td', {class: 'nowrap'}, i.level1 || ''), h('td', {class: 'nowrap'}, i.level2 || ''), h('td', null, i.name || '', h('div', {class: 'muted'}, i.indicatorId)),
                  h('td', {class: 'nowrap'}, i.target || ''), h('td', null, i.actual || '—'),
                  h('td', {class: 'num'}, i.weight || ''), h('td', {class: 'num'}, i.score || '—'),
                  h('td', {class: 'muted'}, i.rule || '', LEAF_STATUS[i.status] ? h('div', {class: 'deduction'}, LEAF_STATUS[i.status]) : null),
                  h('td', {class: 'wrap'}, i.deviationReason ? `偏差原因：${i.deviationReason}` : '', i.improvement ? h('div', null, `改进措施：${i.improvement}`) : null)))))),
      h('p', {class: 'muted'}, `计算依据：绩效目标第 ${result.targetsVersion || '—'} 版，填报第 ${result.filingVersion || '—'} 版，预算数据第 ${result.figuresVersion || '—'} 版。`));
}

async function projectPage(ctx, projectCode) {
  const {body, key, region, code, year} = ctx;
  const projectKey = {...key, projectCode};
  const [view, loaded, schemeList] = await Promise.all([
    orNull('jixiao.indicator.v1.TargetService/GetTargets', key),
    orNull(`${FILINGS}/GetProjectFiling`, projectKey),
    call(`${SCORING}/ListProjectSchemes`, {}).catch(() => ({schemes: []})),
  ]);
  const inForce = view && view.inForce;
  const project = ((inForce && inForce.projects) || []).find((p) => p.projectCode === projectCode);
  const back = h('p', null, h('a', {href: projectLink(region, code, year)}, '← 返回项目列表'));
  if (!project) {
    replace(body, back, h('section', {class: 'card'}, h('p', null, `已批复的绩效目标中没有项目“${projectCode}”。`)));
    return;
  }
  const schemes = schemeList.schemes || [];
  let result = null;
  let resultError = null;
  try {
    result = await call(`${SCORING}/EvaluateProject`, {key, projectCode}, {timeoutMs: 30000});
  } catch (e) { resultError = e; }
  // The filing as last stored: a save that works replaces it (and its
  // version) even when the submit after it is refused, so that the next
  // save or submit names the version stored, not the one loaded.
  let filing = loaded;
  const status = filing ? filing.status : 'STATUS_UNSPECIFIED';
  const u = session.user;
  const mayFill = (u.role === 'department' || u.role === 'admin') && (!filing || status === 'DRAFT' || status === 'RETURNED');
  const mayReview = session.isFinance && status === 'SUBMITTED';
  const message = h('div', {'aria-live': 'assertive', id: 'review-message'});
  const version = () => (filing ? Number(filing.version || 0) : 0);
  const statusEl = h('span', {id: 'filing-status'}, statusBadge(status));
  const versionEl = h('span', {class: 'muted', id: 'filing-version'});
  const showVersion = () => replace(versionEl, filing ? `第 ${filing.version} 版 · ${filing.changedBy || ''} ${dateTime(filing.changedAt)}` : '尚未填报');
  showVersion();

  // `next` null: submit the stored filing as it is.
  const save = async (next, thenSubmit) => {
    if (next) {
      filing = await call(`${FILINGS}/PutProjectFiling`, {filing: {key: projectKey, ...next}, expectedVersion: version()});
      replace(statusEl, statusBadge(filing.status));
      showVersion();
    }
    if (thenSubmit) await call(`${FILINGS}/SubmitProjectFiling`, {key: projectKey, expectedVersion: filing.version});
    await ctx.reload();
  };
  const reason = h('textarea', {id: 'filing-return-reason', rows: 2, maxlength: 1000, 'data-path': 'reason'});
  const reviewBox = h('div', {id: 'filing-review'});
  const transition = async (kind) => {
    clearFieldErrors(reviewBox);
    const request = {key: projectKey, expectedVersion: version()};
    if (kind === 'Return') request.reason = reason.value.trim();
    try {
      await call(`${FILINGS}/${kind}ProjectFiling`, request);
      await ctx.reload();
    } catch (e) {
      placeError(reviewBox, e);
      replace(message, errorBox(e));
    }
  };
  if (mayReview) {
    replace(reviewBox, field('退回原因（退回时必填）', reason),
        h('div', {class: 'actions'},
            h('button', {type: 'button', class: 'danger', id: 'btn-filing-return', onclick: () => transition('Return')}, '退回'),
            h('button', {type: 'button', id: 'btn-filing-approve', onclick: () => transition('Approve')}, '审核通过')),
        message);
  }
  const scheme = result ? schemes.find((s) => s.id === (result.schemeId || 'cz2020_10')) : null;
  const form = async (format) => {
    const r = await call(`${SCORING}/RenderProjectForm`, {project: {key, projectCode}, format}, {timeoutMs: 30000});
    download(r.content, r.fileName || `${projectCode}.${format === 'HTML' ? 'html' : 'md'}`);
  };
  const funds = project.funds || {};
  replace(body, back,
      h('section', {class: 'card'},
          h('div', {class: 'actions'}, h('h2', {id: 'project-title'}, `项目 ${project.projectCode} ${project.projectName || ''}`),
              statusEl, versionEl),
          h('p', {class: 'kv'}, h('span', null, `资金总额 ${wan(funds.total)} 万元`), h('span', null, `财政拨款 ${wan(funds.fiscal)} 万元`),
              h('span', null, `其他资金 ${wan(funds.other)} 万元`), h('span', {class: 'muted'}, `绩效目标第 ${inForce.version} 版`)),
          project.annualGoal ? h('p', {class: 'wrap'}, `年度总体目标：${project.annualGoal}`) : null,
          filing && filing.returnReason ? h('div', {class: 'error-box', id: 'filing-return'}, `财政部门退回原因：${filing.returnReason}`) : null,
          mayFill ? filingForm(project, () => filing, schemes, save) : filing ? filingView(project, filing) : h('p', {class: 'muted'}, '单位尚未填报。'),
          reviewBox),
      result ? scoreSheet(result, scheme) : h('section', {class: 'card'}, errorBox(resultError)),
      result ? h('section', {class: 'card'}, h('div', {class: 'actions'}, h('h2', null, '下载自评表'),
          h('button', {type: 'button', class: 'secondary', onclick: () => form('MARKDOWN').catch((e) => alertBox(body, e))}, 'Markdown'),
          h('button', {type: 'button', class: 'secondary', onclick: () => form('HTML').catch((e) => alertBox(body, e))}, 'HTML'))) : null);
}

function alertBox(body, e) {
  body.appendChild(errorBox(e));
}
