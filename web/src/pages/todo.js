// 待办: what each role must do now. A department: fill, submit, answer a
// return, check its consistency findings. Finance: what awaits review, what
// was returned and not resubmitted, what has not been submitted.
import {h, replace, errorBox} from '../dom.js';
import {call, stream} from '../api.js';
import {session} from '../session.js';
import {STATUS_NAME} from '../format.js';
import {listDepartments, deptLink} from './common.js';
import {listTasks, statusBadge, today} from './rectification.js';
import {projectLink} from './projects.js';

export async function todoPage(main) {
  const u = session.user;
  const year = session.year;
  if (u.role === 'department') {
    replace(main, h('h1', null, `待办 · ${year}年度`), await departmentTodo(u.region, u.department, year));
    return;
  }
  if (!u.region) {
    replace(main, h('h1', null, '待办'), h('p', null, '管理员令牌不限区域：请打开某个区域，如 ', h('a', {href: `#/region/430725/${year}`}, '430725'), '。'));
    return;
  }
  replace(main, h('h1', null, `待办 · ${u.region} · ${year}年度`), await financeTodo(u.region, year));
}

async function departmentTodo(region, code, year) {
  const items = [];
  const key = {regionCode: region, departmentCode: code, year};
  let evaluation = null;
  try {
    evaluation = await call('jixiao.indicator.v1.IndicatorService/GetEvaluation', key);
  } catch (e) {
    if (e.code !== 'not_found') return errorBox(e);
  }
  const link = (tab, text) => h('a', {href: deptLink(region, code, year, tab)}, text);
  if (!evaluation) {
    items.push(h('li', null, '本年度绩效自评尚未开始：请联系财政部门开通或', link('indicators', '前往填报'), '。'));
  } else if (evaluation.status === 'DRAFT') {
    items.push(h('li', null, '填报指标值并提交绩效自评：', link('indicators', '去填报')));
  } else if (evaluation.status === 'RETURNED') {
    items.push(h('li', {class: 'finding error'}, h('strong', null, '财政部门已退回，请修改后重新提交。'), ' 退回原因：', evaluation.returnReason || '（未说明）', ' ', link('indicators', '去修改')));
  } else if (evaluation.status === 'SUBMITTED') {
    items.push(h('li', null, '已提交，等待财政部门审核。'));
  } else if (evaluation.status === 'APPROVED') {
    items.push(h('li', null, '本年度自评已审核通过：', link('evaluation', '查看评价结果'), '，', link('report', '下载报告'), '。'));
  }
  try {
    const report = await call('jixiao.budget.v1.BudgetService/CheckConsistency', {key});
    const findings = report.findings || [];
    const errors = findings.filter((f) => f.severity === 'SEVERITY_ERROR').length;
    if (findings.length) {
      items.push(h('li', null, `数据一致性：${errors} 个错误、${findings.length - errors} 个警告待核对 `, link('figures', '查看数据')));
    }
  } catch (e) {
    if (e.code !== 'not_found') items.push(h('li', null, errorBox(e)));
  }
  items.push(...await departmentTargetTodo(region, code, year, link));
  items.push(...await departmentProjectTodo(region, code, year));
  items.push(...await departmentRectificationTodo(region));
  return h('section', {class: 'card'}, h('h2', null, '本单位'), h('ul', {id: 'todo-items'}, items));
}

// 绩效目标 and 运行监控 for a department.
async function departmentTargetTodo(region, code, year, link) {
  const items = [];
  const key = {regionCode: region, departmentCode: code, year};
  try {
    let view = null;
    try { view = await call('jixiao.indicator.v1.TargetService/GetTargets', key); } catch (e) { if (e.code !== 'not_found') throw e; }
    const t = view && view.current;
    if (!t) items.push(h('li', null, '填报本年度绩效目标：', link('targets', '去填报')));
    else if (t.status === 'TARGET_DRAFT') items.push(h('li', null, `绩效目标（第 ${t.version} 版）尚未提交：`, link('targets', '去提交')));
    else if (t.status === 'TARGET_RETURNED') {
      items.push(h('li', {class: 'finding error', id: 'todo-targets-returned'}, h('strong', null, '绩效目标被财政部门退回，请修改后重新提交。'), ' ',
          (t.returnReasons || []).map((r) => `${r.indicatorId ? `${r.indicatorId}：` : ''}${r.reason}`).join('；'), ' ', link('targets', '去修改')));
    } else if (t.status === 'TARGET_SUBMITTED') items.push(h('li', null, '绩效目标已提交，等待财政部门审核。'));
    else if (t.status === 'TARGET_ADJUSTMENT_REQUESTED') items.push(h('li', null, '绩效目标调整申请已提交，等待财政部门决定。'));
    const rounds = (await call('jixiao.indicator.v1.MonitoringService/ListRounds', {regionCode: region, year, departmentCode: code})).rounds || [];
    for (const r of rounds.filter((x) => x.status === 'ROUND_OPEN')) {
      const m = await call('jixiao.indicator.v1.MonitoringService/GetMonitoring', {round: r.key, departmentCode: code});
      if (!m.filing) {
        items.push(h('li', {class: 'todo-monitoring'}, `运行监控“${r.title || r.key.roundId}”尚未填报（截止 ${r.due || '—'}）：`,
            h('a', {href: `${deptLink(region, code, year, 'monitoring')}/${encodeURIComponent(r.key.roundId)}`}, '去填报')));
      }
    }
  } catch (e) {
    items.push(h('li', null, errorBox(e)));
  }
  return items;
}

