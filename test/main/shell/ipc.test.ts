import { beforeEach, describe, expect, it, vi } from 'vitest';
import { registerIpcHandlers, sendEvent, type IpcHandlerTable } from '../../../src-main/shell/ipc';
import { REQUEST_CHANNELS } from '../../../src-shared/ipc-contract';
import { capturingLogger } from '../core/fixtures';
import { FakeFrame, FakeWebContents, ipcMain, resetFakeElectron } from './fake-electron';

vi.mock('electron', async () => await import('./fake-electron'));

const APP_URL = 'app://quickbox/index.html';

function echoHandlers(): IpcHandlerTable {
  return Object.fromEntries(
    REQUEST_CHANNELS.map((channel) => [
      channel,
      async (payload: unknown) => ({ ok: true, value: { channel, payload } }),
    ]),
  ) as IpcHandlerTable;
}

/** The app window's webContents, showing the app page, and the ref the shell passes. */
function appWindow() {
  const contents = new FakeWebContents();
  contents.mainFrame.url = APP_URL;
  // The fake has what the check reads; electron's WebContents type has much more.
  const ref = { contents: () => contents as never, url: () => APP_URL };
  return { contents, ref, fromApp: { sender: contents, senderFrame: contents.mainFrame } };
}

beforeEach(() => resetFakeElectron());

describe('registerIpcHandlers', () => {
  it('wires every channel of the contract to its own handler', async () => {
    const { ref, fromApp } = appWindow();
    registerIpcHandlers(echoHandlers(), ref, capturingLogger().logger);
    expect([...ipcMain.handlers.keys()].sort()).toEqual([...REQUEST_CHANNELS].sort());
    for (const channel of REQUEST_CHANNELS) {
      const result = await ipcMain.handlers.get(channel)?.(fromApp, { n: 1 });
      expect(result).toEqual({ ok: true, value: { channel, payload: { n: 1 } } });
    }
  });

  it('answers sender_refused, without calling the handler, to a sender that is not the app window main frame, and logs why', async () => {
    const handlers = echoHandlers();
    const spy = vi.spyOn(handlers, 'servers:list');
    const { contents, ref } = appWindow();
    const { logger, lines } = capturingLogger();
    registerIpcHandlers(handlers, ref, logger);
    const handle = ipcMain.handlers.get('servers:list');
    const otherWindow = new FakeWebContents();
    otherWindow.mainFrame.url = APP_URL;
    const secret = 'pw-never-logged';
    for (const event of [
      { sender: contents, senderFrame: null },
      { sender: otherWindow, senderFrame: otherWindow.mainFrame },
      { sender: contents, senderFrame: new FakeFrame(APP_URL) },
      { sender: contents, senderFrame: new FakeFrame(APP_URL, contents.mainFrame) },
      { sender: otherWindow, senderFrame: contents.mainFrame },
    ]) {
      await expect(handle?.(event, { password: secret })).resolves.toMatchObject({
        ok: false,
        error: { code: 'sender_refused' },
      });
    }
    contents.mainFrame.url = `https://evil.example/page?token=${secret}`;
    await expect(
      handle?.({ sender: contents, senderFrame: contents.mainFrame }, { password: secret }),
    ).resolves.toMatchObject({ ok: false, error: { code: 'sender_refused' } });

    expect(spy).not.toHaveBeenCalled();
    expect(lines).toHaveLength(6);
    const logged = lines.map((line) => JSON.parse(line) as { level: string; fields: object });
    expect(logged.every((line) => line.level === 'warn')).toBe(true);
    expect(logged.at(-1)?.fields).toEqual({
      channel: 'servers:list',
      reason: 'another page',
      origin: 'https://evil.example',
    });
    expect(logged[1]?.fields).toMatchObject({ reason: 'another window' });
    expect(lines.join('\n')).not.toContain(secret);
  });

  it('removes every handler again', () => {
    const unregister = registerIpcHandlers(
      echoHandlers(),
      appWindow().ref,
      capturingLogger().logger,
    );
    unregister();
    expect(ipcMain.handlers.size).toBe(0);
  });
});

describe('sendEvent', () => {
  it('sends to a live window and skips a destroyed or missing one', () => {
    const contents = new FakeWebContents();
    sendEvent(contents, 'ui:navigate', { serverId: 's1', panel: 'operations' });
    contents.destroyed = true;
    sendEvent(contents, 'ui:navigate', { serverId: 's2', panel: 'timeouts' });
    sendEvent(null, 'ui:navigate', { serverId: 's3', panel: 'timeouts' });
    expect(contents.sent).toEqual([['ui:navigate', { serverId: 's1', panel: 'operations' }]]);
  });
});
