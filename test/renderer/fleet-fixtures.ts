/**
 * Sample fleet answers for the fleet store tests: read rows, problem rows, plans and
 * outcomes, shaped as the fleet contract's types.
 */

import type {
  ApplyOutcome,
  FleetProblemRow,
  FleetReadRow,
  Plan,
  PlanTarget,
  Profile,
} from '../../src-shared/fleet';
import type { EnvironmentTag } from '../../src-shared/domain';
import { DEFAULT_SETTINGS, setField, type SessionSettings } from '../../src-shared/settings';
import { settings } from './fixtures';

/** A server read with an idle timeout of `idleMinutes`. */
export function readRow(serverId: string, idleMinutes = 30): FleetReadRow {
  return {
    serverId,
    name: serverId,
    environment: null,
    profileId: null,
    fetchedAt: '2026-11-28T12:00:00Z',
    state: 'ok',
    settings: settings(3, idleMinutes),
    canUpdate: true,
    baselines: [],
    compliance: null,
  };
}

/** A server that could not be read. */
export function unreachableRow(serverId: string): FleetProblemRow {
  return {
    serverId,
    name: serverId,
    environment: null,
    profileId: null,
    fetchedAt: '2026-11-28T12:00:00Z',
    state: 'unreachable',
    problem: { kind: 'unreachable', code: 'unreachable', message: 'The server did not answer.' },
  };
}

/** A profile with an idle timeout of `idleMinutes`. */
export function profile(id: string, name: string, idleMinutes = 15): Profile {
  const values: SessionSettings = setField(DEFAULT_SETTINGS, 'timeouts.idleMinutes', idleMinutes);
  return {
    id,
    name,
    settings: values,
    createdAt: '2026-11-28T12:00:00Z',
    updatedAt: '2026-11-28T12:00:00Z',
  };
}

/** A target that would change its idle timeout from 30 to 15 minutes. */
export function changeTarget(serverId: string, environment: EnvironmentTag | null): PlanTarget {
  return {
    serverId,
    name: `Box ${serverId}`,
    environment,
    status: 'change',
    version: 3,
    changes: [{ field: 'timeouts.idleMinutes', from: 30, to: 15 }],
    canUpdate: true,
    advice: [],
  };
}

/** A plan from profile p1 over the given targets. */
export function plan(id: string, targets: PlanTarget[]): Plan {
  const counts = { change: 0, match: 0, unreadable: 0, invalid: 0 };
  for (const target of targets) counts[target.status] += 1;
  return {
    id,
    createdAt: '2026-11-28T12:00:00Z',
    source: { kind: 'profile', profileId: 'p1', name: 'Strict' },
    sourceSettings: DEFAULT_SETTINGS,
    sections: ['timeouts'],
    fields: ['timeouts.sessionMinutes', 'timeouts.idleMinutes', 'timeouts.absoluteMinutes'],
    targets,
    counts,
  };
}

/** An applied outcome. */
export function applied(serverId: string): ApplyOutcome {
  return {
    serverId,
    name: `Box ${serverId}`,
    environment: null,
    kind: 'applied',
    version: 4,
    changed: ['timeouts.idleMinutes'],
  };
}

/** A conflict outcome. */
export function conflict(serverId: string): ApplyOutcome {
  return {
    serverId,
    name: `Box ${serverId}`,
    environment: null,
    kind: 'conflict',
    message: 'Someone changed it meanwhile.',
    current: settings(5, 45, 'bob'),
  };
}
