import type { Credentials } from '../../../../src-shared/domain';
import { describe, expect, it } from 'vitest';
import type { AppError } from '../../../../src-shared/errors';
import type { LoginResponse } from '../../../../src-shared/quickbox';
import { CoreError } from '../../../../src-main/core/support/core-error';
import type { Reply } from '../../../../src-main/core/client/client-errors';
import { SignIn, type AccountCredentials } from '../../../../src-main/core/client/client-sign-in';
import { capturingLogger, errorOf } from '../fixtures';

const ACCOUNT: Credentials = { kind: 'account', username: 'admin', password: 'pw' };
const KEY: Credentials = { kind: 'api_key', apiKey: 'qbk_key' };

/**
 * A sign-in state whose login endpoint answers from a script: a token (`t1`, `t2`, ...) or
 * the AppError given for that attempt. Records the credentials of every attempt.
 */
function signInWith(
  credentials: Credentials,
  script: (attempt: number) => AppError | null = () => null,
  cleartextNetwork = false,
) {
  const attempts: AccountCredentials[] = [];
  const signIn = new SignIn(credentials, {
    cleartextNetwork,
    origin: 'https://box.example.com',
    logger: capturingLogger().logger,
    login: async (account): Promise<LoginResponse> => {
      attempts.push(account);
      const failure = script(attempts.length);
      if (failure) throw new CoreError(failure);
      return {
        token: `t${attempts.length}`,
        expiresAt: '2030-01-01T00:00:00Z',
        user: { username: account.username, permissions: [] },
      };
    },
  });
  return { signIn, attempts };
}

const WRONG_PASSWORD: AppError = {
  code: 'unauthorized',
  message: 'The server did not accept the username or password.',
};

function answer(status: number, json: unknown = null): Reply {
  return { status, headers: {}, json };
}

describe('SignIn headers and login', () => {
  it('sends an API key as it is, and logs an account in once for calls made together', async () => {
    const key = signInWith(KEY);
    const account = signInWith(ACCOUNT);

    const keyHeaders = await key.signIn.headers();
    const together = await Promise.all([account.signIn.headers(), account.signIn.headers()]);

    expect(keyHeaders).toEqual({ 'x-api-key': 'qbk_key' });
    expect(together).toEqual([{ authorization: 'Bearer t1' }, { authorization: 'Bearer t1' }]);
    expect(account.attempts).toHaveLength(1);
    expect(key.attempts).toHaveLength(0);
  });

  it('sends no credentials at all over a network in clear text', async () => {
    const { signIn, attempts } = signInWith(ACCOUNT, () => null, true);
    const key = signInWith(KEY, () => null, true);

    const accountError = await errorOf(signIn.headers());
    const keyError = await errorOf(key.signIn.headers());

    expect(accountError).toMatchObject({ code: 'invalid_request', issues: [{ path: 'baseUrl' }] });
    expect(keyError.code).toBe('invalid_request');
    expect(attempts).toHaveLength(0);
  });

  it('uses a one-time code for one login only', async () => {
    const { signIn, attempts } = signInWith({ ...ACCOUNT, otp: '123456' });

    await signIn.login();
    signIn.forgetToken();
    await signIn.login();

    expect(attempts.map((attempt) => attempt.otp)).toEqual(['123456', undefined]);
  });
});

