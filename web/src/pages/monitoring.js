// 运行监控 (双监控): a department's view of a round (execution beside time
// progress, computed by the service; the filing per indicator of the targets
// in force; its warnings; the 绩效监控表), and finance's region view (open
// and close rounds, every department's summary streamed, every warning in
// one list with its decision).
import {h, replace, field, errorBox} from '../dom.js';
import {call, stream} from '../api.js';
import {session} from '../session.js';
import {wan, dateTime} from '../format.js';
import {chart, COLORS} from '../charts.js';
import {deptLink} from './common.js';
import {targetText, placeFieldError} from './targets.js';
import {download} from './report.js';

const SVC = 'jixiao.indicator.v1.MonitoringService';
export const LIKELIHOOD = {CERTAIN: '确定能', POSSIBLE: '有可能', IMPOSSIBLE: '完全不可能'};
export const CAUSE = {FUNDING: '经费保障', POLICY: '制度保障', STAFFING: '人员保障', EQUIPMENT: '硬件条件保障', OTHER: '其他'};
export const ACTION = {SUSPEND_FUNDING: '暂缓拨付', ADJUST_BUDGET: '调整预算', URGE_RECTIFICATION: '督促整改'};
const KIND = {EXECUTION_LAG: '执行进度滞后', TARGET_AT_RISK: '目标可能无法完成', NO_PAYMENTS: '项目无支出'};
const ROUND_STATUS = {ROUND_OPEN: '进行中', ROUND_CLOSED: '已结束'};

export const pct = (bp) => (bp === undefined || bp === null ? '—' : `${(Number(bp) / 100).toFixed(2)}%`);

function roundLink(region, year, id) {
  return `#/monitoring/${encodeURIComponent(region)}/${year}/${encodeURIComponent(id)}`;
}

function roundLine(round) {
  return h('p', {class: 'kv muted'}, h('span', null, `轮次 ${round.key.roundId}`), h('span', null, `数据截至 ${round.asOf}`),
      h('span', null, `填报截止 ${round.due || '—'}`), h('span', null, `预警阈值 ${(Number(round.lagThresholdBp || 0) / 100).toFixed(0)} 个百分点`),
      h('span', {class: `status ${round.status === 'ROUND_OPEN' ? 'SUBMITTED' : 'APPROVED'}`, id: 'round-status'}, ROUND_STATUS[round.status] || round.status));
}

function executionChart(el, execution) {
  const rows = [{name: '部门整体', exec: execution.executionBp, time: execution.timeProgressBp}]
      .concat((execution.projects || []).map((p) => ({name: `${p.projectCode} ${p.projectName || ''}`, exec: p.executionBp, time: execution.timeProgressBp})));
  const label = rows.map((r) => `${r.name} 执行率 ${pct(r.exec)}，时间进度 ${pct(r.time)}`).join('；');
  el.style.height = `${Math.max(140, 60 + rows.length * 46)}px`;
  chart(el, {
    legend: {top: 0},
    grid: {left: 8, right: 40, top: 28, bottom: 8, containLabel: true},
    xAxis: {type: 'value', max: 100, axisLabel: {formatter: '{value}%'}},
    yAxis: {type: 'category', inverse: true, data: rows.map((r) => r.name), axisLabel: {width: 160, overflow: 'truncate'}},
    series: [
      {name: '执行率', type: 'bar', data: rows.map((r) => (r.exec === undefined ? 0 : Number(r.exec) / 100)), itemStyle: {color: COLORS.bar}, label: {show: true, position: 'right', formatter: '{c}%'}},
      {name: '时间进度', type: 'bar', data: rows.map((r) => Number(r.time || 0) / 100), itemStyle: {color: '#9e9e9e'}, label: {show: true, position: 'right', formatter: '{c}%'}},
    ],
  }, null, `执行率与时间进度：${label}`);
}

