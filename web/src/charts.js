// Apache ECharts through its modular entry points: only the bar and
// scatter charts and the components used are bundled. Tooltips are drawn on
// the canvas (renderMode 'richText'), never as HTML, so no name reaches
// innerHTML; the aria component gives each chart a text description.
import * as echarts from 'echarts/core';
import {BarChart, ScatterChart} from 'echarts/charts';
import {AriaComponent, GridComponent, TooltipComponent, TitleComponent, LegendComponent} from 'echarts/components';
import {CanvasRenderer} from 'echarts/renderers';

echarts.use([BarChart, ScatterChart, AriaComponent, GridComponent, TooltipComponent, TitleComponent, LegendComponent, CanvasRenderer]);

const live = new Set();

// A chart in `el` (sized by CSS); `onClick(params)` when a bar or point is
// clicked. Charts of a page are disposed when the page is left.
export function chart(el, option, onClick, label) {
  el.setAttribute('role', 'img');
  if (label) el.setAttribute('aria-label', label);
  const instance = echarts.init(el, null, {renderer: 'canvas'});
  instance.setOption({
    aria: {enabled: true, label: {enabled: true, description: label || undefined}},
    animation: false,
    textStyle: {fontFamily: 'Noto Sans CJK SC, WenQuanYi Micro Hei, sans-serif'},
    ...option,
    // Merged last, so that no page's tooltip can drop the canvas rendering.
    // (A name like "{x|y}" loses its braces there: zrender reads them as
    // rich-text markup and has no escape for it. Text only, never HTML.)
    tooltip: {trigger: 'item', ...option.tooltip, renderMode: 'richText'},
  });
  if (onClick) instance.on('click', onClick);
  live.add(instance);
  return instance;
}

export function disposeAll() {
  for (const instance of live) instance.dispose();
  live.clear();
}

window.addEventListener('resize', () => { for (const instance of live) instance.resize(); });

export const COLORS = {lost: '#c62828', kept: '#2e7d32', bar: '#1565c0', grade: {优: '#2e7d32', 良: '#1565c0', 中: '#ef6c00', 差: '#c62828'}};

export const GRADES = ['优', '良', '中', '差'];

// The count per grade as bars in the grades' colours; `onPick(grade)` when a
// bar is clicked. `grades`: [{grade, count}] in GRADES order.
export function gradeChart(el, grades, onPick, label) {
  return chart(el, {
    grid: {left: 8, right: 8, top: 16, bottom: 8, containLabel: true},
    xAxis: {type: 'category', data: GRADES}, yAxis: {type: 'value', minInterval: 1},
    series: [{type: 'bar', data: grades.map((g) => ({value: g.count, itemStyle: {color: COLORS.grade[g.grade]}})), label: {show: true, position: 'top'}}],
  }, (p) => onPick(GRADES[p.dataIndex]), `${label}：${grades.map((g) => `${g.grade} ${g.count}个`).join('，')}`);
}
