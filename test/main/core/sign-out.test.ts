import { describe, expect, it } from 'vitest';
import { startCore, useSeededServer } from './fixtures';

const shared = useSeededServer({ name: 'Box A' });

/** The active sessions of `username`, as the server's write key sees them. */
async function sessionsOf(username: string): Promise<number> {
  const reply = await fetch(`${shared.server.url}/api/sessions?username=${username}`, {
    headers: { 'x-api-key': shared.secrets.writeKey },
  });
  expect(reply.status).toBe(200);
  return ((await reply.json()) as { sessions: unknown[] }).sessions.length;
}

describe('Core.signOut', () => {
  it('gives back the session each account client signed in with (the command line ends so)', async () => {
    const { core } = await startCore({ dataDir: await shared.tempDir() });
    const added = await core.handlers['servers:add']({
      name: 'Box A',
      baseUrl: shared.server.url,
      environment: null,
      credentials: { kind: 'account', username: 'admin', password: shared.secrets.adminPassword },
    });
    expect(added.ok).toBe(true);
    expect(await sessionsOf('admin')).toBe(1);

    await core.signOut();
    await core.dispose();

    expect(await sessionsOf('admin')).toBe(0);
  });
});
