// The Connect JSON endpoints the gateway serves, the same any integrator
// calls: POST /<package>.<Service>/<Method>, JSON in and out, the bearer
// token (if the session has one) in Authorization. No cookies are sent
// (credentials: 'omit'), so a forged cross-site request carries nothing.
import {session} from './session.js';

const CODE_CHINESE = {
  invalid_argument: '输入有误',
  failed_precondition: '当前状态不允许此操作',
  out_of_range: '超出范围',
  unauthenticated: '未登录或令牌无效、已过期',
  permission_denied: '无权进行此操作',
  not_found: '未找到',
  already_exists: '已存在',
  aborted: '数据已被他人修改，请刷新后重试',
  resource_exhausted: '请求过大或过于频繁',
  unimplemented: '不支持的操作',
  unavailable: '服务暂不可用，请稍后重试',
  deadline_exceeded: '请求超时',
  internal: '服务内部错误',
  unknown: '未知错误',
};

export class ApiError extends Error {
  constructor(code, message, httpStatus) {
    super(message);
    this.code = code;
    this.httpStatus = httpStatus;
    this.chinese = `${CODE_CHINESE[code] || '出错了'}：${message}`;
  }
}

function headers(contentType) {
  const out = {'Content-Type': contentType};
  if (session.token) out.Authorization = `Bearer ${session.token}`;
  return out;
}

export async function call(method, request = {}, {timeoutMs} = {}) {
  const h = headers('application/json');
  if (timeoutMs) h['Connect-Timeout-Ms'] = String(timeoutMs);
  let response;
  try {
    response = await fetch(`/${method}`, {
      method: 'POST', headers: h, body: JSON.stringify(request),
      credentials: 'omit', cache: 'no-store',
    });
  } catch (e) {
    throw new ApiError('unavailable', '无法连接网关', 0);
  }
  const text = await response.text();
  let body = null;
  try { body = text ? JSON.parse(text) : {}; } catch (e) { body = null; }
  if (!response.ok) {
    const code = body && body.code ? body.code : 'unknown';
    const error = new ApiError(code, body && body.message ? body.message : `HTTP ${response.status}`, response.status);
    if (code === 'unauthenticated') session.onUnauthenticated(error);
    throw error;
  }
  return body || {};
}

function envelope(json) {
  const payload = new TextEncoder().encode(json);
  const out = new Uint8Array(payload.length + 5);
  new DataView(out.buffer).setUint32(1, payload.length);
  out.set(payload, 5);
  return out;
}

// A method that streams its replies (EvaluateRegion, StreamRegionEvaluations),
// in the Connect streaming form: each reply handed to onMessage as it
// arrives, so that a region of thousands never sits whole in memory.
export async function stream(method, request, onMessage, {timeoutMs = 120000} = {}) {
  const h = headers('application/connect+json');
  h['Connect-Timeout-Ms'] = String(timeoutMs);
  let response;
  try {
    response = await fetch(`/${method}`, {
      method: 'POST', headers: h, body: envelope(JSON.stringify(request)),
      credentials: 'omit', cache: 'no-store',
    });
  } catch (e) {
    throw new ApiError('unavailable', '无法连接网关', 0);
  }
  if (!response.ok) {
    let body = null;
    try { body = await response.json(); } catch (e) { body = null; }
    throw new ApiError(body && body.code ? body.code : 'unknown',
        body && body.message ? body.message : `HTTP ${response.status}`, response.status);
  }
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let buffer = new Uint8Array(0);
  let ended = false;
  for (;;) {
    const {done, value} = await reader.read();
    if (value) {
      const joined = new Uint8Array(buffer.length + value.length);
      joined.set(buffer);
      joined.set(value, buffer.length);
      buffer = joined;
    }
    let offset = 0;
    while (buffer.length - offset >= 5) {
      const view = new DataView(buffer.buffer, buffer.byteOffset + offset);
      const flags = view.getUint8(0);
      const length = view.getUint32(1);
      if (buffer.length - offset - 5 < length) break;
      const json = decoder.decode(buffer.subarray(offset + 5, offset + 5 + length));
      offset += 5 + length;
      const message = JSON.parse(json);
      if (flags & 2) {
        ended = true;
        if (message.error) {
          const error = new ApiError(message.error.code || 'unknown', message.error.message || '', 200);
          if (error.code === 'unauthenticated') session.onUnauthenticated(error);
          throw error;
        }
      } else {
        onMessage(message);
      }
    }
    buffer = buffer.slice(offset);
    if (done) break;
  }
  if (!ended) throw new ApiError('unavailable', '数据流意外中断', 200);
}