function executionSection(execution) {
  if (!execution) return null;
  const chartEl = h('div', {class: 'chart small', id: 'chart-execution'});
  const table = h('table', {id: 'execution-table'}, h('caption', {class: 'visually-hidden'}, '预算执行情况（万元）'),
      h('thead', null, h('tr', null, ['', '全年预算（万元）', '截至目前支付（万元）', '执行率', '时间进度', '差距（百分点）'].map((t, i) => h('th', {scope: 'col', class: i ? 'num' : null}, t)))),
      h('tbody', null, [{name: '部门整体', budget: execution.budget, paid: execution.paid, bp: execution.executionBp}]
          .concat((execution.projects || []).map((p) => ({name: `${p.projectCode} ${p.projectName || ''}`, budget: p.budget, paid: p.paid, bp: p.executionBp})))
          .map((r) => h('tr', null, h('th', {scope: 'row', class: 'nowrap'}, r.name), h('td', {class: 'num'}, wan(r.budget)), h('td', {class: 'num'}, wan(r.paid || '0')),
              h('td', {class: 'num'}, pct(r.bp)), h('td', {class: 'num'}, pct(execution.timeProgressBp)),
              h('td', {class: 'num'}, r.bp === undefined ? '—' : ((Number(r.bp) - Number(execution.timeProgressBp || 0)) / 100).toFixed(2))))));
  const section = h('section', {class: 'card'}, h('h2', null, `预算执行（截至 ${execution.asOf}）`),
      execution.figuresStored === false ? h('p', {class: 'error-box'}, '预算服务中尚无本年度预算数据，无法计算执行率。') : null,
      h('div', {class: 'grid2'}, h('div', {class: 'scroll', tabindex: '0', role: 'region', 'aria-label': '预算执行情况'}, table), chartEl),
      h('p', {class: 'muted'}, '执行率 = 截至数据日的支付 ÷ 全年预算（有调整预算时用调整预算）；时间进度 = 已过天数 ÷ 全年天数。均由系统计算，不可填写。'));
  return {section, draw: () => executionChart(chartEl, execution)};
}

function warningItem(w, extra, names) {
  const d = w.decision;
  return h('li', {class: `finding ${d ? '' : 'error'}`, 'data-warning': w.id, 'data-department': w.departmentCode},
      h('strong', null, `[${KIND[w.kind] || w.kind}] `), w.departmentCode ? `${(names && names.get(w.departmentCode)) || w.departmentCode} · ` : '', w.projectCode ? `项目 ${w.projectCode} · ` : '',
      w.indicatorId ? `指标 ${w.indicatorId} · ` : '', h('span', null, w.message),
      h('div', {class: d ? 'ok-box decision' : 'muted decision'}, d ? `财政处理：${ACTION[d.action] || d.action}——${d.note}（${d.decidedBy || ''} ${dateTime(d.decidedAt)}）` : '尚未处理'),
      extra || null);
}

