/**
 * The preload: exposes the typed QuickBox API to the isolated renderer, nothing else.
 * Runs sandboxed (CommonJS, everything bundled but `electron`).
 */

import { contextBridge } from 'electron';
import { createApi } from './api';
import { ipcTransport } from './ipc-transport';

contextBridge.exposeInMainWorld('quickbox', createApi(ipcTransport));
