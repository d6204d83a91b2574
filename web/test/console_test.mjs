// The console in a real browser (Debian's chromium, headless, driven by
// puppeteer-core) against the real services on SQLite with tokens checked:
// each role's main path end to end, the XSS case, upload errors, axe-core
// on every page, the CSP, the bundle's size, and a screenshot of each page.
//
//   node test/console_test.mjs BUILD_DIR SOURCE_DIR [SCREENSHOT_DIR]
//
// Prints "JIXIAO-SKIP: …" and exits 0 when chromium is not installed.
import puppeteer from 'puppeteer-core';
import {mkdirSync, readFileSync, writeFileSync, readdirSync, rmSync} from 'node:fs';
import {gzipSync} from 'node:zlib';
import {join, resolve, dirname} from 'node:path';
import {createRequire} from 'node:module';
import {startSuite, findChromium, CHROMIUM_ARGS} from './harness.mjs';

const [build, source, shotsArg] = process.argv.slice(2).map((p) => p && resolve(p));
const shots = shotsArg || join(build, 'web/screenshots');
mkdirSync(shots, {recursive: true});
for (const old of readdirSync(shots).filter((f) => f.endsWith('.png'))) rmSync(join(shots, old));
const require = createRequire(import.meta.url);
const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const chromium = findChromium();
if (!chromium) {
  console.log('JIXIAO-SKIP: chromium is not installed (deploy/install-deps.sh installs it)');
  process.exit(0);
}

