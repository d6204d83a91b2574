// The console's shell: sign-in, navigation and the hash router. Every page
// is a function that fills <main> from the JSON API.
import {h, replace, field, errorBox} from './dom.js';
import {session, ROLE_NAME} from './session.js';
import {disposeAll} from './charts.js';
import {todoPage} from './pages/todo.js';
import {departmentPage} from './pages/department.js';
import {regionPage} from './pages/region.js';
import {auditPage} from './pages/audit.js';
import {regionMonitoringPage} from './pages/monitoring.js';
import {rectificationPage} from './pages/rectification.js';
import {regionProjectsPage} from './pages/region_projects.js';

const main = document.getElementById('main');
const nav = document.getElementById('nav');
const who = document.getElementById('who');

export function go(path) {
  if (location.hash === `#${path}`) route(); else location.hash = path;
}

function defaultYear() {
  return new Date().getFullYear() - 1;
}

function renderShell(current) {
  const links = [];
  if (session.signedIn) {
    const u = session.user;
    links.push(['/', '待办']);
    if (u.department) links.push([`/dept/${u.region}/${u.department}/${session.year}`, '本单位']);
    if (u.region) links.push([`/rectification/${u.region}`, '整改']);
    if (session.isFinance) {
      links.push([`/region/${u.region}/${session.year}`, '区域总览']);
      links.push([`/projects/${u.region}/${session.year}`, '项目评价']);
      links.push([`/monitoring/${u.region}/${session.year}`, '运行监控']);
      links.push(['/audit', '审计日志']);
    }
  }
  replace(nav, links.length ? h('ul', null, links.map(([path, text]) => h('li', null,
      h('a', {href: `#${path}`, 'aria-current': current === path.split('/')[1] ? 'page' : null}, text)))) : null);
  if (!session.signedIn) { replace(who); return; }
  const u = session.user;
  const scope = u.role === 'department' ? `${u.region} · ${u.department}` : (u.region || '全部区域');
  const modeText = {token: '令牌', proxy: '统一认证', open: '本机开放模式'}[session.mode];
  const yearInput = h('input', {type: 'number', min: 2000, max: 2100, value: session.year, class: 'year', 'aria-label': '年度', style: null});
  yearInput.addEventListener('change', () => {
    const y = Number(yearInput.value);
    if (y >= 2000 && y <= 2100) { session.year = y; session.save(); route(); }
  });
  replace(who,
      h('span', {class: 'user'}, `${u.subject}（${ROLE_NAME[u.role] || u.role}，${scope}）`),
      h('span', {class: 'mode'}, modeText),
      h('label', {class: 'nowrap'}, '年度 ', yearInput),
      session.mode === 'proxy' ? null : h('button', {type: 'button', onclick: () => { session.signOut(); go('/signin'); }}, '退出'));
}

async function proxySession() {
  // Behind single sign-on the proxy puts the bearer header on every
  // request, this one too: the gateway answers with the token's claims
  // (never the token), or says open mode, or 401.
  try {
    const response = await fetch('/console/api/session', {credentials: 'omit', cache: 'no-store'});
    if (!response.ok) return null;
    return await response.json();
  } catch (e) {
    return null;
  }
}