// 项目自评: the project filings finance returned, with the reason.
async function departmentProjectTodo(region, code, year) {
  try {
    const filings = (await call('jixiao.indicator.v1.ProjectEvaluationService/ListProjectFilings', {regionCode: region, departmentCode: code, year})).filings || [];
    return filings.filter((f) => f.status === 'RETURNED').map((f) => h('li', {class: 'finding error todo-project-returned', 'data-project': f.key.projectCode},
        h('strong', null, `项目 ${f.key.projectCode} 的自评被财政部门退回，请修改后重新提交。`), ` 退回原因：${f.returnReason || '（未说明）'} `,
        h('a', {href: projectLink(region, code, year, f.key.projectCode)}, '去修改')));
  } catch (e) {
    return [h('li', null, errorBox(e))];
  }
}

// 结果应用: the departments whose self-evaluation is approved and that have
// no department-wide decision yet.
async function financeDecisionTodo(region, year, approved, names) {
  try {
    const decisions = (await call('jixiao.evaluation.v1.ResultsService/ListDecisions', {regionCode: region, year})).decisions || [];
    const decided = new Set(decisions.filter((d) => !d.subject.projectCode).map((d) => d.subject.key.departmentCode));
    const waiting = approved.filter((code) => !decided.has(code)).sort();
    return h('section', {class: 'card', id: 'todo-decisions'}, h('h2', null, `已审核、待作结果应用决定（${waiting.length}）`),
        waiting.length === 0 ? h('p', {class: 'muted'}, '无') : h('ul', null, waiting.slice(0, 50).map((code) => h('li', {'data-code': code},
            h('a', {href: deptLink(region, code, year, 'results')}, names.get(code) || code), ` （${code}）`))),
        waiting.length > 50 ? h('p', {class: 'muted'}, `另有 ${waiting.length - 50} 个`) : null);
  } catch (e) {
    return errorBox(e);
  }
}

// 整改: the department's tasks open or reopened, the overdue first.
async function departmentRectificationTodo(region) {
  try {
    const tasks = (await listTasks(region)).filter((t) => t.status === 'TASK_OPEN' || t.status === 'TASK_REOPENED')
        .sort((a, b) => Number(Boolean(b.overdue)) - Number(Boolean(a.overdue)) || a.deadline.localeCompare(b.deadline));
    return tasks.map((t) => h('li', {class: `todo-rectification${t.status === 'TASK_REOPENED' || t.overdue ? ' finding error' : ''}`, 'data-task': t.key.taskId},
        `整改任务 ${t.key.taskId}（${t.finding.reference || ''}，期限 ${t.deadline}）`, statusBadge(t),
        t.status === 'TASK_REOPENED' && t.decisionNote ? `：${t.decisionNote}` : '', ' ',
        h('a', {href: `#/rectification/${encodeURIComponent(region)}/${t.key.taskId}`}, '去整改')));
  } catch (e) {
    return [h('li', null, errorBox(e))];
  }
}

// 整改 for finance: the tasks overdue today, and the reports awaiting
// acceptance.
async function financeRectificationTodo(region, names) {
  try {
    const [overdue, reported] = await Promise.all([listTasks(region, {overdueAsOf: today()}), listTasks(region, {status: 'TASK_REPORTED'})]);
    const list = (tasks) => tasks.length === 0 ? h('p', {class: 'muted'}, '无') : h('ul', null, tasks.slice(0, 50).map((t) => h('li', {'data-task': t.key.taskId},
        h('a', {href: `#/rectification/${encodeURIComponent(region)}/${t.key.taskId}`}, `整改任务 ${t.key.taskId}`),
        ` · ${names.get(t.departmentCode) || t.departmentCode} · ${t.finding.reference || ''} · 期限 ${t.deadline} `, statusBadge(t))));
    return [
      h('section', {class: 'card', id: 'todo-rect-overdue'}, h('h2', null, `整改任务逾期（${overdue.length}）`), list(overdue)),
      h('section', {class: 'card', id: 'todo-rect-reported'}, h('h2', null, `整改情况待验收（${reported.length}）`), list(reported)),
    ];
  } catch (e) {
    return [errorBox(e)];
  }
}

