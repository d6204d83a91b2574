// Builds the console: src/main.js bundled by esbuild (ECharts by its modular
// entry points, tree-shaken, minified) into OUT/app.js, with static/ beside
// it, and checks the compressed size of the JavaScript against the budget.
//
//   node build.mjs OUT          build into OUT (default dist/)
//   node build.mjs --check OUT  only check OUT's size
import {build} from 'esbuild';
import {copyFileSync, mkdirSync, readdirSync, readFileSync, writeFileSync} from 'node:fs';
import {gzipSync} from 'node:zlib';
import {dirname, join, resolve} from 'node:path';
import {fileURLToPath} from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const checkOnly = args[0] === '--check';
const out = resolve(args[checkOnly ? 1 : 0] || join(here, 'dist'));
const BUDGET = 300 * 1024;  // gzip bytes of every script of the first load

if (!checkOnly) {
  mkdirSync(out, {recursive: true});
  await build({
    entryPoints: [join(here, 'src/main.js')],
    bundle: true,
    minify: true,
    format: 'iife',
    target: ['chrome100', 'firefox100', 'safari15'],
    outfile: join(out, 'app.js'),
    legalComments: 'none',
    charset: 'utf8',
    define: {'process.env.NODE_ENV': '"production"'},
    logLevel: 'warning',
  });
  for (const name of readdirSync(join(here, 'static'))) copyFileSync(join(here, 'static', name), join(out, name));
}

let total = 0;
for (const name of readdirSync(out).filter((n) => n.endsWith('.js'))) total += gzipSync(readFileSync(join(out, name)), {level: 9}).length;
const line = `console bundle: ${(total / 1024).toFixed(1)} KB of JavaScript gzipped (budget ${BUDGET / 1024} KB) in ${out}`;
writeFileSync(join(out, 'size.txt'), `${line}\n`);
console.log(line);
if (total > BUDGET) {
  console.error('console bundle: over the budget');
  process.exit(1);
}
