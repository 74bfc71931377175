/**
 * What happens on one demo server while the demo runs, each over real HTTP as the contract
 * says: people sign in (and, at the per-user limit, the server evicts their oldest session),
 * use their sessions or leave them idle, sign out; the other admin changes a setting,
 * revokes someone's session or invalidates every session. After an invalidate-all, people
 * come back over the next minute: their sessions are written straight into the database
 * (see seed-sessions.ts for why), so the server is not left empty.
 */

import { agree, plural } from '../../src-shared/plural';
import { INVALIDATE_ALL_PHRASE } from '../../src-shared/quickbox';
import {
  getField,
  setField,
  validateSettings,
  type SessionSettings,
  type SettingsField,
} from '../../src-shared/settings';
import { OTHER_ADMIN } from './fleet-spec';
import { DemoHttp, type DemoReply } from './http';
import type { Random } from './random';
import { seedSessions, USER_AGENTS } from './seed-sessions';
import type { DemoServer } from './servers';

/** The values the other admin moves a setting between. */
const CHOICES: Partial<Record<SettingsField, readonly (number | string)[]>> = {
  'timeouts.idleMinutes': [15, 20, 30, 45],
  'concurrency.maxSessionsPerUser': [3, 4, 5, 6],
  'persistence.rememberMeDays': [7, 14, 30],
  'persistence.cookie.sameSite': ['strict', 'lax'],
};
const FIELDS = Object.keys(CHOICES) as SettingsField[];

/** How many steps the people who come back after an invalidate-all are spread over. */
const RETURN_STEPS = 8;

interface LiveSession {
  token: string;
  username: string;
}

function describe(reply: DemoReply): string {
  const body = reply.body as { error?: unknown } | null;
  return typeof body?.error === 'string' ? `${reply.status} ${body.error}` : `${reply.status}`;
}

/** The simulated people and the other admin of one server. */
export class ServerActor {
  readonly name: string;
  private readonly http: DemoHttp;
  private readonly live: LiveSession[] = [];
  private adminToken: string | null = null;
  private lastEventId = 0;
  private settings: SessionSettings;
  private returning = 0;
  private returnSince = 0;

  constructor(
    private readonly server: DemoServer,
    private readonly random: Random,
    /** The profile it should follow (drift is a change away from it), or null. */
    private readonly profile: SessionSettings | null,
  ) {
    this.name = server.spec.name;
    this.http = new DemoHttp(server.url, server.certificate);
    this.settings = server.spec.settings;
  }

  /** Someone signs in; returns what happened (an eviction is read from the event feed). */
  async signIn(): Promise<string> {
    const username = this.random.pick(this.server.spec.activeUsers);
    const rememberMe = this.settings.persistence.rememberMeDays > 0 && this.random.chance(0.3);
    const reply = await this.http.call({
      method: 'POST',
      path: '/api/auth/login',
      body: { username, password: this.server.passwords.get(username), rememberMe },
      userAgent: this.random.pick(USER_AGENTS),
    });
    if (reply.status !== 200) return `${username} could not sign in (${describe(reply)})`;
    this.live.push({ token: (reply.body as { token: string }).token, username });
    const evicted = await this.newEvents('session.evicted');
    const remembered = rememberMe ? ', remembered' : '';
    return evicted > 0
      ? `${username} signed in${remembered}; at the limit, ${plural(evicted, 'older session')} ${agree(evicted, 'was', 'were')} evicted`
      : `${username} signed in${remembered}`;
  }

  /** Someone uses their session (it stays alive); the others are left to go idle. */
  async useSession(): Promise<string | null> {
    const session = this.pickLive();
    if (!session) return null;
    const reply = await this.http.call({
      method: 'GET',
      path: '/api/auth/me',
      token: session.token,
    });
    if (reply.status === 401) {
      this.forget(session);
      return `${session.username}'s session had ended (idle, evicted or invalidated)`;
    }
    return null;
  }

  /** Someone signs out. */
  async signOut(): Promise<string | null> {
    const session = this.pickLive();
    if (!session) return null;
    this.forget(session);
    await this.http.call({ method: 'POST', path: '/api/auth/logout', token: session.token });
    return `${session.username} signed out`;
  }

  /**
   * The other admin changes one setting. On a server that follows the profile, a field that
   * matches it is moved away (a drift the app announces) or one that differs is put back;
   * `drift` asks for the first kind.
   */
  async changeSetting(drift = false): Promise<string | null> {
    const current = await this.admin({ method: 'GET', path: '/api/settings/sessions' });
    if (!current || current.status !== 200 || !current.etag) return null;
    this.settings = current.body as SessionSettings;
    const change = this.chooseChange(drift);
    if (!change) return null;
    const next = setField(this.settings, change.field, change.value);
    if (validateSettings(next).errors.length > 0) return null;
    const reply = await this.admin({
      method: 'PUT',
      path: '/api/settings/sessions',
      body: next,
      ifMatch: current.etag,
    });
    if (!reply || reply.status !== 200) {
      return reply ? `${OTHER_ADMIN} could not change ${change.field} (${describe(reply)})` : null;
    }
    const from = getField(this.settings, change.field);
    this.settings = reply.body as SessionSettings;
    return `${OTHER_ADMIN} changed ${change.field} from ${String(from)} to ${String(change.value)}`;
  }

