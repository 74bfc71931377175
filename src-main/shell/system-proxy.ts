/**
 * The system proxy, as Chromium resolves it (the OS settings, WPAD and PAC scripts), for
 * core's requests to a server: `session.resolveProxy` answers in PAC style, which core reads
 * (parsePacAnswer; docs/adr/0010-proxies-and-the-os-trust-store.md).
 */

import type { Session } from 'electron';
import { parsePacAnswer, type ProxyResolver } from '../core/client-proxy';

/** Core's proxy resolver from an Electron session. */
export function electronProxyFor(session: Pick<Session, 'resolveProxy'>): ProxyResolver {
  return async (origin) => parsePacAnswer(await session.resolveProxy(origin));
}