async function signInPage(note) {
  const probe = await proxySession();
  if (probe && probe.mode === 'bearer' && probe.payload) {
    try {
      session.signInFromProxy(probe.payload, defaultYear());
      go('/');
      return;
    } catch (e) { /* fall through to the form */ }
  }
  const year = h('input', {type: 'number', min: 2000, max: 2100, value: session.year || defaultYear(), required: true});
  const token = h('textarea', {rows: 4, autocomplete: 'off', spellcheck: 'false', placeholder: 'eyJhbGciOi…'});
  const message = h('div', {'aria-live': 'assertive'});
  const form = h('form', {class: 'card', novalidate: true},
      h('h2', null, '使用令牌登录'),
      h('p', {class: 'muted'}, '粘贴管理员为您签发的令牌（jixiao token mint）。令牌只保存在本标签页的会话中，关闭标签页即清除。'),
      field('令牌', token),
      field('年度', year),
      h('div', {class: 'actions'}, h('button', {type: 'submit'}, '登录')),
      message);
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    try {
      session.signInWithToken(token.value, Number(year.value));
      go('/');
    } catch (e) {
      replace(message, errorBox({chinese: `无法登录：${e.message}`}));
    }
  });
  const parts = [h('h1', null, '登录'), note ? errorBox({chinese: note}) : null, form];
  if (probe && probe.mode === 'open') {
    const role = h('select', null, h('option', {value: 'department'}, '部门（单位）填报人'),
        h('option', {value: 'finance'}, '财政部门'), h('option', {value: 'admin'}, '管理员'));
    const region = h('input', {value: '430725', pattern: '[0-9]{6}', required: true});
    const department = h('input', {value: 'taoyuan-psb'});
    const year2 = h('input', {type: 'number', min: 2000, max: 2100, value: 2019});
    const openForm = h('form', {class: 'card'},
        h('h2', null, '本机开放模式'),
        h('p', {class: 'muted'}, '服务以 --insecure 在本机运行，不校验令牌：选择以何种身份操作（仅用于演示和本机试用）。'),
        h('div', {class: 'inline'}, field('身份', role), field('区划代码', region), field('单位编码（部门身份）', department), field('年度', year2)),
        h('div', {class: 'actions'}, h('button', {type: 'submit'}, '进入')));
    openForm.addEventListener('submit', (event) => {
      event.preventDefault();
      session.signInOpen(role.value, region.value.trim(), department.value.trim(), Number(year2.value));
      go('/');
    });
    parts.push(openForm);
  }
  replace(main, ...parts);
}

async function route() {
  disposeAll();
  const path = location.hash.replace(/^#/, '') || '/';
  const parts = path.split('/').map((p) => decodeURIComponent(p));
  const page = parts[1] || '';
  if (!session.signedIn && page !== 'signin') {
    // A link into a page (run-local's address) keeps its year.
    if (page === 'dept' && parts[4]) session.year = Number(parts[4]);
    const probe = await proxySession();
    if (probe && probe.mode === 'bearer' && probe.payload) {
      try { session.signInFromProxy(probe.payload, session.year || defaultYear()); } catch (e) { /* form */ }
    } else if (probe && probe.mode === 'open' && page === 'dept' && parts[4]) {
      session.signInOpen('admin', parts[2], '', Number(parts[4]));
    } else if (probe && probe.mode === 'open' && (page === 'region' || page === 'projects') && parts[3]) {
      session.signInOpen('finance', parts[2], '', Number(parts[3]));
    }
    if (!session.signedIn) { renderShell('signin'); await signInPage(); return; }
  }
  renderShell(page);
  replace(main, h('p', {class: 'muted', 'aria-busy': 'true'}, '正在加载…'));
  try {
    if (page === 'signin') { await signInPage(); return; }
    if (page === 'dept') await departmentPage(main, parts[2], parts[3], Number(parts[4]), parts[5] || 'figures', parts[6]);
    else if (page === 'region') await regionPage(main, parts[2], Number(parts[3]));
    else if (page === 'audit') await auditPage(main);
    else if (page === 'rectification') await rectificationPage(main, parts[2], parts[3]);
    else if (page === 'projects') await regionProjectsPage(main, parts[2], Number(parts[3]), parts[4] || '5');
    else if (page === 'monitoring') await regionMonitoringPage(main, parts[2], Number(parts[3]), parts[4]);
    else await todoPage(main);
  } catch (e) {
    replace(main, h('h1', null, '出错了'), errorBox(e));
  }
  main.focus({preventScroll: true});
}

session.load();
session.onUnauthenticated = (error) => {
  if (session.mode === 'token') {
    session.signOut();
    renderShell('signin');
    signInPage(`令牌无效或已过期，请重新登录。（${error.message}）`);
  }
};
window.addEventListener('hashchange', route);
route();