describe('SignIn refusal', () => {
  it('tries a rejected password once, then refuses every sign-in until allowed', async () => {
    const { signIn, attempts } = signInWith(ACCOUNT, (attempt) =>
      attempt === 1 ? WRONG_PASSWORD : null,
    );

    const first = await errorOf(signIn.headers());
    const second = await errorOf(signIn.headers());
    const attemptsWhileRefused = attempts.length;
    signIn.allow();
    const after = await signIn.headers();

    expect(first).toMatchObject({ code: 'unauthorized', reason: 'credentials_rejected' });
    expect(second).toEqual(first);
    expect(signIn.refused).toBeNull();
    expect(attemptsWhileRefused).toBe(1);
    expect(after).toEqual({ authorization: 'Bearer t2' });
  });

  it('refuses after a missing one-time code too, with that error', async () => {
    const otp: AppError = { code: 'otp_required', message: 'enter the code' };
    const { signIn, attempts } = signInWith(ACCOUNT, () => otp);

    await errorOf(signIn.login());
    const again = await errorOf(signIn.login());

    expect(again).toEqual(otp);
    expect(signIn.refused).toEqual(otp);
    expect(attempts).toHaveLength(1);
  });

  it('drops the token and refuses when told to (signed out elsewhere)', async () => {
    const { signIn, attempts } = signInWith(ACCOUNT);
    await signIn.headers();
    const elsewhere: AppError = {
      code: 'unauthorized',
      message: 'signed out elsewhere',
      reason: 'signed_out_elsewhere',
    };

    signIn.refuse(elsewhere);
    const error = await errorOf(signIn.headers());

    expect(signIn.hasToken).toBe(false);
    expect(error).toEqual(elsewhere);
    expect(attempts).toHaveLength(1);
  });

  it('stops using an API key the server answers 401, but not one answered 403', () => {
    const { signIn } = signInWith(KEY);
    const account = signInWith(ACCOUNT);

    const forbidden = signIn.failure(answer(403, { error: 'forbidden', permission: 'p' }));
    const refusedBefore = signIn.refused;
    const rejected = signIn.failure(answer(401, { error: 'unauthenticated' }));
    const accountEnded = account.signIn.failure(answer(401, { error: 'unauthenticated' }));

    expect(forbidden?.appError.code).toBe('forbidden');
    expect(refusedBefore).toBeNull();
    expect(rejected?.appError).toMatchObject({
      code: 'unauthorized',
      reason: 'credentials_rejected',
    });
    expect(signIn.refused).toEqual(rejected?.appError);
    expect(accountEnded?.appError).toMatchObject({ code: 'unauthorized' });
    expect(account.signIn.refused).toBeNull();
    expect(signIn.failure(answer(200, {}))).toBeNull();
  });
});

describe('SignIn re-login once', () => {
  /** An exchange answering the given statuses in turn, recording the headers it was sent. */
  function exchange(statuses: number[]) {
    const sent: Record<string, string>[] = [];
    const discarded: number[] = [];
    return {
      sent,
      discarded,
      run: async (headers: Record<string, string>) => {
        sent.push(headers);
        return { status: statuses[sent.length - 1] ?? 200 };
      },
      discard: async (refused: { status: number }) => {
        discarded.push(refused.status);
      },
    };
  }

  it('logs in again once when an accepted token is answered 401, discarding that answer', async () => {
    const { signIn, attempts } = signInWith(ACCOUNT);
    await signIn.headers();
    const calls = exchange([401, 200]);

    const result = await signIn.authenticated(calls.run, calls.discard);

    expect(result.status).toBe(200);
    expect(calls.sent).toEqual([{ authorization: 'Bearer t1' }, { authorization: 'Bearer t2' }]);
    expect(calls.discarded).toEqual([401]);
    expect(attempts).toHaveLength(2);
  });

  it('returns the 401 of a fresh token, of a second try, and of an API key', async () => {
    const fresh = signInWith(ACCOUNT);
    const twice = signInWith(ACCOUNT);
    await twice.signIn.headers();
    const key = signInWith(KEY);
    const freshCalls = exchange([401]);
    const twiceCalls = exchange([401, 401]);
    const keyCalls = exchange([401]);

    const statuses = [
      (await fresh.signIn.authenticated(freshCalls.run)).status,
      (await twice.signIn.authenticated(twiceCalls.run)).status,
      (await key.signIn.authenticated(keyCalls.run)).status,
    ];

    expect(statuses).toEqual([401, 401, 401]);
    expect([freshCalls.sent.length, twiceCalls.sent.length, keyCalls.sent.length]).toEqual([
      1, 2, 1,
    ]);
    expect([fresh.attempts.length, twice.attempts.length]).toEqual([1, 2]);
  });
});

describe('SignIn own sessions', () => {
  it('knows the session of the current token, and every session it has held', async () => {
    const { signIn } = signInWith(ACCOUNT);
    signIn.noteSession('before-any-token');
    await signIn.headers();
    signIn.noteSession('s1');
    const first = signIn.currentSessionId;
    signIn.forgetToken();
    await signIn.headers();

    expect(first).toBe('s1');
    expect(signIn.currentSessionId).toBeNull();
    expect(signIn.ownsSession('s1')).toBe(true);
    expect(signIn.ownsSession('before-any-token')).toBe(false);
    expect(signIn.ownsSession('s2')).toBe(false);
  });
});
