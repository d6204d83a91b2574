// The evaluation: the score and grade, the self-score beside it, points lost
// by 一级 and 二级 indicator (charts), and every leaf with its deductions.
import {h, replace} from '../dom.js';
import {call} from '../api.js';
import {points, fixed2} from '../format.js';
import {chart, COLORS} from '../charts.js';

export async function evaluationTab(ctx) {
  const {body, key} = ctx;
  let result;
  try {
    result = await call('jixiao.evaluation.v1.EvaluationService/Evaluate', {key}, {timeoutMs: 30000});
  } catch (e) {
    if (e.code === 'not_found') {
      replace(body, h('section', {class: 'card'}, h('p', null, '本年度尚无自评，无法评价。')));
      return;
    }
    throw e;
  }
  const nodes = result.indicators || [];
  // Where each leaf's target came from: the approved targets' indicator and
  // version (IndicatorValue.target_origin, kept after approval too).
  const origins = new Map();
  try {
    const evaluation = await call('jixiao.indicator.v1.IndicatorService/GetEvaluation', key);
    for (const v of evaluation.values || []) if (v.targetOrigin) origins.set(v.indicatorId, v.targetOrigin);
  } catch (e) { /* shown without origins */ }
  const targetsVersion = Number(result.targetsVersion || 0) || Math.max(0, ...[...origins.values()].map((o) => Number(o.targetsVersion || 0)));
  const lost = (level) => nodes.filter((n) => n.level === level).map((n) => ({id: n.id, name: n.name, weight: points(n.weight), lost: Math.max(0, points(n.weight) - points(n.score))}));
  const level1 = lost(1);
  const level2 = lost(2);
  const chart1 = h('div', {class: 'chart small', id: 'chart-level1'});
  const chart2 = h('div', {class: 'chart small', id: 'chart-level2'});
  const leafRows = nodes.map((n) => {
    if (n.level < 3 && nodes.some((c) => c.parentId === n.id)) {
      return h('tr', {class: `level${n.level}`, id: `ind-${n.id}`}, h('th', {scope: 'row'}, n.id), h('th', {colspan: 2}, n.name),
          h('th', {class: 'num'}, n.weight), h('th', {class: 'num'}, n.score), h('th', null, ''));
    }
    return h('tr', {id: `ind-${n.id}`, 'data-indicator': n.id}, h('td', null, n.id), h('td', null, n.name, n.source ? h('div', {class: 'muted'}, n.source) : null),
        h('td', null, n.value || '—', n.target ? h('div', {class: 'muted'}, `目标 ${n.target}`) : null,
            origins.has(n.id) ? h('div', {class: origins.get(n.id).problem ? 'deduction target-link' : 'muted target-link'},
                `来自绩效目标 ${origins.get(n.id).targetIndicatorId}（第 ${origins.get(n.id).targetsVersion} 版）${origins.get(n.id).problem ? `：${origins.get(n.id).problem}` : ''}`) : null),
        h('td', {class: 'num'}, n.weight), h('td', {class: 'num'}, n.score),
        h('td', null, (n.deductions || []).map((d) => h('div', {class: 'deduction'}, `− ${d.points}分：${d.reason}`)),
            h('div', {class: 'muted'}, n.explanation || ''), n.rule ? h('div', {class: 'muted'}, `规则：${n.rule}`) : null));
  });
  replace(body,
      h('section', {class: 'card'},
          h('div', null, h('span', {class: 'muted'}, '计算得分 '), h('span', {class: 'score', id: 'total'}, result.total),
              h('span', {class: 'muted'}, ` / ${result.totalWeight}`), h('span', {class: 'grade', id: 'grade'}, `等级：${result.grade}`)),
          h('p', {class: 'kv'}, result.selfScore ? h('span', null, `单位自评：${result.selfScore}`) : null,
              result.difference ? h('span', null, `差异（自评 − 计算）：${result.difference}`) : null,
              h('span', {class: 'muted'}, result.frameworkName || ''),
              targetsVersion ? h('span', {id: 'eval-targets'}, '目标值取自已批复的绩效目标（第 ', String(targetsVersion), ' 版，',
                h('a', {href: `#/dept/${key.regionCode}/${key.departmentCode}/${key.year}/targets`}, '查看'), '）') : null,
              result.complete === false ? h('strong', {class: 'deduction'}, '有指标无法评分（结果不完整）') : null)),
      h('div', {class: 'grid2'},
          h('section', {class: 'card'}, h('h2', null, '一级指标失分'), chart1),
          h('section', {class: 'card'}, h('h2', null, '二级指标失分'), chart2)),
      h('section', {class: 'card scroll', tabindex: '0'}, h('h2', null, '逐项评分与扣分说明'),
          h('table', {class: 'scored'}, h('caption', {class: 'visually-hidden'}, '指标评分表'),
              h('thead', null, h('tr', null, ['编号', '指标', '实际值', '分值', '得分', '扣分与说明'].map((t) => h('th', {scope: 'col'}, t)))),
              h('tbody', null, leafRows))),
      (result.missing || []).length ? h('section', {class: 'card'}, h('h2', null, `缺少的值（${result.missing.length}）`), h('ul', null, result.missing.map((m) => h('li', null, m)))) : null,
      (result.findings || []).length ? h('section', {class: 'card'}, h('h2', null, '数据一致性问题'), h('ul', null, result.findings.map((f) => h('li', null, `[${f.severity}] ${f.identity} ${f.message}`)))) : null);
  const barOption = (items) => ({
    grid: {left: 8, right: 16, top: 16, bottom: 8, containLabel: true},
    xAxis: {type: 'value', name: '失分', minInterval: 0.5},
    yAxis: {type: 'category', data: items.map((i) => `${i.id} ${i.name}`), inverse: true, axisLabel: {width: 150, overflow: 'truncate'}},
    series: [{type: 'bar', data: items.map((i) => Number(fixed2(i.lost))), itemStyle: {color: COLORS.lost}, label: {show: true, position: 'right'}}],
  });
  const jump = (items) => (params) => {
    const row = document.getElementById(`ind-${items[params.dataIndex].id}`);
    if (row) { row.scrollIntoView({block: 'center'}); row.classList.add('flash'); }
  };
  chart(chart1, barOption(level1), jump(level1), `一级指标失分：${level1.map((i) => `${i.name} ${fixed2(i.lost)}分`).join('，')}`);
  chart(chart2, barOption(level2), jump(level2), `二级指标失分：${level2.map((i) => `${i.name} ${fixed2(i.lost)}分`).join('，')}`);
}
