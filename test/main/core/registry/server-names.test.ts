import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '../../../../src-main/core/composition-root';
import type { ServerDraft } from '../../../../src-shared/ipc-contract';
import { removeAll, startCore, useSeededServer } from '../fixtures';

// Names and addresses through the handler table, as both front ends reach core: the
// payload parsed from unknown, then the service.
const shared = useSeededServer({ name: 'Box A' });
const cores: { core: Core; dataDir: string }[] = [];

async function freshCore(): Promise<Core> {
  const started = await startCore();
  cores.push(started);
  return started.core;
}

afterAll(async () => {
  await Promise.all(cores.map(({ core }) => core.dispose()));
  await removeAll(cores.map(({ dataDir }) => dataDir));
});

function draft(name: string, overrides: Partial<ServerDraft> = {}): ServerDraft {
  return {
    name,
    baseUrl: shared.server.url,
    environment: null,
    credentials: { kind: 'api_key', apiKey: shared.secrets.writeKey },
    ...overrides,
  };
}

function fileOf(servers: { name: string; baseUrl: string }[]): string {
  return JSON.stringify({
    format: 'quickbox-session-companion/servers',
    version: 1,
    servers: servers.map((server) => ({
      ...server,
      environment: null,
      authKind: 'api_key',
      username: null,
      pinnedFingerprint: null,
    })),
  });
}

function fleetOf(servers: { name: string; baseUrl: string }[]): string {
  const list = (JSON.parse(fileOf(servers)) as { servers: unknown[] }).servers;
  return JSON.stringify({
    format: 'quickbox-session-companion/fleet',
    version: 1,
    servers: list,
    profiles: [],
    assignments: [],
  });
}

const CLIPBOARD = 'Box\u001b]52;c;UVVJQ0tCT1g=\u0007';
const OVERWRITE = 'Staging\u001b[2K\rProduction';
const REVERSED = '\u202enoitcudorP';

describe('names with terminal escapes or direction marks', () => {
  let core: Core;
  beforeAll(async () => {
    core = await freshCore();
  });

  it('refuses them in add and edit, naming the field and the character', async () => {
    for (const name of [CLIPBOARD, OVERWRITE, REVERSED]) {
      const added = await core.handlers['servers:add'](draft(name));
      expect(added).toMatchObject({ ok: false, error: { code: 'invalid_request' } });
      expect(added.ok ? [] : (added.error as { issues: unknown[] }).issues).toEqual([
        { path: 'name', message: expect.stringContaining('control characters or text-direction') },
      ]);
    }
    const box = await core.handlers['servers:add'](draft('Box A'));
    if (!box.ok) throw new Error(box.error.message);

    const renamed = await core.handlers['servers:update']({
      id: box.value.server.id,
      changes: { name: REVERSED },
    });

    expect(renamed).toMatchObject({ ok: false, error: { code: 'invalid_request' } });
    const listed = await core.handlers['servers:list'](undefined);
    expect(listed.ok && listed.value.servers.map((server) => server.name)).toEqual(['Box A']);
  });

  it('refuses such entries of an imported server list and fleet file, with the reason', async () => {
    const hostile = [CLIPBOARD, OVERWRITE, REVERSED].map((name, index) => ({
      name,
      baseUrl: `https://hostile-${index}.example`,
    }));

    const preview = await core.handlers['fleet:import-preview']({ json: fleetOf(hostile) });
    const imported = await core.handlers['servers:import']({ json: fileOf(hostile) });

    if (!preview.ok || !imported.ok) throw new Error('the import itself failed');
    expect(preview.value.servers.add).toEqual([]);
    expect(imported.value.added).toEqual([]);
    for (const refusals of [preview.value.servers.refused, imported.value.skipped]) {
      expect(refusals.map((refusal) => refusal.reason)).toEqual(
        hostile.map(() =>
          expect.stringMatching(/^not valid: Display name must not contain control/),
        ),
      );
    }
  });
});

describe('a second server of the same name', () => {
  let core: Core;
  let boxB: string;
  beforeAll(async () => {
    core = await freshCore();
    const a = await core.handlers['servers:add'](draft('Box A'));
    const b = await core.handlers['servers:add'](
      draft('Caf\u00e9', { credentials: { kind: 'api_key', apiKey: shared.secrets.readKey } }),
    );
    if (!a.ok || !b.ok) throw new Error(JSON.stringify([a, b]));
    boxB = b.value.server.id;
  });

  it('is refused in add, whatever the case, surrounding space or composition', async () => {
    for (const name of ['box a', '  BOX A ', 'CAFE\u0301']) {
      const added = await core.handlers['servers:add'](draft(name));
      expect(added).toMatchObject({
        ok: false,
        error: {
          code: 'invalid_request',
          message: expect.stringContaining('Another server is already named'),
          issues: [{ path: 'name', message: expect.any(String) }],
        },
      });
    }
    const listed = await core.handlers['servers:list'](undefined);
    expect(listed.ok && listed.value.servers.map((server) => server.name)).toEqual([
      'Box A',
      'Caf\u00e9',
    ]);
  });

  it('is refused in edit; keeping its own name, or changing its case, is not a duplicate', async () => {
    const taken = await core.handlers['servers:update']({
      id: boxB,
      changes: { name: 'BOX A' },
    });
    const own = await core.handlers['servers:update']({
      id: boxB,
      changes: { name: 'CAF\u00c9', environment: 'staging' },
    });

    expect(taken).toMatchObject({
      ok: false,
      error: { code: 'invalid_request', message: expect.stringContaining('already named') },
    });
    expect(own).toMatchObject({ ok: true, value: { server: { name: 'CAF\u00c9' } } });
  });

  it('is refused in an import: against the list and against an earlier entry of the file', async () => {
    const entries = [
      { name: 'box a', baseUrl: 'https://other-a.example' },
      { name: 'New', baseUrl: 'https://new-1.example' },
      { name: 'new ', baseUrl: 'https://new-2.example' },
    ];

    const preview = await core.handlers['fleet:import-preview']({ json: fleetOf(entries) });
    const imported = await core.handlers['servers:import']({ json: fileOf(entries) });

    if (!preview.ok || !imported.ok) throw new Error('the import itself failed');
    expect(preview.value.servers.add.map((server) => server.name)).toEqual(['New']);
    expect(imported.value.added.map((server) => server.name)).toEqual(['New']);
    for (const refusals of [preview.value.servers.refused, imported.value.skipped]) {
      expect(refusals).toEqual([
        { name: 'box a', reason: expect.stringContaining('already named') },
        { name: 'new ', reason: expect.stringContaining('already named') },
      ]);
    }
  });
});
