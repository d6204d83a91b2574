// The console's region view at city scale: generates a city of N
// departments (bench/city.cc's seeded generator, through the services'
// RPCs), opens the region in chromium and reads the time the page measured
// (performance.now) from the data in hand to the ranking and charts drawn,
// and the time of the streamed EvaluateRegion before it. docs/benchmarks.md.
//
//   node test/region_bench.mjs BUILD_DIR SOURCE_DIR [DEPARTMENTS=3000] [RUNS=3]
import puppeteer from 'puppeteer-core';
import {execFileSync} from 'node:child_process';
import {resolve} from 'node:path';
import {startSuite, findChromium, CHROMIUM_ARGS} from './harness.mjs';

const [build, source] = process.argv.slice(2, 4).map((p) => resolve(p));
const departments = Number(process.argv[4] || 3000);
const runs = Number(process.argv[5] || 3);
const chromium = findChromium();
if (!chromium) { console.log('JIXIAO-SKIP: chromium is not installed'); process.exit(0); }
const suite = await startSuite({build, source, insecure: true});
const browser = await puppeteer.launch({executablePath: chromium, headless: true, args: CHROMIUM_ARGS});
try {
  const t0 = Date.now();
  execFileSync(`${build}/bench/jixiao-bench-city`, [`--budget=${suite.budget}`, `--indicator=${suite.indicator}`,
    `--evaluation=${suite.evaluation}`, `--departments=${departments}`, '--runs=1'], {cwd: source, stdio: ['ignore', 'inherit', 'inherit']});
  console.log(`generated ${departments} departments in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  const page = await browser.newPage();
  await page.setViewport({width: 1280, height: 800});
  const renders = [];
  for (let i = 0; i < runs; i++) {
    await page.goto('about:blank');
    await page.goto(`${suite.url}#/region/430700/2019`, {waitUntil: 'load'});
    await page.waitForSelector('#region-progress[data-render-ms]', {timeout: 120000});
    const r = await page.$eval('#region-progress', (el) => ({render: Number(el.dataset.renderMs), load: Number(el.dataset.loadMs), n: Number(el.dataset.departments)}));
    console.log(`run ${i + 1}: ${r.n} departments, EvaluateRegion streamed in ${r.load} ms, ranking and charts drawn in ${r.render} ms`);
    renders.push(r);
    await page.evaluate(() => sessionStorage.clear());
  }
  const median = (xs) => xs.slice().sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  console.log(`median: load ${median(renders.map((r) => r.load))} ms, render ${median(renders.map((r) => r.render))} ms (${departments} departments)`);
} finally {
  await browser.close();
  await suite.stop();
}
