/**
 * What "Test connection" finds out about a server: that it answers (health), who the
 * credentials are (identity), and what they may do (permissions), summed up in one line.
 */

import type { ConnectionReport } from '../../../src-shared/domain';
import { PERMISSIONS } from '../../../src-shared/quickbox';
import type { QuickBoxClient } from '../client/quickbox-client';

/** The summary line of a connection report. */
export function connectionSummary(missing: string[], canRead: boolean): string {
  if (missing.length === 0) return 'Connected';
  if (canRead) return `Connected, read-only (missing ${missing.join(', ')})`;
  return `Connected, but cannot read session settings (missing ${missing.join(', ')})`;
}

/** Health, then identity, then permissions. */
export async function testConnection(
  client: Pick<QuickBoxClient, 'health' | 'me'>,
): Promise<ConnectionReport> {
  const health = await client.health();
  const me = await client.me();
  const missing = PERMISSIONS.filter((permission) => !me.permissions.includes(permission));
  const canRead = me.permissions.includes('admin.sessions.read');
  const canUpdate = me.permissions.includes('admin.settings.update');
  return {
    server: { name: health.name, version: health.version },
    identity: {
      username: me.username,
      via: me.via,
      permissions: [...me.permissions],
      scopes: me.scopes ? [...me.scopes] : null,
    },
    canRead,
    canUpdate,
    missingPermissions: [...missing],
    summary: connectionSummary([...missing], canRead),
  };
}

/** Tests a client that is kept only if the test passes: a failed test closes it. */
export async function testOrClose(client: QuickBoxClient): Promise<ConnectionReport> {
  try {
    return await testConnection(client);
  } catch (error) {
    await client.close();
    throw error;
  }
}
