// A region for finance: the whole region evaluated in one streamed call
// (EvaluateRegion), kept as one small row per department; the ranking
// (sortable, filterable), the grade distribution, self-score against the
// computed score with the gaps over N points, and the findings by identity
// across departments. Every chart leads to the departments behind it.
import {h, replace, field} from '../dom.js';
import {points, fixed2} from '../format.js';
import {chart, gradeChart, COLORS, GRADES} from '../charts.js';
import {deptLink, streamRegion} from './common.js';
import {sortableHeader, sortRanking} from './ranking.js';


export async function regionPage(main, region, year) {
  const progress = h('p', {class: 'muted', 'aria-live': 'polite', id: 'region-progress'}, '正在评价全区…');
  const holder = h('div', {id: 'region-body'});
  replace(main, h('h1', null, `区域总览 · ${region} · ${year}年度`),
      h('p', {class: 'kv'}, h('a', {href: `#/projects/${encodeURIComponent(region)}/${year}`, id: 'link-region-projects'}, '项目支出绩效排名 →'),
          h('a', {href: `#/monitoring/${encodeURIComponent(region)}/${year}`}, '运行监控 →')),
      progress, holder);
  const rows = [];
  const started = performance.now();
  const streamed = await streamRegion('jixiao.evaluation.v1.EvaluationService/EvaluateRegion', {regionCode: region, year}, {
    progress, holder, every: 250, counting: (n) => `已评价 ${n} 个单位…`,
    onResult: (r) => {
      const findings = (r.findings || []).map((f) => f.identity);
      rows.push({code: r.key.departmentCode, name: r.departmentName || r.key.departmentCode, total: points(r.total), totalText: r.total,
        grade: r.grade || '', self: r.selfScore !== undefined ? points(r.selfScore) : null, diff: r.difference !== undefined ? points(r.difference) : null,
        findings, rank: 0});
    },
  });
  if (!streamed) return;
  const {summary} = streamed;
  const loaded = performance.now();
  const rank = new Map(((summary && summary.ranking) || []).map((r) => [r.departmentCode, r.rank]));
  for (const row of rows) row.rank = rank.get(row.code) || 0;
  renderRegion(holder, region, year, rows, summary);
  // The time to draw, measured once the browser has laid out and painted
  // (docs/benchmarks.md, the console).
  requestAnimationFrame(() => setTimeout(() => {
    const done = performance.now();
    const renderMs = done - loaded;
    progress.textContent = `共 ${rows.length} 个单位：数据 ${fixed2((loaded - started) / 1000)} 秒，绘制 ${Math.round(renderMs)} 毫秒。`;
    progress.dataset.renderMs = String(Math.round(renderMs));
    progress.dataset.loadMs = String(Math.round(loaded - started));
    progress.dataset.departments = String(rows.length);
    console.log(`region-render departments=${rows.length} load_ms=${Math.round(loaded - started)} render_ms=${Math.round(renderMs)}`);
  }, 0));
}

