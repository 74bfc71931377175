/**
 * Moving a server in the sidebar, the same for the menu, the keyboard and a drop: the
 * store's `moveServer`, then a sentence for screen readers saying where it landed (or why
 * it could not move).
 */

import { errorText } from '../error-text';
import { useT } from '../i18n/translator-context';
import { useApp } from '../store-context';

/** Returns a function that moves a server to a place in the list and announces it. */
export function useMoveServer(): (serverId: string, toIndex: number) => Promise<void> {
  const moveServer = useApp((state) => state.moveServer);
  const announce = useApp((state) => state.announce);
  const t = useT();
  return async (serverId, toIndex) => {
    const result = await moveServer(serverId, toIndex);
    if (!result.ok) {
      announce(t.t('app.move.failed', { reason: errorText(t, result.error).title }));
      return;
    }
    const servers = result.value.servers;
    const index = servers.findIndex((server) => server.id === serverId);
    const name = servers[index]?.name ?? t.t('app.move.theServer');
    announce(t.t('app.move.done', { name, position: index + 1, count: servers.length }));
  };
}
