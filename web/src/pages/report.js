// The self-evaluation report: previewed as text (never as HTML in this
// page) and downloaded as Markdown or HTML, byte for byte as the service
// wrote it.
import {h, replace} from '../dom.js';
import {call} from '../api.js';

// Saves `content` (a string or bytes) as `fileName` (its last path part;
// "file" when that is empty). Always application/octet-stream: a blob: URL
// is of the console's origin, so HTML a browser chose to open rather than
// save would run as the console. The URL is revoked ten seconds on, when
// the save has long started.
export function download(content, fileName) {
  const name = String(fileName || '').split(/[/\\]/).pop() || 'file';
  const url = URL.createObjectURL(new Blob([content], {type: 'application/octet-stream'}));
  const a = h('a', {href: url, download: name});
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
}

export async function reportTab(ctx) {
  const {body, key} = ctx;
  let markdown;
  try {
    markdown = await call('jixiao.evaluation.v1.EvaluationService/RenderReport', {key, format: 'MARKDOWN'}, {timeoutMs: 30000});
  } catch (e) {
    if (e.code === 'not_found') { replace(body, h('section', {class: 'card'}, h('p', null, '本年度尚无自评，无法生成报告。'))); return; }
    throw e;
  }
  const md = h('button', {type: 'button', onclick: () => download(markdown.content, markdown.fileName || 'report.md')}, '下载 Markdown');
  const html = h('button', {type: 'button', class: 'secondary', onclick: async () => {
    const r = await call('jixiao.evaluation.v1.EvaluationService/RenderReport', {key, format: 'HTML'}, {timeoutMs: 30000});
    download(r.content, r.fileName || 'report.html');
  }}, '下载 HTML');
  replace(body, h('section', {class: 'card'},
      h('div', {class: 'actions'}, h('h2', null, '部门整体支出绩效自评报告'), md, html),
      h('p', {class: 'muted'}, `文件 ${markdown.fileName || ''} · sha256 ${markdown.sha256 || ''}`),
      h('pre', {class: 'report', id: 'report-text', tabindex: '0', 'aria-label': '报告全文'}, markdown.content)));
}
