/**
 * `putAndReadBack`: a save and its verification in one call of the client (the settings
 * gateway's one call per save), against the reference server and a server whose read-back
 * fails after the save was answered.
 */

import { describe, expect, it } from 'vitest';
import { QuickBoxClient } from '../../../../src-main/core/client/quickbox-client';
import { DEFAULT_SETTINGS, setField } from '../../../../src-shared/settings';
import {
  capturingLogger,
  errorOf,
  fastLimits,
  removeAll,
  requestLog,
  sendJson,
  startRawServer,
  startSeededServer,
} from '../fixtures';

describe('QuickBoxClient.putAndReadBack', () => {
  it('sends the PUT with If-Match and then one GET, and returns both answers', async () => {
    const log = requestLog();
    const { server, secrets, dataDir } = await startSeededServer({ logStream: log.stream });
    const admin = new QuickBoxClient(
      { baseUrl: server.url, pinnedFingerprint: null },
      { kind: 'api_key', apiKey: secrets.writeKey },
      fastLimits(),
      capturingLogger().logger,
    );
    const current = await admin.getSettings();
    const from = log.requests().length;
    const wanted = setField(DEFAULT_SETTINGS, 'timeouts.idleMinutes', 45);

    const answer = await admin.putAndReadBack(wanted, current.version);

    expect(answer.saved.version).toBe(current.version + 1);
    expect(answer.readBack?.version).toBe(answer.saved.version);
    expect(answer.readBack?.timeouts.idleMinutes).toBe(45);
    const sent = log
      .requests()
      .slice(from)
      .map((request) => `${request.method} ${request.url}`);
    expect(sent).toEqual(['PUT /api/settings/sessions', 'GET /api/settings/sessions']);
    // A stale version is refused as the PUT alone is: thrown, nothing read back.
    const conflict = await errorOf(admin.putAndReadBack(wanted, current.version));
    expect(conflict.code).toBe('version_conflict');
    await admin.close();
    await server.close();
    await removeAll([dataDir]);
  });

  it('returns the saved answer and the read-back failure when only the GET fails', async () => {
    const saved = { ...DEFAULT_SETTINGS, version: 8, updatedAt: '2026-12-07T10:00:00Z' };
    const raw = await startRawServer((request, response) => {
      if (request.method === 'PUT') {
        request.resume();
        request.on('end', () => sendJson(response, 200, { ...saved, updatedBy: 'admin' }));
        return;
      }
      sendJson(response, 200, { not: 'settings' });
    });
    const target = new QuickBoxClient(
      { baseUrl: raw.url, pinnedFingerprint: null },
      { kind: 'api_key', apiKey: 'k' },
      fastLimits(),
      capturingLogger().logger,
    );

    const answer = await target.putAndReadBack(DEFAULT_SETTINGS, 7);

    expect(answer.saved.version).toBe(8);
    expect(answer.readBack).toBeNull();
    expect(answer.readBack === null && answer.readBackError).toMatchObject({
      appError: { code: 'protocol_error' },
    });
    await target.close();
    await raw.close();
  });
});
