/**
 * A drift alert in a real Alertmanager: a server assigned a profile it matches gives none;
 * another admin's change that leaves it differing from its profile fires QbscSettingsDrift
 * (labels server, environment, kind), and changing it back resolves the alert.
 */

import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { DEFAULT_SETTINGS, setField } from '../../../src-shared/settings';
import { createKeytarStore } from '../../../src-main/core/registry/credential-store';
import { startCore, tempDir, removeAll } from '../../main/core/fixtures';
import { changeBehindTheAppsBack, useFleet } from '../../main/core/fleet-fixtures';
import {
  alertmanagerMissing,
  startAlertmanager,
  type GettableAlert,
  type RunningAlertmanager,
} from './alertmanager-process';
import { ready, startWatcher, waitFor } from './harness';

vi.setConfig({ testTimeout: 120_000 });
if (alertmanagerMissing) console.warn(`skipped: ${alertmanagerMissing}`);

const fleet = useFleet({ Drifty: DEFAULT_SETTINGS });
let alertmanager: RunningAlertmanager | null = null;
let dataDir: string;

beforeAll(async () => {
  if (alertmanagerMissing) return;
  alertmanager = await startAlertmanager();
  dataDir = await tempDir('qb-watch-drift-');
  // The admin's data folder: the server, and a profile it matches, assigned.
  const { core } = await startCore({ dataDir, credentialStore: createKeytarStore() });
  const added = await core.handlers['servers:add']({
    name: 'Drifty',
    baseUrl: fleet.member('Drifty').server.url,
    environment: 'production',
    credentials: { kind: 'api_key', apiKey: fleet.member('Drifty').secrets.readKey },
  });
  if (!added.ok) throw new Error(added.error.message);
  const profile = await core.handlers['profiles:create']({
    name: 'Baseline',
    from: { kind: 'settings', settings: DEFAULT_SETTINGS },
  });
  if (!profile.ok) throw new Error(profile.error.message);
  const assigned = await core.handlers['profiles:assign']({
    serverId: added.value.server.id,
    profileId: profile.value.profile.id,
  });
  if (!assigned.ok) throw new Error(assigned.error.message);
  await core.dispose();
});
afterAll(async () => {
  await alertmanager?.close();
  if (dataDir) await removeAll([dataDir]);
});

async function driftAlerts(): Promise<GettableAlert[]> {
  if (!alertmanager) throw new Error('no alertmanager');
  return (await alertmanager.alerts()).filter(
    (alert) => alert.labels['kind'] === 'drift' && alert.labels['server'] === 'Drifty',
  );
}

describe.skipIf(alertmanagerMissing !== null)('qbsc watch, drift and Alertmanager', () => {
  it('fires a drift alert when a server drifts from its profile, and resolves it when it no longer does', async () => {
    const member = fleet.member('Drifty');
    const watcher = await startWatcher(
      dataDir,
      {
        stateDir: path.join(dataDir, 'state'),
        alertmanagers: [alertmanager?.url],
        servers: [{ server: 'Drifty', secret: { env: 'DRIFTY_KEY' } }],
      },
      { env: { DRIFTY_KEY: member.secrets.readKey } },
    );
    await ready(watcher);
    // Matching its profile: no drift alert.
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(await driftAlerts()).toEqual([]);

    await changeBehindTheAppsBack(member, (settings) =>
      setField(settings, 'timeouts.idleMinutes', 45),
    );
    const [alert] = await waitFor(
      async () => {
        const found = await driftAlerts();
        return found.length > 0 ? found : undefined;
      },
      'the drift alert',
      30_000,
    );
    expect(alert?.labels).toMatchObject({
      alertname: 'QbscSettingsDrift',
      kind: 'drift',
      server: 'Drifty',
      environment: 'production',
    });
    expect(alert?.annotations['summary']).toContain('timeouts.idleMinutes');
    expect(alert?.annotations['who']).toBe('automation');
    expect(alert?.status.state).toBe('active');

    await changeBehindTheAppsBack(member, (settings) =>
      setField(settings, 'timeouts.idleMinutes', DEFAULT_SETTINGS.timeouts.idleMinutes),
    );
    await waitFor(async () => (await driftAlerts()).length === 0, 'the alert resolved', 60_000);
    expect(
      watcher.lines().some((line) => line['kind'] === 'drift' && line['status'] === 'resolved'),
    ).toBe(true);
    expect((await watcher.stop()).code).toBe(0);
  });
});
