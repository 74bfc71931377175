import { beforeEach, describe, expect, it, vi } from 'vitest';
import { registerIpcHandlers, sendEvent, type IpcHandlerTable } from '../../../src-main/shell/ipc';
import { REQUEST_CHANNELS } from '../../../src-shared/ipc-contract';
import { FakeWebContents, ipcMain, resetFakeElectron } from './fake-electron';

vi.mock('electron', async () => await import('./fake-electron'));

const APP_URL = 'file:///opt/app/out/renderer/index.html';
const mainFrame = { url: APP_URL, parent: null };

function echoHandlers(): IpcHandlerTable {
  return Object.fromEntries(
    REQUEST_CHANNELS.map((channel) => [
      channel,
      async (payload: unknown) => ({ ok: true, value: { channel, payload } }),
    ]),
  ) as IpcHandlerTable;
}

beforeEach(() => resetFakeElectron());

describe('registerIpcHandlers', () => {
  it('wires every channel of the contract to its own handler', async () => {
    registerIpcHandlers(echoHandlers(), () => APP_URL);
    expect([...ipcMain.handlers.keys()].sort()).toEqual([...REQUEST_CHANNELS].sort());
    for (const channel of REQUEST_CHANNELS) {
      const result = await ipcMain.handlers.get(channel)?.({ senderFrame: mainFrame }, { n: 1 });
      expect(result).toEqual({ ok: true, value: { channel, payload: { n: 1 } } });
    }
  });

  it('answers forbidden, without calling the handler, to a sender that is not the app page', async () => {
    const handlers = echoHandlers();
    const spy = vi.spyOn(handlers, 'servers:list');
    registerIpcHandlers(handlers, () => APP_URL);
    const handle = ipcMain.handlers.get('servers:list');
    for (const senderFrame of [
      null,
      { url: 'https://evil.example/', parent: null },
      { url: APP_URL, parent: {} },
    ]) {
      await expect(handle?.({ senderFrame }, undefined)).resolves.toMatchObject({
        ok: false,
        error: { code: 'forbidden' },
      });
    }
    expect(spy).not.toHaveBeenCalled();
  });

  it('removes every handler again', () => {
    const unregister = registerIpcHandlers(echoHandlers(), () => APP_URL);
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
