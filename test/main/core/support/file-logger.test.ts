import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createCore } from '../../../../src-main/core/composition-root';
import { LOG_FILE, createFileLogger } from '../../../../src-main/core/support/file-logger';
import { DEFAULT_SETTINGS } from '../../../../src-shared/settings';
import { captureBearerTokens, FAST_LIMITS, isolatedKeychain, useSeededServer } from '../fixtures';

const shared = useSeededServer({ name: 'Box Logs' });

/** Every file of the logs folder, with its text. */
function logFiles(directory: string): { name: string; text: string }[] {
  return readdirSync(directory)
    .filter((name) => name.endsWith(LOG_FILE))
    .map((name) => ({ name, text: readFileSync(path.join(directory, name), 'utf8') }));
}

describe('the log files', () => {
  it('after add, test, save settings and invalidate-all, hold the log and no secret', async () => {
    const logsDir = path.join(await shared.tempDir(), 'logs');
    const logger = createFileLogger(logsDir);
    const core = await createCore({
      dataDir: await shared.tempDir(),
      logger,
      credentialStore: isolatedKeychain().store,
      clientLimits: FAST_LIMITS,
    });
    const { tokens, stop } = captureBearerTokens();
    try {
      const added = await core.handlers['servers:add']({
        name: 'Box Logs',
        baseUrl: shared.server.url,
        environment: 'production',
        credentials: { kind: 'account', username: 'admin', password: shared.secrets.adminPassword },
      });
      if (!added.ok) throw new Error(added.error.message);
      const id = added.value.server.id;
      await core.handlers['servers:add']({
        name: 'Box Key',
        baseUrl: shared.server.url,
        environment: null,
        credentials: { kind: 'api_key', apiKey: shared.secrets.writeKey },
      });
      // A wrong password, so the log has a refusal to write about too.
      await core.handlers['servers:test-draft']({
        name: 'x',
        baseUrl: shared.server.url,
        environment: null,
        credentials: {
          kind: 'account',
          username: 'viewer',
          password: `${shared.secrets.viewerPassword}x`,
        },
      });
      await core.handlers['servers:test']({ id });
      const got = await core.handlers['settings:get']({ serverId: id });
      const version =
        got.ok && 'settings' in got.value ? (got.value.settings as { version: number }).version : 0;
      const saved = await core.handlers['settings:save']({
        serverId: id,
        settings: { ...DEFAULT_SETTINGS, concurrency: { maxSessionsPerUser: 3 } },
        baseVersion: version,
      });
      expect(saved.ok).toBe(true);
      const invalidated = await core.handlers['sessions:invalidate-all']({
        serverId: id,
        typedName: 'Box Logs',
      });
      expect(invalidated.ok).toBe(true);
    } finally {
      await core.dispose();
      stop();
      await logger.close();
    }

    const files = logFiles(logsDir);
    expect(files.map(({ name }) => name)).toContain(LOG_FILE);
    const lines = files.flatMap(({ text }) => text.trim().split('\n'));
    expect(lines.length).toBeGreaterThan(3);
    for (const line of lines) {
      expect(JSON.parse(line)).toMatchObject({
        time: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
        level: expect.stringMatching(/^(info|warn|error)$/),
        message: expect.any(String),
      });
    }
    expect(tokens.size).toBeGreaterThanOrEqual(1);
    const secrets = [
      shared.secrets.adminPassword,
      shared.secrets.viewerPassword,
      shared.secrets.writeKey,
      ...tokens,
    ];
    for (const { name, text } of files)
      for (const secret of secrets)
        expect(text.includes(secret), `a secret in ${name}`).toBe(false);
  });

  it('redacts a secret handed to it by mistake', async () => {
    const logsDir = path.join(await shared.tempDir(), 'logs');
    const logger = createFileLogger(logsDir, { clock: () => Date.UTC(2026, 0, 2, 3, 4, 5) });
    logger.warn('login failed with Authorization: Bearer abc.def', {
      credentials: { password: 'hunter2' },
      apiKey: 'k-123',
      server: 'Box A',
    });
    await logger.close();
    expect(JSON.parse(readFileSync(path.join(logsDir, LOG_FILE), 'utf8'))).toEqual({
      time: '2026-01-02T03:04:05.000Z',
      level: 'warn',
      message: 'login failed with Authorization: Bearer [redacted]',
      credentials: '[redacted]',
      apiKey: '[redacted]',
      server: 'Box A',
    });
  });

  it('rotates past the size limit and keeps a bounded number of files', async () => {
    const logsDir = path.join(await shared.tempDir(), 'logs');
    const logger = createFileLogger(logsDir, { maxFileSize: '1K', maxFiles: 2 });
    for (let index = 0; index < 30; index += 1) {
      logger.info('a line long enough to fill a kilobyte in a few dozen entries', { index });
      // Rotation happens between writes; give the stream its turn.
      await new Promise((resolve) => setImmediate(resolve));
    }
    await logger.close();
    const files = logFiles(logsDir);
    expect(files.length).toBeGreaterThan(1);
    expect(files.length).toBeLessThanOrEqual(3);
    const last = files.find(({ name }) => name === LOG_FILE)?.text ?? '';
    expect(last).toContain('"index":29');
  });
});
