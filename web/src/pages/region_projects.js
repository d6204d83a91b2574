// A region's projects for finance: every project of the region's approved
// targets scored in one streamed call (EvaluateRegionProjects), kept as the
// summary's ranking; the ranking sortable and filtered by grade or text, the
// grade distribution, the departments whose projects score lowest (a bar
// opens the department's 项目自评), and the projects whose own total differs
// from the computed one by more than N points.
import {h, replace, field} from '../dom.js';
import {points, fixed2} from '../format.js';
import {chart, gradeChart, COLORS, GRADES} from '../charts.js';
import {deptLink, streamRegion} from './common.js';
import {projectLink} from './projects.js';
import {sortableHeader, sortRanking} from './ranking.js';

// The ranking and gap list the page asks for at most (the service's limit:
// 1000 by default, 10000 at most); the counts are the whole region's.
const RANKING_LIMIT = 5000;

export async function regionProjectsPage(main, region, year, gap = '5') {
  const progress = h('p', {class: 'muted', 'aria-live': 'polite', id: 'projects-progress'}, '正在计算全区项目得分…');
  const holder = h('div', {id: 'projects-body'});
  replace(main, h('h1', null, `项目支出绩效 · ${region} · ${year}年度`),
      h('p', null, h('a', {href: `#/region/${encodeURIComponent(region)}/${year}`}, '← 区域总览（部门整体）')), progress, holder);
  const streamed = await streamRegion('jixiao.evaluation.v1.ProjectScoringService/EvaluateRegionProjects',
      {regionCode: region, year, gapPoints: gap, limit: RANKING_LIMIT},
      {progress, holder, every: 500, counting: (n) => `已计算 ${n} 个项目…`});
  if (!streamed) return;
  const summary = streamed.summary || {};
  const rows = (summary.ranking || []).map((r) => ({
    rank: r.rank || 0, code: r.departmentCode, dept: r.departmentName || r.departmentCode, project: r.projectCode,
    name: r.projectName || r.projectCode, total: points(r.total), totalText: r.total || '', grade: r.grade || '',
    // Numbers to sort by; the service's exact strings to show.
    self: r.selfScore !== undefined ? points(r.selfScore) : null, selfText: r.selfScore || '',
    diff: r.difference !== undefined ? points(r.difference) : null, diffText: r.difference || '',
  }));
  const evaluated = summary.evaluated || 0;
  progress.textContent = `共 ${evaluated} 个项目，其中填报不完整 ${summary.incomplete || 0} 个${rows.length < evaluated ? `；排名列出前 ${rows.length} 个` : ''}。`;
  render(holder, region, year, rows, summary, gap);
}