  private chooseChange(drift: boolean): { field: SettingsField; value: number | string } | null {
    const fields = FIELDS.filter((field) => {
      if (!this.profile || !drift) return true;
      return getField(this.settings, field) === getField(this.profile, field);
    });
    if (fields.length === 0) return null;
    const field = this.random.pick(fields);
    const now = getField(this.settings, field);
    const wanted = this.profile ? getField(this.profile, field) : null;
    if (!drift && wanted !== null && now !== wanted && typeof wanted !== 'boolean') {
      return { field, value: wanted };
    }
    const others = (CHOICES[field] ?? []).filter((value) => value !== now && value !== wanted);
    return others.length > 0 ? { field, value: this.random.pick(others) } : null;
  }

  /** The other admin revokes one person's session. */
  async revokeOne(): Promise<string | null> {
    const list = await this.admin({ method: 'GET', path: '/api/sessions?limit=200' });
    if (!list || list.status !== 200) return null;
    const sessions = (
      list.body as { sessions: { id: string; username: string; current: boolean }[] }
    ).sessions;
    const others = sessions.filter((session) => !session.current && session.username !== 'demo');
    if (others.length === 0) return null;
    const target = this.random.pick(others);
    const reply = await this.admin({ method: 'DELETE', path: `/api/sessions/${target.id}` });
    if (!reply || reply.status !== 204) return null;
    return `${OTHER_ADMIN} revoked a session of ${target.username}`;
  }

  /** The other admin ends every session (the app's own too); people come back afterwards. */
  async invalidateAll(): Promise<string | null> {
    const reply = await this.admin({
      method: 'POST',
      path: '/api/sessions/invalidate-all',
      body: { confirm: INVALIDATE_ALL_PHRASE },
    });
    if (!reply || reply.status !== 200) return null;
    // Every session ended, the other admin's own included.
    this.adminToken = null;
    this.live.splice(0);
    this.returning = Math.round(this.server.seededSessions * 0.8);
    this.returnSince = Date.now();
    const count = (reply.body as { invalidated: number }).invalidated;
    return `${OTHER_ADMIN} invalidated all sessions (${count} ended)`;
  }

  /** People coming back after an invalidate-all: one share of them per step. */
  comeBack(): string | null {
    if (this.returning <= 0) return null;
    const batch = Math.min(this.returning, Math.ceil(this.server.seededSessions / RETURN_STEPS));
    this.returning -= batch;
    const written = seedSessions(this.random, {
      dataDir: this.server.dataDir,
      settings: this.settings,
      usernames: this.server.usernames,
      atLimit: [],
      count: batch,
      now: Date.now(),
      maxAgeMs: Date.now() - this.returnSince,
    });
    return this.returning > 0 ? null : `people are back (${written} sessions in the last batch)`;
  }

  /** Closes its connections. */
  close(): Promise<void> {
    return this.http.close();
  }

  private pickLive(): LiveSession | null {
    return this.live.length === 0 ? null : this.random.pick(this.live);
  }

  private forget(session: LiveSession): void {
    const index = this.live.indexOf(session);
    if (index >= 0) this.live.splice(index, 1);
  }

  /** Counts the events of `type` since the last look (as the other admin). */
  private async newEvents(type: string): Promise<number> {
    const reply = await this.admin({
      method: 'GET',
      path: `/api/sessions/events?after=${this.lastEventId}&limit=1000`,
    });
    if (!reply || reply.status !== 200) return 0;
    const page = reply.body as { events: { type: string }[]; lastId: number };
    this.lastEventId = page.lastId;
    return page.events.filter((event) => event.type === type).length;
  }

  /** A request as the other admin, signing in first (again after an invalidate-all). */
  private async admin(call: Parameters<DemoHttp['call']>[0]): Promise<DemoReply | null> {
    for (let attempt = 0; attempt < 2; attempt += 1) {
      if (!this.adminToken) {
        const login = await this.http.call({
          method: 'POST',
          path: '/api/auth/login',
          body: { username: OTHER_ADMIN, password: this.server.passwords.get(OTHER_ADMIN) },
          userAgent: USER_AGENTS[0],
        });
        if (login.status !== 200) return login;
        this.adminToken = (login.body as { token: string }).token;
      }
      const reply = await this.http.call({ ...call, token: this.adminToken });
      if (reply.status !== 401) return reply;
      this.adminToken = null;
    }
    return null;
  }
}
