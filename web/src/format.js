// Numbers as a finance officer reads them: money in 万元 with two decimals and
// thousands separators (分 in the API: 1万元 = 1,000,000 分), exact with
// BigInt, rounded half away from zero for display only.

const FEN_PER_WAN = 1000000n;

function group(digits) {
  return digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

// "12669130000" (分) → "12,669.13"; absent → "—".
export function wan(fen) {
  if (fen === undefined || fen === null || fen === '') return '—';
  let n = BigInt(fen);
  const negative = n < 0n;
  if (negative) n = -n;
  const hundredths = (n + 5000n) / 10000n;  // 0.01万元 = 10,000 分
  const whole = hundredths / 100n;
  const frac = (hundredths % 100n).toString().padStart(2, '0');
  return `${negative ? '-' : ''}${group(whole.toString())}.${frac}`;
}

// "12669130050" (分) → "12669.13005": exact, up to six decimals with the
// trailing zeros dropped, no separators; what a form is pre-filled with so
// that saving it unchanged keeps the amount (parseWan reads it back).
export function wanExact(fen) {
  if (fen === undefined || fen === null || fen === '') return '';
  let n = BigInt(fen);
  const negative = n < 0n;
  if (negative) n = -n;
  const frac = (n % FEN_PER_WAN).toString().padStart(6, '0').replace(/0+$/, '');
  return `${negative ? '-' : ''}${n / FEN_PER_WAN}${frac ? `.${frac}` : ''}`;
}

export function wanUnit(fen) {
  return fen === undefined || fen === null ? '—' : `${wan(fen)} 万元`;
}

// "12,669.13" (万元, up to six decimals: the 分) → "12669130000"; null for
// empty; throws a Chinese message for anything else.
export function parseWan(text) {
  const t = String(text).trim().replace(/,/g, '');
  if (t === '') return null;
  const m = /^(-?)(\d+)(?:\.(\d{1,6}))?$/.exec(t);
  if (!m) throw new Error(`“${text}”不是金额（万元，最多六位小数）`);
  const fen = BigInt(m[2]) * FEN_PER_WAN + BigInt((m[3] || '').padEnd(6, '0'));
  return (m[1] ? -fen : fen).toString();
}

// An amount of a CSV row in 元 or 万元 → 分 as a string; throws when finer
// than a 分.
export function parseAmount(text, unit) {
  const t = String(text).trim().replace(/,/g, '');
  const places = unit === '万元' ? 6 : 2;
  const m = /^(\d+)(?:\.(\d+))?$/.exec(t);
  if (!m) throw new Error(`“${text}”不是非负金额`);
  const frac = m[2] || '';
  if (frac.length > places && /[1-9]/.test(frac.slice(places))) {
    throw new Error(`“${text}”精确到分以下（单位${unit}）`);
  }
  const scale = unit === '万元' ? FEN_PER_WAN : 100n;
  return (BigInt(m[1]) * scale + BigInt(frac.slice(0, places).padEnd(places, '0'))).toString();
}

// Points "4.5" → 4.5 (display and charts only; the service keeps them exact).
export function points(text) {
  const n = Number(text);
  return Number.isFinite(n) ? n : 0;
}

export function fixed2(n) {
  return (Math.round(n * 100) / 100).toFixed(2);
}

export function dateTime(iso) {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const p = (x) => String(x).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;
}

export const PHASES = [
  ['PHASE_ORIGINAL', '年初预算'],
  ['PHASE_ADJUSTED', '调整预算'],
  ['PHASE_FINAL', '决算'],
];
export const PHASE_NAME = Object.fromEntries(PHASES);

export const STATUS_NAME = {
  DRAFT: '草稿（填报中）',
  SUBMITTED: '已提交，待审核',
  RETURNED: '已退回，待修改',
  APPROVED: '已审核通过',
  STATUS_UNSPECIFIED: '未开始',
};

export const SEVERITY = {
  SEVERITY_ERROR: ['error', '错误'],
  SEVERITY_WARNING: ['warning', '警告'],
  SEVERITY_INFO: ['info', '提示'],
};