function render(holder, region, year, rows, summary, gap) {
  const state = {sort: 'rank', asc: true, text: '', grade: '', limit: 200};
  const text = h('input', {type: 'search', placeholder: '单位或项目', id: 'projects-search'});
  const grade = h('select', {id: 'projects-grade'}, h('option', {value: ''}, '全部'), GRADES.map((g) => h('option', {value: g}, g)));
  const count = h('span', {class: 'muted', 'aria-live': 'polite'});
  const tbody = h('tbody');
  const more = h('button', {type: 'button', class: 'secondary'}, '再列出 500 个');
  more.addEventListener('click', () => { state.limit += 500; draw(); });
  const columns = [['rank', '名次', true], ['dept', '单位', false], ['name', '项目', false], ['total', '计算得分', true],
    ['grade', '等级', false], ['self', '单位自评', true], ['diff', '差异', true]];
  const headerCells = sortableHeader(columns, state, ['rank', 'dept', 'name'], () => draw());
  const draw = () => {
    const t = state.text.trim();
    const shown = rows.filter((r) => (!t || r.dept.includes(t) || r.name.includes(t) || r.code.includes(t) || r.project.includes(t)) &&
        (!state.grade || r.grade === state.grade));
    sortRanking(shown, state, headerCells);
    const fragment = document.createDocumentFragment();
    for (const r of shown.slice(0, state.limit)) {
      fragment.appendChild(h('tr', {'data-code': r.code, 'data-project': r.project},
          h('td', {class: 'num'}, r.rank || ''),
          h('td', null, h('a', {href: deptLink(region, r.code, year, 'projects')}, r.dept)),
          h('td', null, h('a', {href: projectLink(region, r.code, year, r.project)}, r.name), h('div', {class: 'muted'}, r.project)),
          h('td', {class: 'num'}, r.totalText), h('td', null, r.grade),
          h('td', {class: 'num'}, r.selfText || '—'), h('td', {class: 'num'}, r.diffText || '—')));
    }
    replace(tbody, fragment);
    count.textContent = `符合条件 ${shown.length} / ${rows.length} 个项目，列出前 ${Math.min(shown.length, state.limit)} 个`;
    more.hidden = shown.length <= state.limit;
  };
  text.addEventListener('input', () => { state.text = text.value; draw(); });
  grade.addEventListener('change', () => { state.grade = grade.value; draw(); });

  const gapInput = h('input', {type: 'number', value: gap, min: 0, step: 1, size: 4, id: 'projects-gap'});
  const gapForm = h('form', {class: 'inline'}, field('差异超过（分）', gapInput),
      h('div', {class: 'field'}, h('button', {type: 'submit', class: 'secondary', id: 'btn-projects-gap'}, '重新列出')));
  gapForm.addEventListener('submit', (event) => {
    event.preventDefault();
    location.hash = `/projects/${encodeURIComponent(region)}/${year}/${encodeURIComponent(gapInput.value || '0')}`;
  });
  const gaps = summary.gaps || [];
  const gapsFound = summary.gapsFound || gaps.length;
  const gapList = gaps.length === 0 ? h('p', {class: 'muted', id: 'projects-gaps'}, '无') :
    h('div', {class: 'tall', tabindex: '0', role: 'region', 'aria-label': '差异较大的项目'}, h('ol', {id: 'projects-gaps'}, gaps.slice(0, 200).map((r) => h('li', null,
        h('a', {href: projectLink(region, r.departmentCode, year, r.projectCode)}, `${r.departmentName || r.departmentCode} · ${r.projectName || r.projectCode}`),
        `：自评 ${r.selfScore}，计算 ${r.total}，差 ${r.difference}`))),
    gapsFound > Math.min(gaps.length, 200) ? h('p', {class: 'muted'}, `共 ${gapsFound} 个，列出前 ${Math.min(gaps.length, 200)} 个`) : null);

  // The departments whose projects score lowest on average (20 at most).
  const byDept = new Map();
  for (const r of rows) {
    const d = byDept.get(r.code) || {code: r.code, name: r.dept, sum: 0, n: 0};
    d.sum += r.total; d.n++;
    byDept.set(r.code, d);
  }
  const lowest = [...byDept.values()].map((d) => ({...d, mean: d.sum / d.n})).sort((a, b) => a.mean - b.mean || a.code.localeCompare(b.code)).slice(0, 20);
  // The service counts the whole region (the ranking may be limited).
  const counted = summary.grades || [];
  const grades = GRADES.map((g) => ({grade: g, count: counted.length ? (counted.find((x) => x.grade === g) || {}).count || 0 : rows.filter((r) => r.grade === g).length}));
  const gradeChartEl = h('div', {class: 'chart small', id: 'chart-project-grades'});
  const deptChart = h('div', {class: 'chart small', id: 'chart-project-departments'});
  replace(holder,
      (summary.errors || []).length ? h('section', {class: 'card'}, h('h2', null, `无法计分（${summary.errors.length}）`),
          h('ul', null, summary.errors.slice(0, 20).map((e) => h('li', null, e)))) : null,
      h('div', {class: 'grid2'},
          h('section', {class: 'card'}, h('h2', null, '项目等级分布'), gradeChartEl, h('p', {class: 'muted'}, '点击柱子筛选该等级的项目。')),
          h('section', {class: 'card'}, h('h2', null, '项目平均得分最低的单位'), deptChart, h('p', {class: 'muted'}, '点击柱子打开该单位的项目自评。'))),
      h('section', {class: 'card'}, h('h2', null, '自评与计算差异较大的项目'), gapForm, gapList),
      h('section', {class: 'card'}, h('h2', null, '项目排名'),
          h('div', {class: 'inline'}, field('搜索', text), field('等级', grade), count),
          h('div', {class: 'scroll tall', tabindex: '0', role: 'region', 'aria-label': '项目排名'}, h('table', {class: 'ranking', id: 'project-ranking'},
              h('caption', {class: 'visually-hidden'}, '全区项目排名'), h('thead', null, h('tr', null, headerCells)), tbody)),
          h('div', {class: 'actions'}, more)));
  draw();
  gradeChart(gradeChartEl, grades, (g) => { grade.value = g; state.grade = g; draw(); grade.focus(); }, '项目等级分布');
  chart(deptChart, {
    grid: {left: 8, right: 24, top: 16, bottom: 8, containLabel: true},
    xAxis: {type: 'value', min: 0, max: 100},
    yAxis: {type: 'category', data: lowest.map((d) => d.name), inverse: true, axisLabel: {width: 140, overflow: 'truncate'}},
    tooltip: {formatter: (p) => `${lowest[p.dataIndex].name}\n${lowest[p.dataIndex].n} 个项目，平均 ${fixed2(lowest[p.dataIndex].mean)} 分`},
    series: [{type: 'bar', data: lowest.map((d) => Number(fixed2(d.mean))), itemStyle: {color: COLORS.bar}, label: {show: true, position: 'right'}}],
  }, (p) => { const d = lowest[p.dataIndex]; if (d) location.hash = deptLink(region, d.code, year, 'projects').slice(1); },
  `项目平均得分最低的单位：${lowest.map((d) => `${d.name} ${fixed2(d.mean)}分`).join('，') || '无'}`);
}
