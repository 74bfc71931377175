import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Logger } from '../../../src-main/core/support/logger';
import { runShell } from '../../../src-main/shell/lifecycle';
import { reconnectOnWake, WAKE_COALESCE_MS } from '../../../src-main/shell/wake';
import { BrowserWindow, app, net, powerMonitor, resetFakeElectron } from './fake-electron';

vi.mock('electron', async () => await import('./fake-electron'));

// The shell's wake watch: the lifecycle against the real core (its watcher says in the log
// that it reconnects every feed), and the watch itself with a target that counts.
let dataDir: string;
let logLines: string[];

function logger(): Logger {
  const add = (level: string) => (message: string) => logLines.push(`${level} ${message}`);
  return { info: add('info'), warn: add('warn'), error: add('error') };
}

beforeEach(() => {
  resetFakeElectron();
  app.reset();
  dataDir = mkdtempSync(join(tmpdir(), 'qb-shell-wake-'));
  app.userData = dataDir;
  logLines = [];
});

afterEach(async () => {
  await app.quitAndWait();
  rmSync(dataDir, { recursive: true, force: true });
});

const CORE_RECONNECTS = 'info watcher: reconnecting every feed (wake or network change)';

describe('waking from sleep', () => {
  it('has the core reconnect every feed when powerMonitor says the computer resumed', async () => {
    runShell({
      bundleDir: join(__dirname, '../../../out/main'),
      platform: 'linux',
      logger: logger(),
    });
    app.becomeReady();
    await vi.waitFor(() => expect(BrowserWindow.created.length).toBeGreaterThan(0));
    expect(logLines).not.toContain(CORE_RECONNECTS);

    powerMonitor.emit('resume');

    await vi.waitFor(() => expect(logLines).toContain(CORE_RECONNECTS));
    expect(logLines).toContain('info shell: reconnecting to every server');
  });

  it('reconnects once for a resume and an unlock together, and when the network is back', async () => {
    app.becomeReady();
    let reconnects = 0;
    const stop = reconnectOnWake({ reconnectAll: () => (reconnects += 1) }, logger(), 20);
    powerMonitor.emit('resume');
    powerMonitor.emit('unlock-screen');
    await vi.waitFor(() => expect(reconnects).toBe(1));
    net.online = false;
    await new Promise((resolve) => setTimeout(resolve, 100 + WAKE_COALESCE_MS));
    const whileOffline = reconnects;
    net.online = true;
    await vi.waitFor(() => expect(reconnects).toBe(2));
    stop();
    powerMonitor.emit('resume');
    await new Promise((resolve) => setTimeout(resolve, 2 * WAKE_COALESCE_MS));

    expect(whileOffline).toBe(1);
    expect(reconnects).toBe(2);
    expect(
      logLines.filter((line) => line === 'info shell: reconnecting to every server'),
    ).toHaveLength(2);
  });
});
