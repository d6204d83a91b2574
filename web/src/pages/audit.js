// 审计日志: who changed what, when, from every service's trail, filtered by
// department, year and kind (service and method), newest first.
import {h, replace, field, errorBox} from '../dom.js';
import {call} from '../api.js';
import {session} from '../session.js';
import {dateTime} from '../format.js';

const SERVICES = [['budget', 'jixiao.budget.v1.BudgetService', '预算数据'], ['indicator', 'jixiao.indicator.v1.IndicatorService', '指标与目标'],
  ['evaluation', 'jixiao.evaluation.v1.EvaluationService', '评价']];

// A long value (a whole evaluation as JSON) opens on demand.
function valueCell(value, cls) {
  const v = value || '';
  if (v.length <= 160) return h('td', {class: cls}, v);
  return h('td', {class: cls}, h('details', null, h('summary', null, `${v.slice(0, 120)}…`), h('div', {class: 'wrap'}, v)));
}

export async function auditPage(main) {
  const u = session.user;
  const region = h('input', {value: u.region || '430725', pattern: '[0-9]{6}'});
  const department = h('input', {value: ''});
  const year = h('input', {type: 'number', min: 2000, max: 2100, value: ''});
  const kind = h('select', null, h('option', {value: ''}, '全部服务'), SERVICES.map(([id, , name]) => h('option', {value: id}, name)));
  const method = h('input', {placeholder: '如 PutDepartmentYear'});
  const results = h('div', {'aria-live': 'polite'});
  const form = h('form', {class: 'card'}, h('div', {class: 'inline'},
      field('区划代码', region), field('单位编码', department), field('年度', year), field('类别', kind), field('操作（方法名）', method),
      h('div', {class: 'actions'}, h('button', {type: 'submit'}, '查询'))));
  const load = async () => {
    const request = {regionCode: region.value.trim(), pageSize: 500};
    if (department.value.trim()) request.departmentCode = department.value.trim();
    if (year.value) request.year = Number(year.value);
    if (method.value.trim()) request.method = method.value.trim();
    const chosen = SERVICES.filter(([id]) => !kind.value || id === kind.value);
    try {
      const pages = await Promise.all(chosen.map(([id, service, name]) =>
        call(`${service}/ListAudit`, request).then((r) => (r.entries || []).map((e) => ({...e, service: name})))));
      const entries = pages.flat().sort((a, b) => (a.at < b.at ? 1 : -1));
      replace(results, h('p', {class: 'muted'}, `${entries.length} 条`), h('div', {class: 'scroll', tabindex: '0'}, h('table', {id: 'audit-table'},
          h('caption', {class: 'visually-hidden'}, '审计日志'),
          h('thead', null, h('tr', null, ['时间', '谁', '服务', '操作', '对象', '改动的字段', '原值', '新值'].map((t) => h('th', {scope: 'col'}, t)))),
          h('tbody', null, entries.map((e) => h('tr', null, h('td', {class: 'nowrap'}, dateTime(e.at)), h('td', null, e.subject || '', e.role ? h('div', {class: 'muted'}, e.role) : null),
              h('td', null, e.service), h('td', null, e.method), h('td', null, e.entity),
              h('td', null, (e.changedFields || []).join('、')), valueCell(e.oldValue, 'muted'), valueCell(e.newValue, null)))))));
    } catch (e) {
      replace(results, errorBox(e));
    }
  };
  form.addEventListener('submit', (event) => { event.preventDefault(); load(); });
  replace(main, h('h1', null, '审计日志'), form, results);
  await load();
}
