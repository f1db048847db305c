import { rolePermissions, type StaffRole } from '../../src/shared/permissions.ts';

/** A login as printed by `portico demo --json` and `portico generate --json`. */
export interface Login {
  email: string;
  kind: 'staff' | 'contact';
  role?: string;
  client?: string;
  presets?: string[];
  permissions?: string[];
  password: string;
}

/** A signed-in browser: its cookies and the CSRF token to echo on every state-changing request. */
export interface Session {
  email: string;
  kind: 'staff' | 'contact';
  role: string | null;
  client: string | null;
  presets: string[];
  permissions: Set<string>;
  /** The Cookie header value. */
  cookie: string;
  csrf: string;
}

export interface Answer {
  status: number;
  body: unknown;
  text: string;
}

class CookieJar {
  private readonly cookies = new Map<string, string>();
  take(res: Response) {
    for (const line of res.headers.getSetCookie()) {
      const [pair = ''] = line.split(';');
      const eq = pair.indexOf('=');
      if (eq <= 0) continue;
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      if (value === '' || /max-age=0|expires=thu, 01 jan 1970/i.test(line)) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }
  header(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }
  get(suffix: string): string | undefined {
    for (const [k, v] of this.cookies) if (k.endsWith(suffix)) return v;
    return undefined;
  }
}

/** One JSON request, as the web app makes it (cookies, and X-CSRF-Token on writes). */
export async function call(
  base: string,
  method: string,
  path: string,
  opts: { session?: Pick<Session, 'cookie' | 'csrf'>; body?: unknown; jar?: CookieJar } = {},
): Promise<Answer & { res: Response }> {
  const headers: Record<string, string> = { accept: 'application/json' };
  const cookie = opts.jar?.header() ?? opts.session?.cookie;
  if (cookie) headers.cookie = cookie;
  if (method !== 'GET' && opts.session?.csrf) headers['x-csrf-token'] = opts.session.csrf;
  if (opts.body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(`${base}${path}`, {
    method,
    headers,
    ...(opts.body !== undefined ? { body: JSON.stringify(opts.body) } : {}),
  });
  opts.jar?.take(res);
  const text = await res.text();
  let body: unknown = null;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    body = text;
  }
  return { status: res.status, body, text, res };
}

/** Signs in through the real API: GET /auth/csrf for the token, then POST /auth/login with it. */
export async function signIn(base: string, login: Login): Promise<Session> {
  const jar = new CookieJar();
  const first = await call(base, 'GET', '/api/v1/auth/csrf', { jar });
  if (first.status !== 200) throw new Error(`GET /auth/csrf answered ${first.status}: ${first.text}`);
  const token = (first.body as { csrfToken: string }).csrfToken;
  const res = await call(base, 'POST', '/api/v1/auth/login', {
    jar,
    session: { cookie: '', csrf: token },
    body: { email: login.email, password: login.password },
  });
  if (res.status !== 200) throw new Error(`sign-in of ${login.email} answered ${res.status}: ${res.text}`);
  const me = res.body as {
    kind?: string;
    mfaRequired?: boolean;
    csrfToken?: string;
    permissions?: string[];
    mustChangePassword?: boolean;
  };
  if (me.mfaRequired) throw new Error(`${login.email} needs a two-factor code`);
  if (me.mustChangePassword) throw new Error(`${login.email} must change the password first`);
  const csrf = me.csrfToken ?? jar.get('portico_csrf');
  if (!csrf) throw new Error(`no CSRF token after signing in ${login.email}`);
  const permissions =
    me.permissions ??
    login.permissions ??
    (login.role && login.role in rolePermissions ? [...rolePermissions[login.role as StaffRole]] : []);
  return {
    email: login.email,
    kind: login.kind,
    role: login.role ?? null,
    client: login.client ?? null,
    presets: login.presets ?? [],
    permissions: new Set(permissions),
    cookie: jar.header(),
    csrf,
  };
}

/** Runs `fn` over items with at most `limit` at a time, keeping the order of results. */
export async function mapLimit<T, R>(items: T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      for (;;) {
        const i = next++;
        if (i >= items.length) return;
        out[i] = await fn(items[i]!);
      }
    }),
  );
  return out;
}
