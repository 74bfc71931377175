import { afterEach, describe, expect, it } from 'vitest';
import { ADMIN, settingsWith, startTestServer, stopAllTestServers } from './harness';

afterEach(stopAllTestServers);

describe('session cookie', () => {
  // RFC 6265 section 4.1.1: path-value = <any CHAR except CTLs or ";">. The `cookie` package
  // (2.x) refuses "<" too, so the server must not build its Set-Cookie with it.
  it.each(['/a<b', '/a>b', '/a"b'])('is sent for a saved path such as %s', async (path) => {
    const t = await startTestServer({
      settings: settingsWith((s) => (s.persistence.cookie.path = path)),
    });
    const answer = await t.login(ADMIN);
    expect(answer.status).toBe(200);
    expect(answer.cookies).toHaveLength(1);
    expect(answer.cookies[0]?.path).toBe(path);
  });
});
