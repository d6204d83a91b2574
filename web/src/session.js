// Who is signed in. The token lives in this tab's sessionStorage only (gone
// when the tab closes; never a cookie, never localStorage). Behind the
// operator's single sign-on the proxy adds the bearer header itself and the
// console holds no token at all: it asks the gateway what the proxy sent
// (GET /console/api/session).
const KEY = 'jixiao.session';

function decodeClaims(token) {
  const parts = String(token).split('.');
  if (parts.length !== 3) throw new Error('令牌格式不对（应为 JWT：三段，以“.”分隔）');
  return decodePayload(parts[1]);
}

export function decodePayload(segment) {
  if (!/^[A-Za-z0-9_-]+$/.test(segment)) throw new Error('令牌格式不对');
  const b64 = segment.replace(/-/g, '+').replace(/_/g, '/').padEnd(Math.ceil(segment.length / 4) * 4, '=');
  const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
  const claims = JSON.parse(new TextDecoder().decode(bytes));
  if (typeof claims !== 'object' || claims === null) throw new Error('令牌内容不对');
  return claims;
}

function fromClaims(claims) {
  return {
    subject: String(claims.sub || ''),
    role: String(claims.role || ''),
    region: String(claims.region || ''),
    department: String(claims.department || ''),
    expires: typeof claims.exp === 'number' ? claims.exp : null,
  };
}

export const ROLE_NAME = {department: '部门（单位）', finance: '财政部门', admin: '管理员'};

export const session = {
  token: null,        // the pasted bearer token, or null
  mode: null,         // 'token' | 'proxy' | 'open' | null (signed out)
  user: null,         // {subject, role, region, department, expires}
  year: null,
  onUnauthenticated: () => {},

  load() {
    try {
      const saved = JSON.parse(sessionStorage.getItem(KEY) || 'null');
      if (saved) Object.assign(this, {token: saved.token, mode: saved.mode, user: saved.user, year: saved.year});
    } catch (e) { /* nothing kept */ }
  },
  save() {
    sessionStorage.setItem(KEY, JSON.stringify({token: this.token, mode: this.mode, user: this.user, year: this.year}));
  },
  signInWithToken(token, year) {
    const t = token.trim().replace(/^Bearer\s+/i, '');
    const user = fromClaims(decodeClaims(t));
    if (!user.role) throw new Error('令牌没有角色（role）');
    if (user.expires && user.expires * 1000 < Date.now()) throw new Error('令牌已过期');
    Object.assign(this, {token: t, mode: 'token', user, year});
    this.save();
  },
  signInFromProxy(payloadSegment, year) {
    Object.assign(this, {token: null, mode: 'proxy', user: fromClaims(decodePayload(payloadSegment)), year});
    this.save();
  },
  // Open mode (the services run --insecure on one machine): no token; the
  // identity chosen names the actor of workflow writes.
  signInOpen(role, region, department, year) {
    Object.assign(this, {token: null, mode: 'open', user: {subject: role === 'department' ? `${department}-填报人` : '财政局', role, region, department: role === 'department' ? department : '', expires: null}, year});
    this.save();
  },
  signOut() {
    this.token = null; this.mode = null; this.user = null;
    sessionStorage.removeItem(KEY);
  },
  get signedIn() { return this.mode !== null && this.user !== null; },
  get isFinance() { return this.user && (this.user.role === 'finance' || this.user.role === 'admin'); },
  get isDepartment() { return this.user && this.user.role === 'department'; },
  // The actor a workflow write names (consulted only when tokens are not
  // checked; with a token the service takes who acts from it).
  actor() {
    const u = this.user || {};
    const role = {department: 'DEPARTMENT', finance: 'FINANCE', admin: 'ADMIN'}[u.role] || 'ADMIN';
    const actor = {subject: u.subject || 'console', role};
    if (role === 'DEPARTMENT') actor.departmentCode = u.department;
    return actor;
  },
};