function renderRegion(holder, region, year, rows, summary) {
  const state = {sort: 'rank', asc: true, text: '', grade: '', identity: '', limit: 200};
  const more = h('button', {type: 'button', class: 'secondary', id: 'ranking-more'}, '再列出 500 个');
  more.addEventListener('click', () => { state.limit += 500; draw(); });
  const gapInput = h('input', {type: 'number', value: 10, min: 0, step: 1, size: 4});
  const text = h('input', {type: 'search', placeholder: '名称或编码'});
  const grade = h('select', null, h('option', {value: ''}, '全部'), GRADES.map((g) => h('option', {value: g}, g)));
  const identity = h('select', null, h('option', {value: ''}, '全部'));
  const tbody = h('tbody');
  const count = h('span', {class: 'muted', 'aria-live': 'polite'});
  const gapList = h('div');
  const identities = new Map();
  for (const row of rows) for (const id of new Set(row.findings)) identities.set(id, (identities.get(id) || 0) + 1);
  const identityList = [...identities.entries()].sort((a, b) => b[1] - a[1]);
  for (const [id, n] of identityList) identity.appendChild(h('option', {value: id}, `${id}（${n}）`));

  const columns = [['rank', '名次', true], ['name', '单位', false], ['total', '计算得分', true], ['grade', '等级', false],
    ['self', '单位自评', true], ['diff', '差异', true], ['findings', '一致性问题', false]];
  const headerCells = sortableHeader(columns, state, ['rank', 'name'], () => draw());

  const draw = () => {
    const t = state.text.trim();
    const shown = rows.filter((r) => (!t || r.name.includes(t) || r.code.includes(t)) && (!state.grade || r.grade === state.grade) &&
        (!state.identity || r.findings.includes(state.identity)));
    sortRanking(shown, state, headerCells, (r, key) => (key === 'findings' ? r.findings.length : r[key]));
    // The first rows only, more on demand: sorting and filtering work on
    // every department, the page holds a few hundred rows at a time.
    const fragment = document.createDocumentFragment();
    for (const r of shown.slice(0, state.limit)) {
      fragment.appendChild(h('tr', {'data-code': r.code},
          h('td', {class: 'num'}, r.rank || ''),
          h('td', null, h('a', {href: deptLink(region, r.code, year, 'evaluation')}, r.name)),
          h('td', {class: 'num'}, r.totalText), h('td', null, r.grade),
          h('td', {class: 'num'}, r.self === null ? '—' : fixed2(r.self)),
          h('td', {class: 'num'}, r.diff === null ? '—' : fixed2(r.diff)),
          h('td', null, [...new Set(r.findings)].join(' '))));
    }
    replace(tbody, fragment);
    const visible = Math.min(shown.length, state.limit);
    count.textContent = `符合条件 ${shown.length} / ${rows.length} 个单位，列出前 ${visible} 个`;
    more.hidden = shown.length <= state.limit;
  };
  const drawGaps = () => {
    const n = Number(gapInput.value) || 0;
    const gaps = rows.filter((r) => r.diff !== null && Math.abs(r.diff) > n).sort((a, b) => Math.abs(b.diff) - Math.abs(a.diff));
    replace(gapList, gaps.length === 0 ? h('p', {class: 'muted'}, '无') :
      h('div', {class: 'tall', tabindex: '0'}, h('ol', {id: 'gap-list'}, gaps.slice(0, 200).map((r) => h('li', null,
          h('a', {href: deptLink(region, r.code, year, 'evaluation')}, r.name), `：自评 ${fixed2(r.self)}，计算 ${r.totalText}，差 ${fixed2(r.diff)}`))),
      gaps.length > 200 ? h('p', {class: 'muted'}, `另有 ${gaps.length - 200} 个`) : null));
  };
  text.addEventListener('input', () => { state.text = text.value; draw(); });
  grade.addEventListener('change', () => { state.grade = grade.value; draw(); });
  identity.addEventListener('change', () => { state.identity = identity.value; draw(); });
  gapInput.addEventListener('input', drawGaps);

  const gradeChartEl = h('div', {class: 'chart small', id: 'chart-grades'});
  const scatterChart = h('div', {class: 'chart', id: 'chart-scatter'});
  const identityChart = h('div', {class: 'chart small', id: 'chart-identities'});
  const grades = GRADES.map((g) => ({grade: g, count: rows.filter((r) => r.grade === g).length}));
  replace(holder,
      h('section', {class: 'card'}, h('p', {class: 'kv'},
          h('span', null, `已评价 ${summary ? summary.evaluated || 0 : rows.length} 个单位`),
          h('span', null, `未开始自评 ${summary ? summary.skipped || 0 : 0} 个`),
          summary && (summary.errors || []).length ? h('span', {class: 'deduction'}, `无法评分 ${summary.errors.length} 个`) : null),
          summary && (summary.errors || []).length ? h('ul', null, summary.errors.slice(0, 20).map((e) => h('li', null, e))) : null),
      h('div', {class: 'grid2'},
          h('section', {class: 'card'}, h('h2', null, '等级分布'), gradeChartEl, h('p', {class: 'muted'}, '点击柱子筛选该等级的单位。')),
          h('section', {class: 'card'}, h('h2', null, '一致性问题（按恒等关系）'), identityChart, h('p', {class: 'muted'}, '点击柱子列出有该问题的单位。'))),
      h('div', {class: 'grid2'},
          h('section', {class: 'card'}, h('h2', null, '单位自评与计算得分'), scatterChart, h('p', {class: 'muted'}, '横轴计算得分，纵轴单位自评；点击某点打开该单位。')),
          h('section', {class: 'card'}, h('h2', null, '自评与计算差异较大的单位'), field('差异超过（分）', gapInput), gapList)),
      h('section', {class: 'card'}, h('h2', null, '排名'),
          h('div', {class: 'inline'}, field('搜索单位', text), field('等级', grade), field('一致性问题', identity), count),
          h('div', {class: 'scroll tall', tabindex: '0'}, h('table', {class: 'ranking', id: 'ranking'},
              h('caption', {class: 'visually-hidden'}, '全区排名'), h('thead', null, h('tr', null, headerCells)), tbody)),
          h('div', {class: 'actions'}, more)));
  draw();
  drawGaps();
  gradeChart(gradeChartEl, grades, (g) => { grade.value = g; state.grade = g; draw(); grade.focus(); }, '等级分布');
  chart(identityChart, {
    grid: {left: 8, right: 8, top: 16, bottom: 8, containLabel: true},
    xAxis: {type: 'category', data: identityList.map(([id]) => id)}, yAxis: {type: 'value', minInterval: 1},
    series: [{type: 'bar', data: identityList.map(([, n]) => n), itemStyle: {color: COLORS.bar}, label: {show: true, position: 'top'}}],
  }, (p) => { identity.value = identityList[p.dataIndex][0]; state.identity = identity.value; draw(); identity.focus(); },
  `一致性问题：${identityList.map(([id, n]) => `${id} ${n}个单位`).join('，') || '无'}`);
  const withSelf = rows.filter((r) => r.self !== null);
  chart(scatterChart, {
    grid: {left: 8, right: 16, top: 24, bottom: 8, containLabel: true},
    xAxis: {type: 'value', name: '计算得分', min: 0, max: 100}, yAxis: {type: 'value', name: '单位自评', min: 0, max: 100},
    tooltip: {renderMode: 'richText', formatter: (p) => `${withSelf[p.dataIndex].name}\n计算 ${p.value[0]}，自评 ${p.value[1]}`},
    series: [{type: 'scatter', symbolSize: rows.length > 500 ? 4 : 8, large: rows.length > 2000, data: withSelf.map((r) => [r.total, r.self]), itemStyle: {color: COLORS.bar}}],
  }, (p) => { const r = withSelf[p.dataIndex]; if (r) location.hash = deptLink(region, r.code, year, 'evaluation').slice(1); },
  `单位自评与计算得分散点图，${withSelf.length} 个单位`);
}
