import { describe, expect, it } from 'vitest';
import { startSeededServer, useSeededServer } from '../fixtures';
import { addAdmin, addPinned, call, unwrap, useServices } from '../service-fixtures';

const shared = useSeededServer({ name: 'Box A' });
const { services } = useServices(shared);

describe('export and import', () => {
  it('exports without secrets and imports back as servers without credentials', async () => {
    const source = await services();
    await addAdmin(shared, source);
    const exported = unwrap(await call(() => source.transfer.export()));
    const target = await services();

    const imported = unwrap(await call(() => target.transfer.import(exported.json)));
    const again = unwrap(await call(() => target.transfer.import(exported.json)));
    const notJson = await call(() => target.transfer.import('{not json'));
    const tested = await call(() => target.management.test(imported.added[0]?.id ?? ''));
    const listed = unwrap(await call(() => target.management.list()));
    const withCredentials = unwrap(
      await call(() =>
        target.management.update({
          id: imported.added[0]?.id ?? '',
          changes: {
            credentials: {
              kind: 'account',
              username: 'admin',
              password: shared.secrets.adminPassword,
            },
          },
        }),
      ),
    );

    expect(exported.count).toBe(1);
    expect(withCredentials.server.status.state).toBe('connected');
    expect(withCredentials.connection?.summary).toBe('Connected');
    expect(exported.json).not.toContain(shared.secrets.adminPassword);
    expect(imported.added[0]).toMatchObject({ name: 'Box A', status: { state: 'no_credentials' } });
    expect(again.skipped).toEqual([
      { name: 'Box A', reason: 'already in the list (same address and user)' },
    ]);
    expect(notJson).toMatchObject({ ok: false, error: { code: 'invalid_request' } });
    expect(tested).toMatchObject({ ok: false, error: { code: 'no_credentials' } });
    expect(listed.servers[0]?.status.state).toBe('no_credentials');
  });

  it('skips invalid entries of an import with the reason', async () => {
    const target = await services();
    const json = JSON.stringify({
      format: 'quickbox-session-companion/servers',
      version: 1,
      servers: [
        {
          name: 'Bad URL',
          baseUrl: 'ftp://x',
          environment: null,
          authKind: 'api_key',
          username: null,
          pinnedFingerprint: null,
        },
        {
          name: 'Good',
          baseUrl: 'https://good.example',
          environment: null,
          authKind: 'api_key',
          username: null,
          pinnedFingerprint: null,
        },
      ],
    });

    const imported = unwrap(await call(() => target.transfer.import(json)));

    expect(imported.added.map((view) => view.name)).toEqual(['Good']);
    expect(imported.skipped[0]?.name).toBe('Bad URL');
  });
});

describe('import never pins', () => {
  it('keeps an imported fingerprint as expected only; the first connection asks for review', async () => {
    const tls = await startSeededServer({ name: 'Box TLS', tls: 'self-signed' });
    shared.folders.push(tls.dataDir);
    const source = await services();
    const credentials = { kind: 'api_key' as const, apiKey: tls.secrets.writeKey };
    await addPinned(shared, source, tls);
    const exported = unwrap(await call(() => source.transfer.export()));
    const target = await services();

    const imported = unwrap(await call(() => target.transfer.import(exported.json)));
    const id = imported.added[0]?.id ?? '';
    const firstConnection = await call(() =>
      target.management.update({
        id,
        changes: { credentials },
      }),
    );
    const beforeReview = unwrap(await call(() => target.management.list())).servers[0];
    const pinned = unwrap(
      await call(() => target.management.pinCertificate(id, tls.server.fingerprint256 ?? '')),
    );
    const connected = unwrap(
      await call(() => target.management.update({ id, changes: { credentials } })),
    );
    const reexported = unwrap(await call(() => target.transfer.export()));
    await tls.server.close();

    expect(JSON.parse(exported.json)).toMatchObject({
      servers: [{ pinnedFingerprint: tls.server.fingerprint256 }],
    });
    expect(imported.added[0]).toMatchObject({
      pinnedFingerprint: null,
      expectedFingerprint: tls.server.fingerprint256,
    });
    expect(firstConnection).toMatchObject({
      ok: false,
      error: { code: 'tls_untrusted', certificate: { fingerprint256: tls.server.fingerprint256 } },
    });
    expect(beforeReview).toMatchObject({
      pinnedFingerprint: null,
      expectedFingerprint: tls.server.fingerprint256,
    });
    expect(pinned.server).toMatchObject({
      pinnedFingerprint: tls.server.fingerprint256,
      expectedFingerprint: null,
    });
    expect(connected.connection?.summary).toBe('Connected');
    expect((JSON.parse(reexported.json) as { servers: unknown }).servers).toEqual(
      (JSON.parse(exported.json) as { servers: unknown }).servers,
    );
  });

  it('passes an unreviewed expected fingerprint on in an export, still unpinned', async () => {
    const fingerprint = Array.from({ length: 32 }, () => 'AB').join(':');
    const json = JSON.stringify({
      format: 'quickbox-session-companion/servers',
      version: 1,
      servers: [
        {
          name: 'Far',
          baseUrl: 'https://far.example',
          environment: null,
          authKind: 'api_key',
          username: null,
          pinnedFingerprint: fingerprint.toLowerCase(),
        },
      ],
    });
    const first = await services();
    const second = await services();

    unwrap(await call(() => first.transfer.import(json)));
    const exported = unwrap(await call(() => first.transfer.export()));
    const again = unwrap(await call(() => second.transfer.import(exported.json)));

    expect(again.added[0]).toMatchObject({
      pinnedFingerprint: null,
      expectedFingerprint: fingerprint,
    });
  });
});
