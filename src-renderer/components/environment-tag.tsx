/**
 * The environment tag of a server, as a coloured label (production stands out).
 */

import type { EnvironmentTag as Tag } from '../../src-shared/domain';
import { useT } from '../i18n/translator-context';
import { environmentLabel } from '../labels';

/** A small coloured label naming the environment; nothing when the server has none. */
export function EnvironmentTag({ environment }: { environment: Tag | null }) {
  const t = useT();
  if (!environment) return null;
  return <span className={`env-tag env-${environment}`}>{environmentLabel(t, environment)}</span>;
}
