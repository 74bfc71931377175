/**
 * Who the QuickBox client is to one server, and when it may sign in: the credentials, the
 * bearer token (only in memory), the one re-login-once rule that requests and the event
 * stream share, the refusal to sign in again once the server has rejected the credentials
 * or the admin's own sign-in elsewhere took the app's place, and the sessions the client
 * has held. The login request itself is an endpoint (quickbox-client.ts); this module only
 * decides when it is sent.
 */

import type { Credentials } from '../../src-shared/domain';
import type { AppError } from '../../src-shared/errors';
import type { LoginResponse } from '../../src-shared/quickbox';
import { CoreError } from './core-error';
import { cleartextError, rejectedCredentials, statusError, type Reply } from './client-errors';
import type { Logger } from './logger';

/** The credentials of an account (a username and password, and perhaps a one-time code). */
export type AccountCredentials = Extract<Credentials, { kind: 'account' }>;

/** What the sign-in state needs from its client. */
export interface SignInOptions {
  /** Whether requests cross a network unencrypted: then no credential is sent at all. */
  cleartextNetwork: boolean;
  /** The server's origin, for the log. */
  origin: string;
  logger: Logger;
  /** Sends `POST /api/auth/login` and checks its answer. */
  login: (credentials: AccountCredentials) => Promise<LoginResponse>;
}

/** The credentials, token and sign-in refusal of one client. */
export class SignIn {
  private token: string | null = null;
  private loginInFlight: Promise<LoginResponse> | null = null;
  /** Set once no sign-in may be attempted (see `refuse`); every call then fails with it. */
  private refusal: CoreError | null = null;
  /** The server's id of the session a token is, once asked (`noteSession`). */
  private sessionOfToken: { token: string; id: string } | null = null;
  /** Every session this client has been signed in with, as far as it asked. */
  private readonly ownSessionIds = new Set<string>();

  constructor(
    private credentials: Credentials,
    private readonly options: SignInOptions,
  ) {}

  /** The account credentials, or null for an API key. */
  get account(): AccountCredentials | null {
    return this.credentials.kind === 'account' ? this.credentials : null;
  }

  /** Whether a live bearer token is held. */
  get hasToken(): boolean {
    return this.token !== null;
  }

  /** Why no sign-in is attempted any more, or null while it may be. */
  get refused(): AppError | null {
    return this.refusal?.appError ?? null;
  }

  /** Drops the token (the next authenticated call logs in again). */
  forgetToken(): void {
    this.token = null;
  }

  /** Drops the token and stops every sign-in: later calls fail with `error`, sending nothing. */
  refuse(error: AppError): void {
    this.token = null;
    this.refusal = new CoreError(error);
  }

  /** Lets the client sign in again (the admin pressed Test connection). */
  allow(): void {
    this.refusal = null;
  }

  /**
   * Logs in with the account credentials (one login at a time; callers share it). Once the
   * server has rejected them, no further attempt is made: each failed attempt counts towards
   * the server's login limit, which would lock the admin out too.
   */
  login(): Promise<LoginResponse> {
    if (this.refusal) return Promise.reject(this.refusal);
    this.loginInFlight ??= this.doLogin().finally(() => {
      this.loginInFlight = null;
    });
    return this.loginInFlight;
  }

  /** The headers that authenticate a request, logging in first when no token is held. */
  async headers(): Promise<Record<string, string>> {
    if (this.options.cleartextNetwork) throw cleartextError();
    if (this.refusal) throw this.refusal;
    if (this.credentials.kind === 'api_key') return { 'x-api-key': this.credentials.apiKey };
    if (this.token === null) await this.login();
    return this.token === null ? {} : { authorization: `Bearer ${this.token}` };
  }

  /**
   * The one re-login rule of requests and the event stream: with account credentials, a 401
   * to a token that was accepted before means the session ended (expiry, revocation,
   * invalidate-all), so the client logs in again once and tries once more. A 401 on a
   * token's first use is the answer (docs/adr/0001-client-retries-and-re-login.md).
   */
  async authenticated<A extends { status: number }>(
    exchange: (authHeaders: Record<string, string>) => Promise<A>,
    discard: (refused: A) => Promise<void> = async () => undefined,
  ): Promise<A> {
    const hadToken = this.token !== null;
    const answer = await exchange(await this.headers());
    if (answer.status !== 401 || !hadToken || this.credentials.kind !== 'account') return answer;
    await discard(answer);
    this.options.logger.info('client: session ended, logging in again', {
      origin: this.options.origin,
    });
    this.token = null;
    return exchange(await this.headers());
  }

  /**
   * The AppError of an authenticated reply, or null for a success. A 401 to an API key means
   * the key is unknown or revoked, so the client stops using it.
   */
  failure(reply: Reply): CoreError | null {
    const error = statusError(reply);
    if (reply.status !== 401 || this.credentials.kind !== 'api_key') return error;
    if (error?.appError.code !== 'unauthorized') return error;
    this.refusal = rejectedCredentials(error.appError.message);
    return this.refusal;
  }

  /** The server's id of the session the current token is, if known. */
  get currentSessionId(): string | null {
    return this.sessionOfToken !== null && this.sessionOfToken.token === this.token
      ? this.sessionOfToken.id
      : null;
  }

  /** Records the server's id of the session the current token is. */
  noteSession(id: string): void {
    if (this.token === null) return;
    this.sessionOfToken = { token: this.token, id };
    this.ownSessionIds.add(id);
  }

  /** Whether a session id is one this client was signed in with (see `noteSession`). */
  ownsSession(sessionId: string): boolean {
    return this.ownSessionIds.has(sessionId);
  }

  private async doLogin(): Promise<LoginResponse> {
    const credentials = this.credentials;
    if (credentials.kind !== 'account') throw new Error('login needs account credentials');
    if (this.options.cleartextNetwork) throw cleartextError();
    let login: LoginResponse;
    try {
      login = await this.options.login(credentials);
    } catch (error) {
      // A wrong password, or a one-time code the app cannot know: trying again could only
      // fail again, and every failure counts towards locking the account out.
      if (error instanceof CoreError && error.appError.code === 'unauthorized') {
        this.refusal = rejectedCredentials(error.appError.message);
        throw this.refusal;
      }
      if (error instanceof CoreError && error.appError.code === 'otp_required') {
        this.refusal = error;
      }
      throw error;
    }
    this.token = login.token;
    // A one-time code is good for one login; a later re-login asks the admin again.
    if (credentials.otp) this.credentials = { ...credentials, otp: undefined };
    return login;
  }
}
