import { afterEach, describe, expect, it } from 'vitest';
import { totpCode } from '../../server/index';
import {
  ADMIN,
  MINUTE,
  OTP_USER,
  READER,
  TOTP_SECRET,
  startTestServer,
  stopAllTestServers,
} from './harness';

afterEach(stopAllTestServers);

const wrong = (username: string) => ({ username, password: 'definitely-wrong' });

describe('login rate limiting', () => {
  it('limits a username after 5 failures, right password or not, with Retry-After', async () => {
    const t = await startTestServer();
    for (let i = 0; i < 5; i += 1) {
      expect((await t.login(wrong('admin'))).status).toBe(401);
      t.clock.advance(1000);
    }
    const limited = await t.login(ADMIN);
    expect(limited.status).toBe(429);
    expect(limited.json).toEqual({ error: 'rate_limited', message: expect.any(String) });
    // The first failure was 5 s ago: it leaves the 15-minute window in 895 s.
    expect(limited.headers.get('retry-after')).toBe('895');
    expect((await t.login(READER)).status).toBe(200);
  });

  it('slides: once the oldest failure is 15 minutes old, one more attempt is allowed', async () => {
    const t = await startTestServer();
    const start = t.clock.now();
    for (let i = 0; i < 5; i += 1) {
      t.clock.set(start + i * MINUTE);
      await t.login(wrong('admin'));
    }
    t.clock.set(start + 15 * MINUTE - 1);
    const stillLimited = await t.login(ADMIN);
    expect(stillLimited.status).toBe(429);
    expect(stillLimited.headers.get('retry-after')).toBe('1');
    t.clock.set(start + 15 * MINUTE);
    expect((await t.login(wrong('admin'))).status).toBe(401);
    const again = await t.login(ADMIN);
    expect(again.status).toBe(429);
    expect(again.headers.get('retry-after')).toBe('60');
    t.clock.set(start + 16 * MINUTE);
    expect((await t.login(ADMIN)).status).toBe(200);
  });

  it('does not count successful logins', async () => {
    const t = await startTestServer();
    for (let i = 0; i < 4; i += 1) await t.login(wrong('admin'));
    for (let i = 0; i < 3; i += 1) expect((await t.login(ADMIN)).status).toBe(200);
    expect((await t.login(wrong('admin'))).status).toBe(401);
    expect((await t.login(ADMIN)).status).toBe(429);
  });

  it('limits one client address after 20 failures over any usernames', async () => {
    const t = await startTestServer();
    for (let i = 0; i < 20; i += 1) {
      expect((await t.login(wrong(`user-${i}`))).status).toBe(401);
    }
    const limited = await t.login(ADMIN);
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBe(900);
  });

  it('does not count otp_required answers to logins without a code', async () => {
    const t = await startTestServer();
    for (let i = 0; i < 8; i += 1)
      expect((await t.login(OTP_USER)).json.error).toBe('otp_required');
    const answer = await t.login(OTP_USER, { otp: totpCode(TOTP_SECRET, t.clock.now()) });
    expect(answer.status).toBe(200);
  });

  it('counts wrong codes', async () => {
    const t = await startTestServer();
    const right = totpCode(TOTP_SECRET, t.clock.now());
    const bad = right === '123456' ? '654321' : '123456';
    for (let i = 0; i < 5; i += 1) expect((await t.login(OTP_USER, { otp: bad })).status).toBe(401);
    expect((await t.login(OTP_USER, { otp: right })).status).toBe(429);
  });

  it('holds the limit against attempts sent in parallel', async () => {
    const t = await startTestServer();
    const answers = await Promise.all(Array.from({ length: 10 }, () => t.login(wrong('admin'))));
    const statuses = answers.map((a) => a.status).sort();
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429, 429, 429, 429, 429]);
  });
});
