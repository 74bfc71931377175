/**
 * The ONE place the preload touches raw `ipcRenderer`: a transport for `createApi`. The
 * renderer never sees the IpcRendererEvent (it would leak `sender`).
 */

import { ipcRenderer } from 'electron';
import type { ApiTransport } from './api';

/** A transport over Electron IPC. */
export const ipcTransport: ApiTransport = {
  invoke: (channel, payload) => ipcRenderer.invoke(channel, payload),
  subscribe: (channel, listener) => {
    const handler = (_event: Electron.IpcRendererEvent, payload: unknown): void =>
      listener(payload);
    ipcRenderer.on(channel, handler);
    return () => {
      ipcRenderer.removeListener(channel, handler);
    };
  },
};
