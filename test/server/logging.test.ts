import { Writable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { ADMIN, WRITE_KEY, startTestServer, stopAllTestServers } from './harness';

afterEach(stopAllTestServers);

describe('logging', () => {
  it('when on, logs requests but no password, token, cookie or API key', async () => {
    let log = '';
    const logStream = new Writable({
      write(chunk: Buffer, _encoding, done) {
        log += chunk.toString();
        done();
      },
    });
    const t = await startTestServer({ extra: { logger: true, logStream } });
    const token = await t.token(ADMIN);
    await t.call('GET', '/api/auth/me', { token });
    await t.call('GET', '/api/auth/me', { cookie: token });
    await t.call('GET', '/api/auth/me', { apiKey: WRITE_KEY });
    await t.call('POST', '/api/auth/login', { rawBody: `{"password":"${ADMIN.password}"` });
    expect(log).toContain('/api/auth/me');
    for (const secret of [ADMIN.password, token, WRITE_KEY]) expect(log).not.toContain(secret);
  });
});
