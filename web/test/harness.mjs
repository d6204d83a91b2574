// The real suite for the browser tests: the budget, indicator and
// evaluation services on SQLite and the gateway serving the console, each
// on a free loopback port (--port_file), tokens checked (HS256) unless
// `insecure`. Stopped with SIGTERM at the end.
import {spawn, execFileSync} from 'node:child_process';
import {existsSync, mkdtempSync, readFileSync, writeFileSync, rmSync, openSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

export async function startSuite({build, source, insecure = false}) {
  const dir = mkdtempSync(join(tmpdir(), 'jixiao-console-'));
  const children = [];
  const secretFile = join(dir, 'jwt-secret');
  writeFileSync(secretFile, `console-test-${Math.random().toString(36).slice(2)}-0123456789abcdefghijklmnop\n`, {mode: 0o600});
  const auth = insecure ? ['--insecure'] : [`--jwt_hs256_secret_file=${secretFile}`];
  async function start(name, binary, args) {
    const portFile = join(dir, `${name}.port`);
    const log = openSync(join(dir, `${name}.log`), 'a');
    const child = spawn(binary, ['--listen=127.0.0.1:0', `--port_file=${portFile}`, ...args], {stdio: ['ignore', log, log]});
    children.push(child);
    for (let i = 0; i < 300; i++) {
      if (existsSync(portFile)) return `127.0.0.1:${readFileSync(portFile, 'utf8').trim()}`;
      if (child.exitCode !== null) break;
      await sleep(50);
    }
    throw new Error(`${name} did not start: ${readFileSync(join(dir, `${name}.log`), 'utf8').slice(-2000)}`);
  }
  const budget = await start('budget', `${build}/services/budget/jixiao-budget`, [...auth, `--storage=sqlite:${dir}/budget.db`]);
  const indicator = await start('indicator', `${build}/services/indicator/jixiao-indicator`,
      [...auth, `--storage=sqlite:${dir}/indicator.db`, `--budget=${budget}`, `--frameworks_dir=${source}/frameworks`]);
  const evaluation = await start('evaluation', `${build}/services/evaluation/jixiao-evaluation`,
      [...auth, `--storage=sqlite:${dir}/evaluation.db`, `--budget=${budget}`, `--indicator=${indicator}`]);
  const gateway = await start('gateway', `${build}/services/gateway/jixiao-gateway`,
      [...(insecure ? ['--insecure'] : []), `--budget=${budget}`, `--indicator=${indicator}`, `--evaluation=${evaluation}`,
        `--console_dir=${build}/web/console`]);
  const cliBase = [`${build}/tools/jixiao/jixiao`, `--budget=${budget}`, `--indicator=${indicator}`, `--evaluation=${evaluation}`];
  const suite = {
    dir, budget, indicator, evaluation, gateway, secretFile,
    url: `http://${gateway}/console/`,
    mint(role, {region = '', department = '', subject = role} = {}) {
      const args = ['token', 'mint', `--secret_file=${secretFile}`, `--subject=${subject}`, `--role=${role}`];
      if (region) args.push(`--region=${region}`);
      if (department) args.push(`--department=${department}`);
      return execFileSync(cliBase[0], [...cliBase.slice(1), ...args], {encoding: 'utf8'}).trim();
    },
    cli(args, token) {
      const extra = [];
      if (token) {
        const file = join(dir, `token-${Math.random().toString(36).slice(2)}`);
        writeFileSync(file, token, {mode: 0o600});
        extra.push(`--token_file=${file}`);
      }
      return execFileSync(cliBase[0], [...cliBase.slice(1), ...extra, ...args], {encoding: 'utf8', cwd: source});
    },
    async post(method, body, token) {
      const headers = {'Content-Type': 'application/json'};
      if (token) headers.Authorization = `Bearer ${token}`;
      const r = await fetch(`http://${gateway}/${method}`, {method: 'POST', headers, body: JSON.stringify(body)});
      const json = await r.json();
      if (!r.ok) throw new Error(`${method}: ${r.status} ${JSON.stringify(json)}`);
      return json;
    },
    async stop() {
      for (const child of children.reverse()) if (child.exitCode === null) child.kill('SIGTERM');
      await Promise.all(children.map((c) => c.exitCode !== null ? null : new Promise((r) => c.once('exit', r))));
      if (!process.env.JIXIAO_CONSOLE_KEEP) rmSync(dir, {recursive: true, force: true});
    },
  };
  return suite;
}

export function findChromium() {
  for (const candidate of [process.env.JIXIAO_CHROMIUM, '/usr/bin/chromium', '/usr/bin/chromium-browser']) {
    if (candidate && existsSync(candidate)) return candidate;
  }
  return null;
}

export const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--font-render-hinting=none', '--lang=zh-CN'];