// 绩效目标 awaiting review or an adjustment decision, warnings undecided. No
// call lists a region's target sets: one GetTargets per department, for a
// region of up to 300 departments.
async function financeTargetTodo(region, year, names) {
  const review = [];
  const adjust = [];
  const codes = [...names.keys()];
  const sections = [];
  if (codes.length <= 300) {
    for (let i = 0; i < codes.length; i += 8) {
      await Promise.all(codes.slice(i, i + 8).map(async (code) => {
        try {
          const v = await call('jixiao.indicator.v1.TargetService/GetTargets', {regionCode: region, departmentCode: code, year});
          const s = v.current && v.current.status;
          if (s === 'TARGET_SUBMITTED') review.push(code);
          if (s === 'TARGET_ADJUSTMENT_REQUESTED') adjust.push({code, reason: v.current.adjustmentReason || ''});
        } catch (e) { /* none declared */ }
      }));
    }
    const list = (rows) => rows.length === 0 ? h('p', {class: 'muted'}, '无') : h('ul', null, rows.map((r) => h('li', null,
        h('a', {href: deptLink(region, r.code, year, 'targets')}, names.get(r.code) || r.code), ` （${r.code}）`, r.reason ? `：${r.reason}` : '')));
    sections.push(h('section', {class: 'card', id: 'todo-targets-review'}, h('h2', null, `绩效目标待审核（${review.length}）`), list(review.sort().map((code) => ({code})))));
    sections.push(h('section', {class: 'card', id: 'todo-targets-adjust'}, h('h2', null, `绩效目标调整申请（${adjust.length}）`), list(adjust)));
  } else {
    sections.push(h('section', {class: 'card'}, h('h2', null, '绩效目标'), h('p', {class: 'muted'}, `本区域 ${codes.length} 个单位：请逐个单位查看绩效目标。`)));
  }
  try {
    const rounds = (await call('jixiao.indicator.v1.MonitoringService/ListRounds', {regionCode: region, year})).rounds || [];
    const undecided = [];
    for (const r of rounds) {
      const w = await call('jixiao.indicator.v1.MonitoringService/ListWarnings', r.key);
      for (const x of w.warnings || []) if (!x.decision) undecided.push({round: r, warning: x});
    }
    sections.push(h('section', {class: 'card', id: 'todo-warnings'}, h('h2', null, `运行监控预警待处理（${undecided.length}）`),
        undecided.length === 0 ? h('p', {class: 'muted'}, '无') : h('ul', null, undecided.slice(0, 50).map(({round, warning}) => h('li', null,
            h('a', {href: `#/monitoring/${region}/${year}/${encodeURIComponent(round.key.roundId)}`}, `${names.get(warning.departmentCode) || warning.departmentCode}`),
            ` · ${round.key.roundId} · ${warning.message}`)))));
  } catch (e) {
    sections.push(errorBox(e));
  }
  return sections;
}

async function financeTodo(region, year) {
  const evaluations = [];
  let names = new Map();
  try {
    const [departments] = await Promise.all([
      listDepartments(region),
      stream('jixiao.indicator.v1.IndicatorService/StreamRegionEvaluations', {regionCode: region, year}, (page) => {
        for (const e of page.evaluations || []) evaluations.push({code: e.key.departmentCode, status: e.status, reason: e.returnReason || '', history: e.history || []});
      }),
    ]);
    names = new Map(departments.map((d) => [d.code, d.name]));
  } catch (e) {
    return errorBox(e);
  }
  const by = (status) => evaluations.filter((e) => e.status === status);
  const list = (rows, extra) => rows.length === 0 ? h('p', {class: 'muted'}, '无') :
    h('ul', null, rows.map((e) => h('li', null, h('a', {href: deptLink(region, e.code, year, 'indicators')}, names.get(e.code) || e.code), ` （${e.code}）`, extra ? extra(e) : null)));
  const notStarted = [...names.keys()].filter((code) => !evaluations.some((e) => e.code === code));
  const targetSections = await financeTargetTodo(region, year, names);
  const rectificationSections = await financeRectificationTodo(region, names);
  const decisionSection = await financeDecisionTodo(region, year, by('APPROVED').map((e) => e.code), names);
  return h('div', {class: 'todo-grid'},
      targetSections,
      rectificationSections,
      decisionSection,
      h('section', {class: 'card'}, h('h2', null, `自评待审核（${by('SUBMITTED').length}）`), list(by('SUBMITTED'))),
      h('section', {class: 'card'}, h('h2', null, `已退回、待单位修改（${by('RETURNED').length}）`), list(by('RETURNED'), (e) => `：${e.reason}`)),
      h('section', {class: 'card'}, h('h2', null, `填报中未提交（${by('DRAFT').length}）`), list(by('DRAFT'))),
      h('section', {class: 'card'}, h('h2', null, `已审核通过（${by('APPROVED').length}）`), list(by('APPROVED'))),
      h('section', {class: 'card'}, h('h2', null, `未开始自评的单位（${notStarted.length}）`),
          notStarted.length > 50 ? h('p', null, `${notStarted.length} 个单位，见`, h('a', {href: `#/region/${region}/${year}`}, '区域总览')) :
            list(notStarted.map((code) => ({code})))),
      h('p', {class: 'muted'}, `状态说明：${Object.values(STATUS_NAME).slice(0, 4).join('、')}。`));
}