let failures = 0;
const check = (ok, what) => {
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${what}`);
  if (!ok) failures++;
};
const REGION = '430725';
const DEPT = 'taoyuan-psb';
const YEAR = 2019;

// 1. The bundle's size (first load: every script).
const consoleDir = join(build, 'web/console');
let gz = 0;
for (const name of readdirSync(consoleDir).filter((n) => n.endsWith('.js'))) gz += gzipSync(readFileSync(join(consoleDir, name)), {level: 9}).length;
check(gz <= 300 * 1024, `the console's JavaScript is ${(gz / 1024).toFixed(1)} KB gzipped (≤ 300 KB)`);

const suite = await startSuite({build, source});
const browser = await puppeteer.launch({executablePath: chromium, headless: true, args: CHROMIUM_ARGS});
try {
  const admin = suite.mint('admin', {subject: 'console-admin'});
  const finance = suite.mint('finance', {region: REGION, subject: 'czj-wang'});
  const department = suite.mint('department', {region: REGION, department: DEPT, subject: 'taoyuan-psb-cw'});
  suite.cli(['dataset', 'load', 'deploy/demo/taoyuan-psb-2019.json'], admin);
  suite.cli(['indicator', 'load', 'deploy/demo/taoyuan-psb-2019-indicators.json'], admin);

  // 2. The gateway's console answers: CSP, nosniff, no traversal.
  const index = await fetch(suite.url);
  check(index.status === 200 && /default-src 'self'; script-src 'self'/.test(index.headers.get('content-security-policy') || '') &&
      index.headers.get('x-content-type-options') === 'nosniff', 'the console is served with the strict CSP and nosniff');

  // The files: nothing outside the folder, however the path is written.
  const {request} = await import('node:http');
  const [host, port] = suite.gateway.split(':');
  const raw = (method, path) => new Promise((done) => {
    const r = request({host, port, method, path}, (res) => { res.resume(); res.on('end', () => done(res.statusCode)); });
    r.on('error', () => done(0));
    r.end();
  });
  const { symlinkSync, unlinkSync } = await import('node:fs');
  const link = join(consoleDir, 'outside-link.txt');
  try { unlinkSync(link); } catch (e) { /* none */ }
  symlinkSync(suite.secretFile, link);
  try {
    for (const path of ['/console/../../../etc/passwd', '/console/%2e%2e/%2e%2e/etc/passwd', '/console/%2E%2E%2Fapp.js',
      '/console//etc/passwd', '/console/%2fetc%2fpasswd', '/console/..%2f..%2fetc%2fpasswd', '/console/.%2e/CMakeCache.txt',
      '/console/outside-link.txt', '/console/app.js%00.html']) {
      const status = await raw('GET', path);
      check(status === 400 || status === 404, `GET ${path} is refused (${status})`);
    }
  } finally {
    unlinkSync(link);
  }
  check(await raw('GET', '/console/app.js') === 200, 'GET /console/app.js is served');
  check(await raw('PUT', '/console/app.js') === 405 && await raw('DELETE', '/console/index.html') === 405, 'GET only: PUT and DELETE are 405');

  let shotNumber = 0;
  const pageErrors = [];
  async function open(token, {width = 1280, height = 800} = {}) {
    const context = await browser.createBrowserContext();
    const page = await context.newPage();
    await page.setViewport({width, height});
    page.on('pageerror', (e) => pageErrors.push(`pageerror: ${e.message}`));
    page.on('console', (m) => {
      if (m.type() === 'error' && !/status of 40[0-9]/.test(m.text())) pageErrors.push(`console: ${m.text()}`);
    });
    page.dialogs = [];
    page.on('dialog', async (d) => { page.dialogs.push(d.message()); await d.dismiss(); });
    await page.goto(suite.url, {waitUntil: 'load'});
    await page.waitForSelector('form textarea');
    await page.type('form textarea', token);
    await page.$eval('form input[type=number]', (el) => { el.value = ''; });
    await page.type('form input[type=number]', String(YEAR));
    await Promise.all([page.waitForNetworkIdle(), page.click('form button[type=submit]')]);
    return page;
  }
  // A page is drawn once its calls have answered (every page awaits them
  // before it replaces <main>): a quarter second without a request is
  // enough to call it settled, and keeps the run short.
  const IDLE = {idleTime: 250};
  async function visit(page, hash, waitFor) {
    // The same address again is a reload of the page (as a person would).
    await page.evaluate((h) => { if (location.hash === h) window.dispatchEvent(new HashChangeEvent('hashchange')); else location.hash = h; }, hash);
    await page.waitForSelector(waitFor, {timeout: 30000});
    await page.waitForNetworkIdle(IDLE);
  }
  // The viewport only (1280×800 unless the test set another), scrolled to
  // `at` if given: small files for docs/console.
  async function shoot(page, name, at) {
    const file = join(shots, `${String(++shotNumber).padStart(2, '0')}-${name}.png`);
    if (at) await page.$eval(at, (el) => el.scrollIntoView({block: 'center'}));
    else await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({path: file, fullPage: false});
    return file;
  }
  async function axe(page, name) {
    await page.evaluate(axeSource);
    const result = await page.evaluate(async () => {
      // eslint-disable-next-line no-undef
      const r = await axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}});
      return r.violations.map((v) => ({id: v.id, impact: v.impact, nodes: v.nodes.length, target: v.nodes[0] && v.nodes[0].target.join(' ')}));
    });
    const bad = result.filter((v) => v.impact === 'serious' || v.impact === 'critical');
    check(bad.length === 0, `axe: ${name} has no serious or critical violation${bad.length ? ` (${JSON.stringify(bad)})` : ''}`);
    const minor = result.filter((v) => !bad.includes(v));
    if (minor.length) console.log(`     (minor: ${minor.map((v) => `${v.id}×${v.nodes}`).join(', ')})`);
  }
  const text = (page, selector) => page.$eval(selector, (el) => el.textContent);
  // A control of the targets editor (data-path as the service names it),
  // set as a person would: the value, then its input/change event.
  const set = (page, path, value) => page.$eval(`[data-path="${path}"]`, (el, v) => {
    el.value = v;
    el.dispatchEvent(new Event(el.tagName === 'SELECT' ? 'change' : 'input', {bubbles: true}));
  }, value);
  const click = async (page, selector) => { await Promise.all([page.waitForNetworkIdle(IDLE), page.click(selector)]); };
  // Whether `selector` appears within 15 s: for a check to report, not throw.
  const appears = (page, selector) => page.waitForSelector(selector, {timeout: 15000}).then(() => true, () => false);
  // True once the element's text includes `needle` (up to 15 s): for a
  // status that is on the page before the action and changes after it, so
  // a busy machine's slow request cannot be read before it lands.
  const shows = (page, selector, needle) => page.waitForFunction(
      (sel, want) => (document.querySelector(sel)?.textContent || '').includes(want),
      {timeout: 15000}, selector, needle).then(() => true, () => false);

  // 3. The department: its to-do, its figures with the findings beside the
  // fields, and its indicator values; it fills one and submits.
  const dept = await open(department);
  await dept.waitForSelector('main section.card');
  check((await text(dept, 'main')).includes('填报指标值并提交绩效自评'), 'department to-do: fill and submit');
  check((await text(dept, '#who')).includes('taoyuan-psb-cw'), 'the header shows who is signed in and the scope');
  await shoot(dept, 'todo-department');
  await axe(dept, 'to-do (department)');

  await visit(dept, `#/dept/${REGION}/${DEPT}/${YEAR}/figures`, 'table.figures');
  const badges = await dept.$$eval('table.figures tr[data-field]', (rows) => Object.fromEntries(rows.map((r) =>
    [r.dataset.field, [...r.querySelectorAll('.badge')].map((b) => b.textContent)]).filter(([, b]) => b.length)));
  check(badges.total_expenditure && badges.total_expenditure.includes('B5'), 'B5 beside 支出合计');
  check(badges.three_public_total && badges.three_public_total.includes('T1'), 'T1 beside “三公”经费合计');
  check(badges.basic_expenditure && badges.basic_expenditure.includes('B12'), 'B12 beside 基本支出');
  check(badges.vehicle_total && badges.vehicle_total.includes('U1'), 'U1 beside 公务用车购置及运行维护费');
  check((await text(dept, 'table.figures')).includes('12,669.13'), 'money in 万元 with thousands separators (12,669.13)');
  await shoot(dept, 'department-figures');
  await axe(dept, 'department figures');
  await dept.setViewport({width: 768, height: 1024});
  await shoot(dept, 'department-figures-tablet');
  await dept.setViewport({width: 1280, height: 800});

  // 3b. 绩效目标: the department declares its targets in the editor (a bad
  // value is refused and shown beside its field), submits; finance returns
  // one indicator with a reason; the department fixes it and resubmits;
  // finance approves. The evaluation later takes its targets from them.
  await visit(dept, '#/', '#todo-items');
  check((await text(dept, '#todo-items')).includes('填报本年度绩效目标'), 'department to-do: declare the targets');
  await visit(dept, `#/dept/${REGION}/${DEPT}/${YEAR}/targets`, '#btn-targets-edit');
  // By keyboard: Tab to 开始填报, Enter opens the editor with the focus in it.
  let tabs = 0;
  while (tabs < 40 && !(await dept.evaluate(() => document.activeElement && document.activeElement.id === 'btn-targets-edit'))) { await dept.keyboard.press('Tab'); tabs++; }
  await dept.keyboard.press('Enter');
  await dept.waitForSelector('[data-path="annual_goal"]');
  check(tabs < 40 && await dept.evaluate(() => Boolean(document.activeElement.closest('.target-editor'))), `the editor is reached and opened by keyboard (${tabs} Tabs, Enter)`);
  await set(dept, 'annual_goal', '维护全县政治安全和社会稳定，群众安全感和满意度稳步提升。');
  await dept.click('#btn-add-task');
  await set(dept, 'main_tasks[0].name', '机关运转与队伍保障');
  await set(dept, 'main_tasks[0].content', '基本支出');
  await set(dept, 'main_tasks[0].funds.total', '9312.02');
  await set(dept, 'main_tasks[0].funds.fiscal', '9312.02');
  await set(dept, 'main_tasks[0].funds.other', '0');
  const declared = [
    ['产出指标', '数量指标', '年度重点工作实际完成率', 'AT_LEAST', '许多', '%', '3.1.1'],
    ['产出指标', '时效指标', '重点工作完成及时率', 'AT_LEAST', '100', '%', '3.1.2'],
    ['产出指标', '质量指标', '重点工作质量达标率', 'AT_LEAST', '100', '%', '3.1.3'],
    ['产出指标', '数量指标', '重点工作办结率', 'AT_LEAST', '100', '%', '3.1.4'],
    ['产出指标', '质量指标', '固定资产利用率', 'AT_LEAST', '100', '%', '2.3.3'],
    ['效益指标', '社会效益指标', '社会治安状况', 'QUALITATIVE', '好转', '', ''],
    ['满意度指标', '服务对象满意度指标', '群众安全感满意度', 'AT_LEAST', '90', '%', '4.1.2'],
  ];
  for (const [i, [l1, l2, name, comparator, value, unit, leaf]] of declared.entries()) {
    await dept.click('button[data-add="indicators"]');
    const at = `indicators[${i}]`;
    await set(dept, `${at}.level1`, l1);
    await set(dept, `${at}.level2`, l2);
    await set(dept, `${at}.name`, name);
    await set(dept, `${at}.comparator`, comparator);
    await set(dept, `${at}.value`, value);
    await set(dept, `${at}.unit`, unit);
    if (leaf) await set(dept, `${at}.framework_indicator_id`, leaf);
  }
  await click(dept, '#btn-targets-save');
  await dept.waitForSelector('.field-error');
  const misplaced = await dept.$eval('.field-error', (el) => [el.dataset.errorPath, el.previousElementSibling && el.previousElementSibling.dataset.path, el.textContent]);
  check(misplaced[0] === 'indicators[0].value' && misplaced[1] === 'indicators[0].value',
      `the service's refusal (INVALID_ARGUMENT targets.indicators[0].value) is shown beside that field (${misplaced.join(' | ')})`);
  await shoot(dept, 'targets-editor', '.field-error');
  await axe(dept, 'targets editor');
  await set(dept, 'indicators[0].value', '100');
  await click(dept, '#btn-targets-save');
  await dept.waitForSelector('#target-status');
  check((await text(dept, '#target-status')).includes('草稿') && (await text(dept, '#target-version')).includes('第 1 版'), 'the targets are saved as a draft (version 1)');
  check((await text(dept, '#target-set')).includes('9,312.02') && (await text(dept, '#target-set')).includes('≥ 90 %'), 'the set shows funds in 万元 (9,312.02) and ≥ 90 %');
  check((await text(dept, '#targets-review')).includes('机械检查均通过'), 'the mechanical review passes beside the set');
  await click(dept, '#btn-targets-submit');
  await dept.waitForSelector('#target-status');
  check((await text(dept, '#target-status')).includes('已提交'), 'the department submitted its targets');

  const fin = await open(finance);
  await fin.waitForSelector('#todo-targets-review');
  check((await text(fin, '#todo-targets-review')).includes('绩效目标待审核（1）'), 'finance to-do: targets await review');
  await visit(fin, `#/dept/${REGION}/${DEPT}/${YEAR}/targets`, '#btn-targets-return');
  check((await text(fin, '#targets-review')).includes('审核要点'), 'the reviewer\'s criteria are shown beside the set');
  await fin.type('textarea[data-reason-for="d6"]', '定性指标请写明可考核的程度');
  await shoot(fin, 'targets-review', 'tr[data-target-id="d6"]');
  await axe(fin, 'targets (finance review)');
  await click(fin, '#btn-targets-return');
  await fin.waitForSelector('.return-reason');
  check((await text(fin, '#target-status')).includes('已退回'), 'finance returned the targets with a reason for d6');

  await visit(dept, '#/', '#todo-targets-returned');
  check((await text(dept, '#todo-targets-returned')).includes('d6：定性指标请写明可考核的程度'), 'the department sees the reason per indicator in its to-do');
  await visit(dept, `#/dept/${REGION}/${DEPT}/${YEAR}/targets`, 'tr[data-target-id="d6"] .return-reason');
  check((await text(dept, 'tr[data-target-id="d6"]')).includes('定性指标请写明可考核的程度'), 'the reason is shown beside indicator d6');
  await dept.click('#btn-targets-edit');
  await dept.waitForSelector('[data-path="indicators[5].value"]');
  await set(dept, 'indicators[5].value', '刑事案件发案数同比下降');
  await click(dept, '#btn-targets-save');
  await dept.waitForSelector('#btn-targets-submit');
  await click(dept, '#btn-targets-submit');
  await dept.waitForSelector('#target-status');
  check((await text(dept, '#target-status')).includes('已提交'), 'the department fixed d6 and resubmitted');

  await visit(fin, `#/dept/${REGION}/${DEPT}/${YEAR}/targets`, '#btn-targets-approve');
  await click(fin, '#btn-targets-approve');
  await fin.waitForSelector('.status.APPROVED');
  check((await text(fin, '#target-status')).includes('已批复'), 'finance approved the targets');
  const historyRows = await fin.$$eval('#targets-history tbody tr', (rows) => rows.length);
  check(historyRows === 6, `the version history lists every version (${historyRows})`);
  await shoot(fin, 'targets-approved');
  await axe(fin, 'targets (approved)');

  await visit(dept, `#/dept/${REGION}/${DEPT}/${YEAR}/indicators`, 'table.indicators');
  check((await text(dept, 'tr[data-indicator="4.1.2"]')).includes('来自绩效目标 d7'), 'indicator 4.1.2\'s target comes from the approved targets (d7)');
  check((await text(dept, 'table.indicators')).includes('由预算数据计算，只读'), 'derived values are read-only with their formula');
  await dept.$eval('input[data-indicator="4.1.2"]', (el) => { el.value = ''; });
  await dept.type('input[data-indicator="4.1.2"]', '95');
  await shoot(dept, 'department-indicators');
  await axe(dept, 'department indicators');
  await Promise.all([dept.waitForNetworkIdle(), dept.click('#btn-submit')]);
  check(await shows(dept, '#eval-status', '已提交'), 'the department submitted');

  // 4. Finance returns it with a reason.
  await visit(fin, '#/', '#todo-warnings');
  check((await text(fin, 'main')).includes('自评待审核（1）'), 'finance to-do: one awaits review');
  await shoot(fin, 'todo-finance');
  await axe(fin, 'to-do (finance)');
  await visit(fin, `#/dept/${REGION}/${DEPT}/${YEAR}/indicators`, 'table.indicators');
  await fin.type('main textarea', '满意度调查样本不足，请补充佐证并核实数值');
  await Promise.all([fin.waitForNetworkIdle(), fin.click('#btn-return')]);
  await fin.waitForSelector('#return-reason');
  check((await text(fin, '#eval-status')).includes('已退回'), 'finance returned it');

  // 5. The department sees why, fixes and resubmits.
  await visit(dept, '#/', 'main section.card');
  check((await text(dept, 'main')).includes('满意度调查样本不足'), 'the department sees the return reason in its to-do');
  await shoot(dept, 'todo-department-returned');
  await visit(dept, `#/dept/${REGION}/${DEPT}/${YEAR}/indicators`, 'input[data-indicator="4.1.2"]');
  await dept.$eval('input[data-indicator="4.1.2"]', (el) => { el.value = ''; });
  await dept.type('input[data-indicator="4.1.2"]', '96');
  await Promise.all([dept.waitForNetworkIdle(), dept.click('#btn-submit')]);
  check(await shows(dept, '#eval-status', '已提交'), 'the department resubmitted');

  // 6. Finance approves; the evaluation and the report.
  await visit(fin, '#/', 'main section.card');
  // Before approval the evaluation reads the targets in force.
  await visit(fin, `#/dept/${REGION}/${DEPT}/${YEAR}/evaluation`, '#total');
  const row412 = await text(fin, 'tr[data-indicator="4.1.2"]');
  check((await text(fin, '#eval-targets')).includes('第 6 版') && /目标\s*≥\s*90%/.test(row412) && (await text(fin, '#total')) === '73.26',
      `the evaluation takes its targets from the approved set, version 6 (4.1.2: ${row412.slice(0, 60)}…), 73.26`);
  await visit(fin, `#/dept/${REGION}/${DEPT}/${YEAR}/indicators`, 'table.indicators');
  await Promise.all([fin.waitForNetworkIdle(), fin.click('#btn-approve')]);
  await fin.waitForSelector('.status.APPROVED');
  check((await text(fin, '#eval-status')).includes('已审核通过'), 'finance approved it');

  await visit(fin, `#/dept/${REGION}/${DEPT}/${YEAR}/evaluation`, '#total');
  check((await text(fin, '#total')) === '73.26' && (await text(fin, '#grade')).includes('中'), 'the evaluation: 73.26 中');
  check((await text(fin, 'table.scored')).includes('− 0.04分：超过10% 0.0906个百分点'), 'every deduction explained (2.1.5 − 0.04)');
  const approved412 = await text(fin, 'tr[data-indicator="4.1.2"]');
  check(approved412.includes('来自绩效目标 d7（第 6 版）') && /目标\s*≥\s*90%/.test(approved412) && (await text(fin, '#eval-targets')).includes('第 6 版'),
      'the approved evaluation shows 4.1.2\'s target taken from the approved set (d7, version 6, ≥ 90%)');
  check((await fin.$$('#chart-level1 canvas, #chart-level2 canvas')).length === 2, 'the charts of points lost by 一级 and 二级');
  await shoot(fin, 'evaluation');
  await axe(fin, 'evaluation');

  await visit(fin, `#/dept/${REGION}/${DEPT}/${YEAR}/report`, '#report-text');
  check((await text(fin, '#report-text')).includes('部门整体支出绩效自评报告'), 'the report previewed');
  await shoot(fin, 'report');
  await axe(fin, 'report');


  // 6b. After approval: the department requests an adjustment with a
  // reason, finance approves it.
  await visit(dept, `#/dept/${REGION}/${DEPT}/${YEAR}/targets`, '#btn-targets-adjust');
  await dept.click('#btn-targets-adjust');
  await dept.waitForSelector('#adjust-reason');
  await set(dept, 'indicators[1].explanation', '按时完成的重点工作数 ÷ 实际完成数');
  await dept.type('#adjust-reason', '年中警力调整，补充指标解释');
  await click(dept, '#btn-targets-save');
  await dept.waitForSelector('#target-status');
  check((await text(dept, '#target-status')).includes('已申请调整'), 'the department requested an adjustment');
  await visit(fin, '#/', '#todo-targets-adjust');
  check((await text(fin, '#todo-targets-adjust')).includes('年中警力调整'), 'finance to-do: the adjustment request');
  await visit(fin, `#/dept/${REGION}/${DEPT}/${YEAR}/targets`, '#btn-adjust-approve');
  await fin.type('#targets-decision-reason', '同意');
  await click(fin, '#btn-adjust-approve');
  await fin.waitForSelector('.status.APPROVED');
  check((await text(fin, '#target-version')).includes('第 8 版'), 'finance approved the adjustment (version 8 in force)');

  // 6c. 运行监控: finance opens a round; the department files (a deviation
  // without its cause is refused beside the field), sees execution beside
  // time progress; finance sees the warning and decides it.
  await visit(fin, `#/monitoring/${REGION}/${YEAR}`, '#open-round');
  await click(fin, '#btn-open-round');
  await fin.waitForSelector('#round-status');
  check((await text(fin, '#round-status')).includes('进行中'), 'finance opened round 2019-07');
  await visit(dept, '#/', '.todo-monitoring');
  check((await text(dept, '.todo-monitoring')).includes('尚未填报'), 'department to-do: the open round awaits its filing');
  await visit(dept, `#/dept/${REGION}/${DEPT}/${YEAR}/monitoring`, '#filing-table');
  check((await text(dept, '#execution-table')).includes('58.08%'), 'execution beside time progress (58.08% on 2019-07-31)');
  check((await dept.$$('#chart-execution canvas')).length === 1, 'the execution chart is drawn');
  const row = (id, col) => `tr[data-indicator="${id}"] [data-col="${col}"]`;
  await dept.type(row('d1', 'value_to_date'), '60');
  await dept.type(row('d1', 'forecast'), '100');
  await dept.select(row('d1', 'likelihood'), 'CERTAIN');
  await dept.type(row('d7', 'value_to_date'), '85');
  await dept.type(row('d7', 'forecast'), '88');
  await dept.select(row('d7', 'likelihood'), 'POSSIBLE');
  await click(dept, '#btn-monitoring-save');
  await dept.waitForSelector('#filing-table .field-error');
  const where = await dept.$eval('#filing-table .field-error', (el) => [el.dataset.errorPath, el.closest('tr').dataset.indicator]);
  check(where[1] === 'd7' && /^indicators\[1\]/.test(where[0]), `a deviation without its cause is refused beside d7's field (${where.join(' | ')})`);
  await dept.select(row('d7', 'deviation_cause'), 'STAFFING');
  await dept.type(row('d7', 'corrective_measure'), '增加社区走访和回访');
  await click(dept, '#btn-monitoring-save');
  await dept.waitForSelector('#dept-warnings');
  check((await text(dept, '#filing-version')).includes('第 1 版'), 'the filing is saved (version 1)');
  check((await text(dept, '#dept-warnings')).includes('目标可能无法完成'), 'the department sees its warning (target d7 at risk)');
  await dept.click('#btn-table-preview');
  await dept.waitForSelector('#monitoring-table:not([hidden])');
  check((await text(dept, '#monitoring-table')).includes('绩效运行监控表'), 'the 绩效监控表 previewed (RenderMonitoringTable, as text)');
  await shoot(dept, 'monitoring-department');
  await axe(dept, 'monitoring (department)');

  await visit(fin, `#/monitoring/${REGION}/${YEAR}/${YEAR}-07`, '#region-warnings');
  const warning = `#region-warnings li[data-warning="target/d7"]`;
  check((await text(fin, warning)).includes('尚未处理'), 'finance sees the warning on d7, undecided');
  check((await text(fin, '#monitoring-summary')).includes('桃源县公安局'), 'the summary streamed (StreamMonitoringSummary through the gateway)');
  await fin.select(`${warning} select`, 'URGE_RECTIFICATION');
  await fin.type(`${warning} input`, '限9月底前报送整改方案');
  await click(fin, `${warning} button`);
  await fin.waitForFunction((sel) => document.querySelector(sel) && document.querySelector(sel).textContent.includes('督促整改'), {}, warning);
  check((await text(fin, warning)).includes('督促整改——限9月底前报送整改方案'), 'finance decided the warning (督促整改, with a note)');
  await shoot(fin, 'monitoring-region');
  await axe(fin, 'monitoring (region)');
  await click(fin, '#btn-close-round');
  await fin.waitForFunction(() => document.querySelector('#round-status').textContent.includes('已结束'));
  check(true, 'finance closed the round');

  // 7. The XSS case: a department named as markup is shown as text.
  const xssName = '<img src=x onerror=alert(1)>';
  await suite.post('jixiao.budget.v1.BudgetService/CreateDepartment', {department: {regionCode: REGION, code: 'xss-test', name: xssName}}, admin);
  await suite.post('jixiao.indicator.v1.IndicatorService/StartEvaluation', {key: {regionCode: REGION, departmentCode: 'xss-test', year: YEAR},
    frameworkId: 'hunan-county-department-2019'}, admin);
  const xss = await open(finance);
  await xss.setBypassCSP(true);  // escaping alone must hold, without the CSP's help
  await visit(xss, `#/dept/${REGION}/xss-test/${YEAR}/figures`, 'main h1');
  check((await text(xss, 'main h1')).includes(xssName), 'the markup name is shown as text in the department page');
  check((await xss.$$('main img')).length === 0, 'no <img> was made from the name');
  await suite.post('jixiao.indicator.v1.TargetService/PutTargets', {targets: {key: {regionCode: REGION, departmentCode: 'xss-test', year: YEAR}, tree: 'pre2021',
    indicators: [{id: 'd1', level1: '产出指标', level2: '数量指标', name: xssName, comparator: 'AT_LEAST', value: '1', unit: '个'}]}, expectedVersion: '0'}, admin);
  await visit(xss, `#/dept/${REGION}/xss-test/${YEAR}/targets`, 'tr[data-target-id="d1"]');
  check((await text(xss, 'tr[data-target-id="d1"]')).includes(xssName) && (await xss.$$('main img')).length === 0,
      'a target indicator named as markup is shown as text, no element made');

  // 8. The region: ranking and charts; the XSS name in the ranking too.
  await visit(xss, `#/region/${REGION}/${YEAR}`, '#ranking tbody tr');
  await xss.waitForSelector('#region-progress[data-render-ms]');
  const ranking = await text(xss, '#ranking');
  check(ranking.includes('桃源县公安局') && ranking.includes(xssName), 'the region ranking lists the departments (the markup name as text)');
  check((await xss.$$('#chart-grades canvas, #chart-scatter canvas, #chart-identities canvas')).length === 3, 'the region charts are drawn');
  await new Promise((r) => setTimeout(r, 300));
  check(xss.dialogs.length === 0, 'no dialog opened (no script ran from a name)');
  await shoot(xss, 'region');
  await axe(xss, 'region');
  await xss.click('#ranking th[data-col=total] button');
  check(await xss.$eval('#ranking th[data-col=total]', (th) => th.getAttribute('aria-sort')) === 'descending', 'the ranking sorts by score');

  // 9. Audit.
  await visit(fin, '#/audit', '#audit-table tbody tr');
  const audit = await text(fin, '#audit-table');
  check(audit.includes('czj-wang') && audit.includes('taoyuan-psb-cw'), `audit: who changed what (finance and the department)${audit.includes('czj-wang') ? '' : `: ${audit.slice(0, 400)}`}`);
  await shoot(fin, 'audit');
  await axe(fin, 'audit');

  // 10. Upload errors in place: one found in the browser, one by the service
  // (ledger batches are finance's: a department's token may not import).
  const bad = join(suite.dir, 'bad.csv');
  writeFileSync(bad, 'department_code,year,phase,function_code,economic_code,project_code,amount\n' +
      'taoyuan-psb,2019,年初预算,2040201,30101,,7771.38\ntaoyuan-psb,2019,预算,2040201,30101,,1\n');
  await visit(fin, `#/dept/${REGION}/${DEPT}/${YEAR}/upload`, 'input[type=file]');
  const input = await fin.$('input[type=file]');
  await input.uploadFile(bad);
  await fin.select('main select', '万元');
  await fin.click('#btn-import');
  await fin.waitForSelector('#upload-result .error-list');
  check((await text(fin, '#upload-result')).includes('第 3 行，phase 列'), 'a bad phase is shown at row 3, column phase');
  check((await fin.$$('#upload-result td.cell-error')).length === 1, 'the bad cell is marked in the preview');
  await shoot(fin, 'upload-error-browser');
  await axe(fin, 'upload');
  const bad2 = join(suite.dir, 'bad2.csv');
  writeFileSync(bad2, 'department_code,year,phase,function_code,economic_code,project_code,amount\n' +
      'taoyuan-psb,2019,年初预算,2040201,30101,,7771.38\ntaoyuan-psb,2019,年初预算,20402,3x101,,1\n');
  await input.uploadFile(bad2);
  await Promise.all([fin.waitForNetworkIdle(), fin.click('#btn-import')]);
  await fin.waitForSelector('#upload-result .error-list');
  const uploadText = await text(fin, '#upload-result');
  check(/第 3 行，(function_code|economic_code) 列/.test(uploadText) && uploadText.includes('输入有误'), 'the service\'s refusal is shown at its row and column');
  await shoot(fin, 'upload-error-service');
  const good = join(suite.dir, 'good.csv');
  writeFileSync(good, 'department_code,year,phase,function_code,economic_code,project_code,amount\n' +
      'taoyuan-psb,2019,年初预算,2040201,30101,,7771.38\ntaoyuan-psb,2019,年初预算,2040201,30302,,148.2\n');
  await input.uploadFile(good);
  await Promise.all([fin.waitForNetworkIdle(), fin.click('#btn-import')]);
  await fin.waitForSelector('#upload-result .ok-box');
  check((await text(fin, '#upload-result')).includes('明细 2 行'), 'a good file is imported');

  // 11. 整改 (rectification): finance makes a task of the seed's B5 finding
  // with the button beside it; the department sees it in its to-do, writes
  // its response, uploads evidence (a file over the size limit, one that is
  // no evidence and one the service refuses, each shown in place in
  // Chinese; then a real PDF) and reports; finance reopens with a note; the
  // department reports again; finance accepts. The overdue list as of a day.
  const rectificationStart = Date.now();
  await visit(fin, `#/dept/${REGION}/${DEPT}/${YEAR}/figures`, 'button[data-create-task="B5"]');
  await fin.click('button[data-create-task="B5"]');
  await fin.waitForSelector('[data-deadline="B5"]');
  await fin.$eval('[data-deadline="B5"]', (el) => { el.value = '2020-06-30'; });
  await click(fin, 'button[data-submit-task="B5"]');
  await fin.waitForSelector('#task-figures');
  await fin.waitForNetworkIdle();
  const taskUrl = await fin.evaluate(() => location.hash);
  check(/^#\/rectification\/430725\/\d+$/.test(taskUrl) && (await text(fin, '#task-figures')).startsWith(`${YEAR}年`) &&
      (await text(fin, 'main h1')).includes('待整改'), `finance made a task of B5 beside the finding (${taskUrl})`);
  const t1 = await suite.post('jixiao.indicator.v1.RectificationService/CreateTask', {task: {key: {regionCode: REGION}, departmentCode: DEPT, year: YEAR,
    finding: {kind: 'CONSISTENCY_FINDING', reference: 'T1', figures: '“三公”经费合计与分项之和不一致'}, requirement: '核实“三公”经费', deadline: '2020-03-31'}}, finance);

  await visit(dept, '#/', '.todo-rectification');
  check((await text(dept, '#todo-items')).includes('整改任务 1（B5'), 'department to-do: the open rectification task');
  await visit(dept, taskUrl, '#report-form');
  const evidenceInput = await dept.$('#evidence-file');
  const big = join(suite.dir, 'big.pdf');
  writeFileSync(big, Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(3000001)]));
  await evidenceInput.uploadFile(big);
  await dept.click('#btn-upload');
  await dept.waitForSelector('#upload-message .error-box');
  check((await text(dept, '#upload-message')).includes('超过控制台上传上限 3 MB'), 'a file over 3 MB is refused in place, in Chinese');
  const notEvidence = join(suite.dir, '说明.txt');
  writeFileSync(notEvidence, '整改说明');
  await evidenceInput.uploadFile(notEvidence);
  await dept.click('#btn-upload');
  await dept.waitForFunction(() => document.querySelector('#upload-message').textContent.includes('不是 PDF'));
  check(true, 'a file that is no PDF, image or spreadsheet by its bytes is refused in place');
  const nul = join(suite.dir, 'nul.csv');
  writeFileSync(nul, Buffer.from('a,b\u0000c\n', 'binary'));
  await evidenceInput.uploadFile(nul);
  await click(dept, '#btn-upload');
  await dept.waitForFunction(() => document.querySelector('#upload-message').textContent.includes('输入有误'));
  check((await text(dept, '#upload-message')).includes('content'), `the service's refusal is shown in place (${(await text(dept, '#upload-message')).slice(0, 80)})`);
  const pdfBytes = '%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n' +
      '3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n';
  const pdf = join(suite.dir, '整改报告.pdf');
  writeFileSync(pdf, pdfBytes);
  const pdfSha = (await import('node:crypto')).createHash('sha256').update(pdfBytes).digest('hex');
  await evidenceInput.uploadFile(pdf);
  await click(dept, '#btn-upload');
  await dept.waitForSelector('#upload-message .ok-box');
  check((await text(dept, '#upload-message')).includes(pdfSha) && (await dept.$$('#evidence-chosen input:checked')).length === 1,
      'the PDF is uploaded (base64 through UploadEvidence), its sha256 shown and ticked for the report');
  await dept.type('#report-response', '已核实支出决算数，自评报告已更正');
  await shoot(dept, 'rectification-department', '#report-form');
  await axe(dept, 'rectification task (department)');
  await click(dept, '#btn-report');
  await dept.waitForSelector('#task-report');
  check((await text(dept, 'main h1')).includes('已报送') && (await text(dept, '#task-evidence')).includes('整改报告.pdf'), 'the department reported with its evidence');

  await visit(fin, '#/', '#todo-rect-reported');
  check((await text(fin, '#todo-rect-reported')).includes('整改任务 1'), 'finance to-do: the report awaits acceptance');
  await visit(fin, taskUrl, '#decide-form');
  await click(fin, '#btn-reopen');
  check((await text(fin, '#task-message')).includes('请填写意见'), 'reopening without a note is refused in place');
  await fin.type('#decision-note', '缺少更正后的自评报告');
  await click(fin, '#btn-reopen');
  await fin.waitForSelector('#task-note');
  check((await text(fin, 'main h1')).includes('退回重改'), 'finance reopened the task with a note');

  await visit(dept, '#/', '.todo-rectification[data-task="1"]');
  check((await text(dept, '.todo-rectification[data-task="1"]')).includes('缺少更正后的自评报告'), 'the department sees the note in its to-do');
  await visit(dept, taskUrl, '#report-form');
  check((await dept.$$('#evidence-chosen input:checked')).length === 1, 'the last report\'s evidence starts ticked');
  await dept.$eval('#report-response', (el) => { el.value = ''; });
  await dept.type('#report-response', '已附更正后的自评报告');
  await click(dept, '#btn-report');
  await dept.waitForFunction(() => document.querySelector('main h1').textContent.includes('已报送'));
  check((await text(dept, '#task-response')).includes('已附更正后的自评报告'), 'the department reported again');

  await visit(fin, taskUrl, '#decide-form');
  await fin.type('#decision-note', '整改到位');
  await click(fin, '#btn-accept');
  await fin.waitForFunction(() => document.querySelector('main h1').textContent.includes('已验收'));
  const steps = await fin.$$eval('#task-history tbody tr', (rows) => rows.map((r) => r.cells[2].textContent));
  check(steps.join(',') === '创建,报送,退回重改,报送,验收', `finance accepted; every step in the history (${steps.join(',')})`);
  await shoot(fin, 'rectification-task');
  await axe(fin, 'rectification task (finance)');

  await visit(fin, '#/', '#todo-rect-overdue');
  const overdueTodo = await text(fin, '#todo-rect-overdue');
  check(overdueTodo.includes(`整改任务 ${t1.key.taskId}`) && !overdueTodo.includes('整改任务 1 '), 'finance to-do: the overdue task (T1), not the accepted one');
  await visit(fin, `#/rectification/${REGION}`, '#task-list table');
  check((await fin.$$('#task-list tbody tr')).length === 2, 'finance lists the region\'s tasks');
  await fin.click('#filter-overdue');
  await fin.$eval('#filter-as-of', (el) => { el.value = '2020-04-01'; });
  await click(fin, '#btn-filter');
  await fin.waitForFunction(() => document.querySelectorAll('#task-list tbody tr').length === 1);
  const overdueRow = await text(fin, '#task-list tbody tr');
  check(overdueRow.includes('T1') && overdueRow.includes('已逾期'), `overdue as of 2020-04-01: the open T1 task only (${overdueRow.slice(0, 60)})`);
  await shoot(fin, 'rectification-list');
  await axe(fin, 'rectification list');
  await fin.setViewport({width: 768, height: 1024});
  await shoot(fin, 'rectification-list-tablet');
  await fin.setViewport({width: 1280, height: 800});
  console.log(`     (整改: ${((Date.now() - rectificationStart) / 1000).toFixed(1)} s)`);

  // 12. 项目自评: a second department (桃源县交通运输局) with two projects in
  // its budget, payments naming them and approved project targets, all
  // seeded through the services. The department files P001 (a shortfall
  // without its 偏差原因 is refused beside that field), saves, submits;
  // finance returns it with a reason; the department sees it in its to-do,
  // fixes and resubmits; finance approves; the computed 自评表 shows.
  const projectsStart = Date.now();
  const JTJ = 'taoyuan-jtj';
  const wanFen = (n) => String(n * 1000000);
  const targetIndicators = (prefix, satisfactionName = '群众满意度') => [
    {id: `${prefix}1`, level1: '产出指标', level2: '数量指标', name: '养护里程', comparator: 'AT_LEAST', value: '120', unit: '公里'},
    {id: `${prefix}2`, level1: '效益指标', level2: '社会效益指标', name: '道路通行条件', comparator: 'QUALITATIVE', value: '明显改善', unit: ''},
    {id: `${prefix}3`, level1: '满意度指标', level2: '服务对象满意度指标', name: satisfactionName, comparator: 'AT_LEAST', value: '90', unit: '%'}];
  const approveTargets = async (code, projects, expected) => {
    const key = {regionCode: REGION, departmentCode: code, year: YEAR};
    await suite.post('jixiao.indicator.v1.TargetService/PutTargets', {targets: {key, tree: 'pre2021', annualGoal: '保障农村公路安全畅通',
      indicators: targetIndicators('d'), projects}, expectedVersion: String(expected)}, admin);
    await suite.post('jixiao.indicator.v1.TargetService/SubmitTargets', {key, expectedVersion: String(expected + 1)}, admin);
    await suite.post('jixiao.indicator.v1.TargetService/ApproveTargets', {key, expectedVersion: String(expected + 2)}, finance);
  };
  await suite.post('jixiao.budget.v1.BudgetService/CreateDepartment', {department: {regionCode: REGION, code: JTJ, name: '桃源县交通运输局'}}, admin);
  await suite.post('jixiao.budget.v1.BudgetService/PutDepartmentYear', {departmentYear: {regionCode: REGION, departmentCode: JTJ, year: YEAR,
    phases: [{phase: 'PHASE_ORIGINAL', totalExpenditure: wanFen(300)}],
    projects: [{code: 'P001', name: '农村公路养护', original: wanFen(200), adjusted: wanFen(250)}, {code: 'P002', name: '客运站运营补贴', original: wanFen(100)}]}}, admin);
  await suite.post('jixiao.budget.v1.BudgetService/ImportLedger', {batchId: 'console-jtj-pay', regionCode: REGION, payments: [
    ['r1', '2019-03-01', 'P001', 100], ['r2', '2019-12-31', 'P001', 125], ['r3', '2019-05-01', '', 20]].map(([recordId, paidOn, projectCode, amount]) =>
    ({departmentCode: JTJ, year: YEAR, recordId, paidOn, functionCode: '2140106', economicCode: '30213', projectCode, amount: wanFen(amount)}))}, finance);
  await approveTargets(JTJ, [
    {projectCode: 'P001', projectName: '农村公路养护', annualGoal: '全年养护农村公路120公里', funds: {total: wanFen(250)}, indicators: targetIndicators('P001-')},
    {projectCode: 'P002', projectName: '客运站运营补贴', annualGoal: '保障客运站正常运营', funds: {total: wanFen(100)}, indicators: targetIndicators('P002-')}], 0);
  // The XSS department gets a project named as markup, one indicator too,
  // filed by admin: it is ranked in the region.
  await suite.post('jixiao.budget.v1.BudgetService/PutDepartmentYear', {departmentYear: {regionCode: REGION, departmentCode: 'xss-test', year: YEAR,
    phases: [{phase: 'PHASE_ORIGINAL', totalExpenditure: wanFen(50)}], projects: [{code: 'X01', name: xssName, original: wanFen(50)}]}}, admin);
  await approveTargets('xss-test', [{projectCode: 'X01', projectName: xssName, annualGoal: xssName, funds: {total: wanFen(50)},
    indicators: targetIndicators('X01-', xssName)}], 1);
  await suite.post('jixiao.indicator.v1.ProjectEvaluationService/PutProjectFiling', {filing: {key: {regionCode: REGION, departmentCode: 'xss-test', year: YEAR, projectCode: 'X01'},
    achievedSummary: xssName, selfScore: '60', actuals: [{indicatorId: 'X01-1', value: '120'}, {indicatorId: 'X01-2', achievement: 'ACHIEVED', percentOfWeight: '90'},
      {indicatorId: 'X01-3', value: '95', evidenceNote: xssName}]}, expectedVersion: '0'}, admin);

  const jtjToken = suite.mint('department', {region: REGION, department: JTJ, subject: 'taoyuan-jtj-cw'});
  const jtj = await open(jtjToken);
  await visit(jtj, `#/dept/${REGION}/${JTJ}/${YEAR}/projects`, '#project-list tbody tr');
  const listed = await jtj.$$eval('#project-list tbody tr', (rows) => rows.map((r) => r.dataset.project));
  check(listed.join(',') === 'P001,P002' && (await text(jtj, '#project-list')).includes('250.00'),
      `the department's projects from its approved targets, funds in 万元 (${listed.join(',')})`);
  await axe(jtj, 'projects (department)');
  const p001 = `#/dept/${REGION}/${JTJ}/${YEAR}/projects/P001`;
  await visit(jtj, p001, '#filing-form');
  const cell = (id, col) => `#filing-table tr[data-indicator="${id}"] [data-col="${col}"]`;
  await jtj.type('#filing-summary', '全年养护农村公路108公里，路况明显改善');
  await jtj.type(cell('P001-1', 'value'), '108');
  await jtj.select(cell('P001-2', 'achievement'), 'PARTLY_ACHIEVED');
  await jtj.type(cell('P001-2', 'percent'), '70');
  await jtj.type(cell('P001-2', 'reason'), '部分路段未完工');
  await jtj.type(cell('P001-2', 'improvement'), '次年一季度完成');
  await jtj.type(cell('P001-3', 'value'), '95');
  await jtj.type('#filing-self-score', '92');
  await click(jtj, '#btn-filing-save');
  await jtj.waitForSelector('#filing-table .field-error');
  const refused = await jtj.$eval('#filing-table .field-error', (el) => [el.dataset.errorPath, el.closest('tr').dataset.indicator, el.previousElementSibling.dataset.col]);
  check(refused[0] === 'filing.actuals[0].deviation_reason' && refused[1] === 'P001-1' && refused[2] === 'reason',
      `a shortfall without its 偏差原因分析 is refused beside that field (${refused.join(' | ')})`);
  await shoot(jtj, 'project-filing-error', '#filing-table .field-error');
  await axe(jtj, 'project filing (department)');
  await jtj.type(cell('P001-1', 'reason'), '雨季停工两个月');
  await jtj.type(cell('P001-1', 'improvement'), '提前安排汛期施工计划');
  await click(jtj, '#btn-filing-save');
  await jtj.waitForSelector('#filing-status [data-status="DRAFT"]');
  check((await text(jtj, '#filing-version')).includes('第 1 版'), 'the filing is saved as a draft (version 1)');
  await click(jtj, '#btn-filing-submit');
  check(await appears(jtj, '#filing-status [data-status="SUBMITTED"]') && (await text(jtj, '#filing-version')).includes('第 2 版'),
      `the department submitted the filing (${await text(jtj, '#filing-version')})`);

  await visit(fin, p001, '#btn-filing-return');
  check((await text(fin, '#filing-view')).includes('雨季停工两个月'), 'finance reads the filing with its 偏差原因');
  await click(fin, '#btn-filing-return');
  await fin.waitForSelector('#filing-review .field-error');
  check((await fin.$eval('#filing-review .field-error', (el) => el.dataset.errorPath)) === 'reason', 'returning without a reason is refused beside the reason');
  await fin.type('#filing-return-reason', '满意度调查请注明样本量');
  await click(fin, '#btn-filing-return');
  check(await appears(fin, '#filing-status [data-status="RETURNED"]') && (await text(fin, '#filing-return')).includes('满意度调查请注明样本量'),
      'finance returned the filing with a reason');

  await visit(jtj, '#/', '.todo-project-returned');
  check((await text(jtj, '.todo-project-returned')).includes('满意度调查请注明样本量'), 'department to-do: the returned project filing with its reason');
  await visit(jtj, p001, '#filing-return');
  await jtj.type(cell('P001-3', 'note'), '问卷 200 份');
  await click(jtj, '#btn-filing-submit');
  await jtj.waitForSelector('#filing-status [data-status="SUBMITTED"]');
  const resubmitted = await text(jtj, '#filing-version');
  check(resubmitted.includes('第 5 版'), `the department fixed and resubmitted (version 5: saved, then submitted): ${resubmitted}`);

  await visit(fin, p001, '#btn-filing-approve');
  await click(fin, '#btn-filing-approve');
  await fin.waitForSelector('#filing-status [data-status="APPROVED"]');
  const total = await text(fin, '#project-total');
  check(/^\d+(\.\d+)?$/.test(total) && (await text(fin, '#project-grade')).includes('良'), `finance approved; the computed 自评表: ${total} ${await text(fin, '#project-grade')}`);
  const executionScore = (await text(fin, '#execution-score')).trim();
  check((await text(fin, '#project-funds')).includes('250.00') && (await text(fin, '#project-funds')).includes('225.00') && Number(executionScore) === 9,
      `执行率 points from 225.00 of 250.00 万元 (${executionScore})`);
  check((await text(fin, '#execution-formula')).includes('min(225.00 ÷ 250.00, 1)') && (await text(fin, '#project-formula')).includes('预算执行率'),
      'the formula is shown with its inputs');
  check((await text(fin, '#project-self')).includes('单位自评：92') && (await text(fin, '#project-self')).includes('差异'), 'the self score beside it and the gap');
  await shoot(fin, 'project-score-sheet', '#score-sheet');
  await axe(fin, 'project 自评表 (finance)');
  await visit(jtj, `#/dept/${REGION}/${JTJ}/${YEAR}/projects`, '#project-list tbody tr');
  const p001Row = await jtj.$eval('#project-list tr[data-project="P001"]', (r) => [...r.cells].map((c) => c.textContent));
  check(p001Row[3].includes('已审核通过') && p001Row[4] === total && p001Row[5] === '良',
      `the department's list shows P001 approved with its score and grade (${p001Row.slice(3, 6).join(' | ')})`);

  // P002: a submit with an indicator not filed saves the draft, is refused
  // beside that indicator's row; filled in, the next submit works (the
  // save names the version just stored: no ABORTED).
  await visit(jtj, `#/dept/${REGION}/${JTJ}/${YEAR}/projects/P002`, '#filing-form');
  await jtj.type('#filing-summary', '客运站全年正常运营');
  await jtj.type(cell('P002-1', 'value'), '120');
  await jtj.select(cell('P002-2', 'achievement'), 'ACHIEVED');
  await jtj.type(cell('P002-2', 'percent'), '90');
  await click(jtj, '#btn-filing-submit');
  const unfiled = await appears(jtj, '#filing-table .field-error') &&
    await jtj.$eval('#filing-table .field-error', (el) => [el.closest('tr').dataset.indicator, el.previousElementSibling.dataset.col, el.textContent]);
  check(unfiled && unfiled[0] === 'P002-3' && unfiled[1] === 'value' && unfiled[2].includes('P002-3') &&
      (await text(jtj, '#filing-version')).includes('第 1 版') && Boolean(await jtj.$('#filing-status [data-status="DRAFT"]')),
  `a submit with P002-3 not filed: the draft is saved (version 1), the refusal is beside P002-3's 实际完成值 (${unfiled && unfiled.slice(0, 2).join(' | ')})`);
  await jtj.type(cell('P002-3', 'value'), '95');
  await click(jtj, '#btn-filing-submit');
  check(await appears(jtj, '#filing-status [data-status="SUBMITTED"]') && (await text(jtj, '#filing-version')).includes('第 3 版') &&
      !(await jtj.$('#filing-message .error-box')),
  `filled in, P002 is submitted from the version just saved, no ABORTED (${await text(jtj, '#filing-version')})`);
  await visit(jtj, `#/dept/${REGION}/${JTJ}/${YEAR}/projects`, '#project-list tbody tr');
  await shoot(jtj, 'projects-department');

  // The XSS project in its own page: shown as text.
  await visit(xss, `#/dept/${REGION}/xss-test/${YEAR}/projects/X01`, '#score-sheet');
  check((await text(xss, '#project-title')).includes(xssName) && (await text(xss, '#project-indicators')).includes(xssName) &&
      (await xss.$$('main img')).length === 0, 'a project and an indicator named as markup are shown as text');

  // 13. The region's projects: ranking, grades, gaps.
  check(Boolean(await fin.$(`nav a[href="#/projects/${REGION}/${YEAR}"]`)), 'the nav bar links to the region\'s projects');
  await visit(xss, `#/region/${REGION}/${YEAR}`, '#link-region-projects');
  await Promise.all([xss.waitForNetworkIdle(), xss.click('#link-region-projects')]);
  await xss.waitForSelector('#project-ranking tbody tr');
  const projectRanking = await text(xss, '#project-ranking');
  check(projectRanking.includes('农村公路养护') && projectRanking.includes('客运站运营补贴') && projectRanking.includes(xssName),
      'the region ranks every project (the markup name as text)');
  check((await xss.$$('#chart-project-grades canvas, #chart-project-departments canvas')).length === 2, 'the grade and department charts are drawn');
  check((await text(xss, '#projects-gaps')).includes('农村公路养护'), 'P001 is listed: its own 92 is more than 5 points over the computed');
  await xss.select('#projects-grade', '良');
  const graded = await xss.$$eval('#project-ranking tbody tr', (rows) => rows.map((r) => r.cells[4].textContent));
  check(graded.length >= 1 && graded.every((g) => g === '良'), `filtered by grade 良 (${graded.join(',')})`);
  await xss.select('#projects-grade', '');
  await xss.click('#project-ranking th[data-col=total] button');
  check(await xss.$eval('#project-ranking th[data-col=total]', (th) => th.getAttribute('aria-sort')) === 'descending', 'the project ranking sorts by score');
  check(xss.dialogs.length === 0 && (await xss.$$('main img')).length === 0, 'no dialog, no element made from a name');
  await shoot(xss, 'region-projects');
  await axe(xss, 'region projects');
  console.log(`     (项目自评: ${((Date.now() - projectsStart) / 1000).toFixed(1)} s)`);

  // 14. 结果应用 and 公开: finance sees the approved department without a
  // decision, reads the proposal, records a decision (the reason is
  // required: the refusal beside it), changes it (the history kept), and
  // publishes the package after confirming; the manifest's files with
  // their sha256, one downloaded and checked; published means immutable.
  const resultsStart = Date.now();
  await visit(fin, '#/', '#todo-decisions');
  check((await text(fin, '#todo-decisions')).includes('桃源县公安局'), 'finance to-do: the approved department awaits a decision');
  const resultsUrl = `#/dept/${REGION}/${DEPT}/${YEAR}/results`;
  await visit(fin, resultsUrl, '#subject-department .proposal');
  const proposalText = await text(fin, '#subject-department .proposal');
  check((await text(fin, '#subject-department .proposal-grade')).includes('中') && proposalText.startsWith('维持（控制新增）') &&
      proposalText.includes('严格控制新增项目') && (await text(fin, '#subject-department .proposal-source')).includes('第十八条'),
  `the proposal from the grade 中 by the rule, with its source (${proposalText.slice(0, 40)})`);
  const dsel = (col) => `#subject-department [data-col="${col}"]`;
  await fin.select(dsel('decision'), 'REDUCE');
  await fin.$eval(dsel('share'), (el) => { el.value = '10'; });
  await click(fin, dsel('record'));
  await fin.waitForSelector('#subject-department .field-error');
  check((await fin.$eval('#subject-department .field-error', (el) => el.dataset.errorPath)) === 'reason', 'a decision without a reason is refused beside the reason');
  await fin.type(dsel('reason'), '评价等级为中，按规则核减');
  await click(fin, dsel('record'));
  await fin.waitForSelector('#subject-department .decision-current');
  check((await text(fin, '#subject-department .decision-current')).includes('核减 10%'), 'finance recorded 核减 10% with its reason');
  await fin.select(dsel('decision'), 'MAINTAIN');
  await fin.type(dsel('reason'), '经复核，整改已到位，维持');
  await click(fin, dsel('record'));
  await fin.waitForFunction(() => (document.querySelector('#subject-department .decision-current') || {}).textContent?.includes('维持'));
  const history = await fin.$$eval('#subject-department .decision-history li', (items) => items.map((i) => i.textContent));
  check(history.length === 2 && history[1].includes('核减 10%'), `the decision changed; the history keeps both (${history.length})`);
  await fin.$eval('#subject-department .decision-history', (el) => { el.open = true; });
  await shoot(fin, 'results-decision', '#subject-department .decision-history');
  await fin.click('#btn-publish');
  await fin.waitForSelector('#publish-confirm:not([hidden])');
  check(!(await fin.$('#package-files')), 'publishing asks to confirm first');
  await click(fin, '#btn-publish-confirm');
  await fin.waitForSelector('#package-files');
  const packageFiles = await fin.$$eval('#package-files tbody tr', (rows) => rows.map((r) => [r.dataset.file, r.querySelector('code').textContent]));
  check(packageFiles.length >= 2 && packageFiles[0][0] === 'manifest.json' && packageFiles.every(([, sha]) => /^[0-9a-f]{64}$/.test(sha)),
      `the package is published; the manifest lists its files with sha256 (${packageFiles.map(([n]) => n).join(', ')})`);
  check((await text(fin, '#package-published')).includes('不可更改') && /^\d+\.\d+$/.test(await text(fin, '#package-total')), 'published and immutable, with its score');
  // Download the report: the bytes the browser saves hash to the sha256 shown.
  await fin.evaluate(() => {
    window.savedBlobs = [];
    const original = URL.createObjectURL;
    URL.createObjectURL = (blob) => { window.savedBlobs.push(blob); return original(blob); };
  });
  const second = packageFiles[1];
  await fin.click(`#package-files tr[data-file="${second[0]}"] button`);
  const savedSha = await fin.evaluate(async () => {
    const bytes = await window.savedBlobs[0].arrayBuffer();
    return [...new Uint8Array(await crypto.subtle.digest('SHA-256', bytes))].map((b) => b.toString(16).padStart(2, '0')).join('');
  });
  check(savedSha === second[1], `the downloaded ${second[0]} has the sha256 the manifest lists`);
  await shoot(fin, 'results-published', '#package');
  await axe(fin, 'results and publication');
  await visit(fin, resultsUrl, '#package-published');
  check(!(await fin.$('#btn-publish')), 'a published package offers no second publication');
  await visit(fin, '#/', '#todo-decisions');
  check(!(await text(fin, '#todo-decisions')).includes('桃源县公安局'), 'finance to-do: decided, no longer waiting');
  const jtjResults = `#/dept/${REGION}/${JTJ}/${YEAR}/results`;
  await visit(fin, jtjResults, '#subject-P001 .proposal');
  check((await text(fin, '#subject-P001 .proposal-grade')).includes('良') && (await text(fin, '#subject-department')).includes('暂无建议') &&
      (await text(fin, '#subject-P001 .proposal')).startsWith('优先保障'),
  'a project is a subject of its own: proposed from its 良 (常年性: 优先保障); the department as a whole, unevaluated, has none yet');
  // 一次性: proposed again for that kind; 核减 by an amount finer than the
  // 0.01 万元 shown, recorded, then recorded again unchanged: the same 分.
  const psel = (col) => `#subject-P001 [data-col="${col}"]`;
  await fin.select(psel('project-kind'), 'PROJECT_ONE_OFF');
  await fin.waitForFunction(() => document.querySelector('#subject-P001 .proposal').textContent.startsWith('维持'), {timeout: 15000}).catch(() => null);
  check((await text(fin, '#subject-P001 .proposal')).startsWith('维持'), 'a one-off project graded 良 is proposed 维持');
  await fin.select(psel('decision'), 'REDUCE');
  await fin.select(psel('reduce-by'), 'amount');
  await fin.type(psel('amount'), '12.345678');
  await fin.type(psel('reason'), '一次性项目结余');
  await click(fin, psel('record'));
  await appears(fin, '#subject-P001 .decision-current');
  check((await fin.$eval(psel('amount'), (el) => el.value)) === '12.345678' && (await fin.$eval(psel('project-kind'), (el) => el.value)) === 'PROJECT_ONE_OFF' &&
      (await text(fin, '#subject-P001 .proposal')).startsWith('维持'),
  'the form starts from the decision: its exact amount, its project kind, the proposal for that kind');
  await fin.type(psel('reason'), '复核后维持原核减金额');
  await click(fin, psel('record'));
  await fin.waitForFunction(() => document.querySelectorAll('#subject-P001 .decision-history li').length === 2, {timeout: 15000}).catch(() => null);
  const jtjDecisions = (await suite.post('jixiao.evaluation.v1.ResultsService/ListDecisions', {regionCode: REGION, year: YEAR, departmentCode: JTJ}, finance)).decisions;
  const p001Decision = jtjDecisions.find((d) => d.subject.projectCode === 'P001') || {earlier: []};
  const amounts = [p001Decision, ...(p001Decision.earlier || [])].map((d) => d.amountFen);
  check(amounts.join(',') === '12345678,12345678' && p001Decision.subject.projectKind === 'PROJECT_ONE_OFF',
      `核减 12.345678 万元 recorded twice keeps its 分 (${amounts.join(', ')}; ${p001Decision.subject.projectKind})`);
  // A project named as markup, on the results page: text.
  await visit(xss, `#/dept/${REGION}/xss-test/${YEAR}/results`, '#subject-X01 h3');
  check((await text(xss, '#subject-X01 h3')).includes(xssName) && (await xss.$$('main img')).length === 0 && xss.dialogs.length === 0,
      'the results page shows a project named as markup as text');
  await visit(dept, resultsUrl, '#package-published');
  check((await text(dept, '#subject-department')).includes('维持') && !(await dept.$('#subject-department [data-col="record"]')),
      'the department reads the decision and the package, and cannot decide');
  console.log(`     (结果应用与公开: ${((Date.now() - resultsStart) / 1000).toFixed(1)} s)`);


  check(pageErrors.length === 0, `no script error or CSP violation in any page${pageErrors.length ? `: ${pageErrors.slice(0, 5).join(' | ')}` : ''}`);
} catch (e) {
  console.log(`FAIL ${e.stack || e}`);
  failures++;
} finally {
  await browser.close();
  await suite.stop();
}
const files = readdirSync(shots).filter((f) => f.endsWith('.png')).sort();
console.log(`screenshots (${files.length}) in ${shots}:`);
for (const f of files) console.log(`  ${f}`);
console.log(failures === 0 ? 'console_browser: all passed' : `console_browser: ${failures} failed`);
process.exit(failures === 0 ? 0 : 1);