// The department's view of a round: ctx.extra names the round (else the
// newest).
export async function monitoringTab(ctx) {
  const {body, region, code, year} = ctx;
  const rounds = (await call(`${SVC}/ListRounds`, {regionCode: region, year, departmentCode: code})).rounds || [];
  if (!rounds.length) {
    replace(body, h('section', {class: 'card'}, h('h2', null, '运行监控'), h('p', null, `${year}年度财政部门尚未开启运行监控。`),
        session.isFinance ? h('a', {href: `#/monitoring/${region}/${year}`}, '前往开启监控轮次') : null));
    return;
  }
  const round = rounds.find((r) => r.key.roundId === ctx.extra) || rounds[0];
  const mkey = {round: round.key, departmentCode: code};
  const [view, targets] = await Promise.all([
    call(`${SVC}/GetMonitoring`, mkey),
    call('jixiao.indicator.v1.TargetService/GetTargets', ctx.key).catch(() => null),
  ]);
  const inForce = targets && targets.inForce ? targets.inForce : null;
  const filing = view.filing || null;
  const filed = new Map(((filing && filing.indicators) || []).map((i) => [i.indicatorId, i]));
  const open = round.status === 'ROUND_OPEN';
  const mayFile = open && (session.isDepartment || session.isFinance) && inForce;
  const message = h('div', {'aria-live': 'polite'});
  const picker = h('select', {'aria-label': '监控轮次', id: 'round-picker'}, rounds.map((r) => h('option', {value: r.key.roundId, selected: r.key.roundId === round.key.roundId},
      `${r.title || r.key.roundId}（${ROUND_STATUS[r.status] || ''}）`)));
  picker.addEventListener('change', () => { location.hash = `${deptLink(region, code, year, 'monitoring')}/${encodeURIComponent(picker.value)}`; });

  const indicators = [];
  if (inForce) {
    for (const i of inForce.indicators || []) indicators.push({...i, projectCode: ''});
    for (const p of inForce.projects || []) for (const i of p.indicators || []) indicators.push({...i, projectCode: p.projectCode});
  }
  const editors = [];
  const rows = indicators.map((ind) => {
    const f = filed.get(ind.id) || {};
    const what = ind.name;
    if (!mayFile) {
      return h('tr', {'data-indicator': ind.id}, h('td', null, ind.projectCode || '部门整体'), h('td', null, ind.name), h('td', {class: 'nowrap'}, targetText(ind)),
          h('td', null, f.valueToDate || ''), h('td', null, f.forecast || ''), h('td', null, LIKELIHOOD[f.likelihood] || ''),
          h('td', null, CAUSE[f.deviationCause] || ''), h('td', null, f.correctiveMeasure || ''));
    }
    const e = {id: ind.id,
      toDate: h('input', {size: 8, value: f.valueToDate || '', 'aria-label': `${what} 截至目前完成值`, 'data-col': 'value_to_date'}),
      forecast: h('input', {size: 8, value: f.forecast || '', 'aria-label': `${what} 全年预计`, 'data-col': 'forecast'}),
      likelihood: h('select', {'aria-label': `${what} 完成目标可能性`, 'data-col': 'likelihood'}, h('option', {value: ''}, '（选择）'),
          Object.entries(LIKELIHOOD).map(([k, v]) => h('option', {value: k, selected: f.likelihood === k}, v))),
      cause: h('select', {'aria-label': `${what} 偏差原因`, 'data-col': 'deviation_cause'}, h('option', {value: ''}, '（无偏差）'),
          Object.entries(CAUSE).map(([k, v]) => h('option', {value: k, selected: f.deviationCause === k}, v))),
      measure: h('textarea', {rows: 1, maxlength: 1000, 'aria-label': `${what} 纠偏措施`, 'data-col': 'corrective_measure'}, f.correctiveMeasure || '')};
    editors.push(e);
    return h('tr', {'data-indicator': ind.id}, h('td', null, ind.projectCode || '部门整体'), h('td', null, ind.name), h('td', {class: 'nowrap'}, targetText(ind)),
        h('td', null, e.toDate), h('td', null, e.forecast), h('td', null, e.likelihood), h('td', null, e.cause), h('td', null, e.measure));
  });
  const formHolder = h('div', {class: 'scroll', id: 'filing-form'},
      h('table', {id: 'filing-table'}, h('caption', {class: 'visually-hidden'}, '绩效目标完成情况'),
          h('thead', null, h('tr', null, ['项目', '指标', '年度指标值', '截至目前完成', '全年预计', '完成可能性', '偏差原因', '纠偏措施'].map((t) => h('th', {scope: 'col'}, t)))),
          h('tbody', null, rows.length ? rows : h('tr', null, h('td', {colspan: 8, class: 'muted'}, inForce ? '（目标中无指标）' : '尚无已批复的绩效目标：批复后方可填报监控。')))));

  async function save() {
    const sent = [];
    for (const el of formHolder.querySelectorAll('[data-path]')) el.removeAttribute('data-path');
    for (const e of editors) {
      const item = {indicatorId: e.id};
      if (e.toDate.value.trim()) item.valueToDate = e.toDate.value.trim();
      if (e.forecast.value.trim()) item.forecast = e.forecast.value.trim();
      if (e.likelihood.value) item.likelihood = e.likelihood.value;
      if (e.cause.value) item.deviationCause = e.cause.value;
      if (e.measure.value.trim()) item.correctiveMeasure = e.measure.value.trim();
      if (Object.keys(item).length === 1) continue;
      const i = sent.length;
      for (const [control, name] of [[e.toDate, 'value_to_date'], [e.forecast, 'forecast'], [e.likelihood, 'likelihood'], [e.cause, 'deviation_cause'], [e.measure, 'corrective_measure']]) {
        control.dataset.path = `indicators[${i}].${name}`;
      }
      e.toDate.closest('tr').dataset.path = `indicators[${i}]`;
      sent.push(item);
    }
    try {
      await call(`${SVC}/PutMonitoring`, {filing: {key: mkey, indicators: sent}, expectedVersion: String(filing ? filing.version : 0)});
      await ctx.reload();
    } catch (e) {
      const placed = placeFieldError(formHolder, e, 'filing');
      replace(message, errorBox(placed ? {chinese: `${e.chinese}（已标在对应的栏目旁）`} : e));
    }
  }

  const preview = h('pre', {class: 'report', id: 'monitoring-table', tabindex: '0', 'aria-label': '绩效监控表', hidden: true});
  const render = async (format) => call(`${SVC}/RenderMonitoringTable`, {key: mkey, format});
  const exec = executionSection(view.execution);
  replace(body,
      h('section', {class: 'card'},
          h('div', {class: 'actions'}, h('h2', null, round.title || `运行监控 ${round.key.roundId}`), field('监控轮次', picker)),
          roundLine(round),
          session.isFinance ? h('p', null, h('a', {href: roundLink(region, year, round.key.roundId)}, '本轮次全区域情况与预警处理')) : null),
      exec ? exec.section : null,
      h('section', {class: 'card'},
          h('div', {class: 'actions'}, h('h2', null, '绩效目标完成情况'),
              h('span', {class: 'muted', id: 'filing-version'}, filing ? `已填报 · 第 ${filing.version} 版 · ${filing.changedBy || ''} ${dateTime(filing.changedAt)} · 对照目标第 ${filing.targetsVersion} 版` : '尚未填报')),
          open ? null : h('p', {class: 'muted'}, '本轮次已结束，不能再填报。'),
          h('p', {class: 'muted'}, '定量指标填数值，定性指标填文字；完成可能性不是“确定能”时，须填写偏差原因和纠偏措施。'),
          formHolder,
          mayFile ? h('div', {class: 'actions'}, h('button', {type: 'button', id: 'btn-monitoring-save', onclick: save}, '保存填报')) : null,
          message),
      h('section', {class: 'card'}, h('h2', null, `预警（${(view.warnings || []).length}）`),
          (view.warnings || []).length ? h('ul', {class: 'plain', id: 'dept-warnings'}, view.warnings.map((w) => warningItem(w, null, new Map([[code, view.departmentName || code]])))) : h('p', {class: 'ok-box'}, '无预警。')),
      h('section', {class: 'card'},
          h('div', {class: 'actions'}, h('h2', null, '绩效监控表'),
              h('button', {type: 'button', class: 'secondary', id: 'btn-table-preview', onclick: async () => {
                try { const t = await render('TABLE_MARKDOWN'); preview.textContent = t.content; preview.hidden = false; preview.focus(); } catch (e) { replace(message, errorBox(e)); }
              }}, '预览'),
              h('button', {type: 'button', class: 'secondary', onclick: async () => {
                try { const t = await render('TABLE_MARKDOWN'); download(t.content, `绩效监控表-${code}-${round.key.roundId}.md`); } catch (e) { replace(message, errorBox(e)); }
              }}, '下载 Markdown'),
              h('button', {type: 'button', class: 'secondary', onclick: async () => {
                try { const t = await render('TABLE_HTML'); download(t.content, `绩效监控表-${code}-${round.key.roundId}.html`); } catch (e) { replace(message, errorBox(e)); }
              }}, '下载 HTML')),
          preview));
  if (exec) exec.draw();
}

// Finance's region view: the rounds (open one; close one), and for the
// chosen round every department's summary and every warning, decided here.
export async function regionMonitoringPage(main, region, year, roundId) {
  const rounds = (await call(`${SVC}/ListRounds`, {regionCode: region, year})).rounds || [];
  const round = rounds.find((r) => r.key.roundId === roundId) || rounds[0] || null;
  const message = h('div', {'aria-live': 'polite'});
  const fail = (e) => replace(message, errorBox(e));

  const id = h('input', {value: `${year}-07`, size: 10, required: true, id: 'round-id'});
  const asOf = h('input', {type: 'date', value: `${year}-07-31`, required: true, id: 'round-as-of'});
  const due = h('input', {type: 'date', value: `${year}-08-20`, id: 'round-due'});
  const title = h('input', {value: `${year}年1-7月绩效运行监控`, size: 24, id: 'round-title'});
  const threshold = h('input', {type: 'number', min: 0, max: 100, size: 4, placeholder: '默认', id: 'round-threshold'});
  const openForm = h('form', {class: 'card', id: 'open-round'}, h('h2', null, '开启监控轮次'),
      h('div', {class: 'inline'}, field('轮次编号', id), field('数据截至', asOf), field('填报截止', due), field('标题', title), field('预警阈值（百分点）', threshold)),
      h('div', {class: 'actions'}, h('button', {type: 'submit', id: 'btn-open-round'}, '开启')));
  openForm.addEventListener('submit', async (event) => {
    event.preventDefault();
    const r = {key: {regionCode: region, roundId: id.value.trim()}, year, asOf: asOf.value, due: due.value, title: title.value.trim()};
    if (threshold.value !== '') r.lagThresholdBp = Math.round(Number(threshold.value) * 100);
    try {
      await call(`${SVC}/OpenRound`, {round: r});
      location.hash = roundLink(region, year, r.key.roundId);
    } catch (e) { fail(e); }
  });

  const roundList = h('ul', {id: 'round-list'}, rounds.map((r) => h('li', null,
      h('a', {href: roundLink(region, year, r.key.roundId), 'aria-current': round && r.key.roundId === round.key.roundId ? 'true' : null}, r.title || r.key.roundId),
      ` （${r.key.roundId}，截至 ${r.asOf}，${ROUND_STATUS[r.status] || ''}）`)));

  const parts = [h('h1', null, `运行监控 · ${region} · ${year}年度`), message];
  if (!round) {
    replace(main, ...parts, h('section', {class: 'card'}, h('p', null, '本年度尚无监控轮次。')), openForm);
    return;
  }
  const rkey = round.key;
  const summary = [];
  const [warnings] = await Promise.all([
    call(`${SVC}/ListWarnings`, rkey),
    stream(`${SVC}/StreamMonitoringSummary`, rkey, (page) => { for (const d of page.departments || []) summary.push(d); }).catch((e) => { summary.error = e; }),
  ]);
  const list = warnings.warnings || [];
  const names = new Map((summary.error ? [] : summary).map((d) => [d.departmentCode, d.departmentName || d.departmentCode]));
  const summaryTable = summary.error ? errorBox(summary.error) :
    h('div', {class: 'scroll tall', tabindex: '0', role: 'region', 'aria-label': '各单位执行与填报情况'},
        h('table', {id: 'monitoring-summary'}, h('caption', {class: 'visually-hidden'}, '各单位执行与填报情况'),
            h('thead', null, h('tr', null, ['单位', '全年预算（万元）', '已支付（万元）', '执行率', '时间进度', '已填报', '预警（已处理）'].map((t, i) => h('th', {scope: 'col', class: i ? 'num' : null}, t)))),
            h('tbody', null, summary.map((d) => h('tr', {'data-department': d.departmentCode},
                h('th', {scope: 'row'}, h('a', {href: `${deptLink(region, d.departmentCode, year, 'monitoring')}/${encodeURIComponent(rkey.roundId)}`}, d.departmentName || d.departmentCode)),
                h('td', {class: 'num'}, d.figuresStored === false ? '无数据' : wan(d.budget)), h('td', {class: 'num'}, wan(d.paid || '0')),
                h('td', {class: 'num'}, pct(d.executionBp)), h('td', {class: 'num'}, pct(d.timeProgressBp)),
                h('td', {class: 'num'}, d.filed ? '是' : '否'), h('td', {class: 'num'}, `${d.warnings || 0}（${d.warningsDecided || 0}）`))))));

  const items = list.map((w) => {
    const action = h('select', {'aria-label': `${w.departmentCode} ${w.id} 处理方式`}, Object.entries(ACTION).map(([k, v]) => h('option', {value: k, selected: w.decision && w.decision.action === k}, v)));
    const note = h('input', {size: 30, maxlength: 1000, 'aria-label': `${w.departmentCode} ${w.id} 处理意见`, placeholder: '处理意见（必填）'});
    const decide = h('button', {type: 'button', class: 'small', onclick: async () => {
      if (!note.value.trim()) { fail({chinese: '处理预警必须填写意见。'}); note.focus(); return; }
      try {
        await call(`${SVC}/DecideWarning`, {key: {round: rkey, departmentCode: w.departmentCode}, warningId: w.id, action: action.value, note: note.value.trim()});
        await regionMonitoringPage(main, region, year, rkey.roundId);
      } catch (e) { fail(e); }
    }}, w.decision ? '重新处理' : '处理');
    return warningItem(w, h('div', {class: 'inline decide'}, action, note, decide), names);
  });
  const undecided = list.filter((w) => !w.decision).length;
  const close = round.status === 'ROUND_OPEN' ? h('button', {type: 'button', class: 'danger', id: 'btn-close-round', onclick: async () => {
    try { await call(`${SVC}/CloseRound`, rkey); await regionMonitoringPage(main, region, year, rkey.roundId); } catch (e) { fail(e); }
  }}, '结束本轮次') : null;
  replace(main, ...parts,
      h('section', {class: 'card'}, h('div', {class: 'actions'}, h('h2', null, round.title || rkey.roundId), close), roundLine(round),
          h('p', {class: 'muted'}, `开启：${round.openedBy || ''} ${dateTime(round.openedAt)}${round.closedAt ? `；结束：${round.closedBy || ''} ${dateTime(round.closedAt)}` : ''}`),
          h('h3', null, '全部轮次'), roundList),
      h('section', {class: 'card'}, h('h2', null, `预警（${list.length}，未处理 ${undecided}）`),
          list.length ? h('ul', {class: 'plain', id: 'region-warnings'}, items) : h('p', {class: 'ok-box'}, '本轮次无预警。')),
      h('section', {class: 'card'}, h('h2', null, `各单位（${summary.length || '—'}）`), summaryTable),
      openForm);
}
