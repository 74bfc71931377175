/**
 * A fleet of two reference servers for the lost-answer and deadline tests, driven through
 * createCore's handler table: Lossy sits behind a proxy that loses its saves' answers
 * (hostile-servers.ts), Steady answers as it should. A profile of idle 20 min is applied to
 * both (their idle timeout starts at the contract's 30).
 */

import { expect } from 'vitest';
import type { Core, CoreOptions } from '../../../src-main/core/composition-root';
import type { ApplyOutcome, ApplyReport, Plan } from '../../../src-shared/fleet';
import type { RequestChannel, RequestOf, ResponseOf } from '../../../src-shared/ipc-contract';
import { DEFAULT_SETTINGS, setField } from '../../../src-shared/settings';
import { FAST_LIMITS, removeAll, startCore } from './fixtures';
import { useFleet } from './fleet-fixtures';
import { startLossyProxy, type SaveTrouble } from './hostile-servers';

/** What the profile sets on both servers. */
export const PROFILE_SETTINGS = setField(DEFAULT_SETTINGS, 'timeouts.idleMinutes', 20);

/** The two servers (started once per test file). */
export function useLossyFleet() {
  return useFleet({ Lossy: DEFAULT_SETTINGS, Steady: DEFAULT_SETTINGS });
}

/** Calls a handler and returns its value (a failure fails the test with its error). */
export async function ok<C extends RequestChannel>(
  core: Core,
  channel: C,
  request: RequestOf<C>,
): Promise<ResponseOf<C>> {
  const result = await (core.handlers[channel] as (payload: unknown) => Promise<unknown>)(request);
  const typed = result as { ok: true; value: ResponseOf<C> } | { ok: false; error: unknown };
  if (!typed.ok) expect.fail(`${channel} failed: ${JSON.stringify(typed.error)}`);
  return typed.value;
}

/** A core with Lossy (behind the proxy) and Steady added, and the profile to apply. */
export async function lossySetup(
  fleet: ReturnType<typeof useLossyFleet>,
  trouble: SaveTrouble,
  options: Partial<Omit<CoreOptions, 'logger'>> = {},
  afterCommit?: () => Promise<void>,
) {
  await fleet.reset();
  const lossy = fleet.member('Lossy');
  const proxy = await startLossyProxy(lossy.server.url, null, afterCommit);
  const { core, dataDir } = await startCore({ clientLimits: FAST_LIMITS, ...options });
  const ids: Record<string, string> = {};
  for (const [name, url] of [
    ['Lossy', proxy.url],
    ['Steady', fleet.member('Steady').server.url],
  ] as const) {
    const added = await ok(core, 'servers:add', {
      name,
      baseUrl: url,
      environment: 'staging',
      credentials: { kind: 'api_key', apiKey: fleet.member(name).secrets.writeKey },
    });
    ids[name] = added.server.id;
  }
  const { profile } = await ok(core, 'profiles:create', {
    name: 'Idle 20',
    from: { kind: 'settings', settings: PROFILE_SETTINGS },
  });
  proxy.setTrouble(trouble);
  const plan = async (): Promise<Plan> =>
    ok(core, 'fleet:plan', {
      source: { kind: 'profile', profileId: profile.id },
      sections: ['timeouts'],
      targets: [ids['Lossy'] as string, ids['Steady'] as string],
    });
  return {
    core,
    dataDir,
    ids,
    proxy,
    plan,
    async cleanup() {
      await core.dispose();
      await proxy.close();
      await removeAll([dataDir]);
    },
  };
}

/** The outcome of a server by name. */
export function outcomeOf(report: ApplyReport, name: string): ApplyOutcome {
  const outcome = report.outcomes.find((each) => each.name === name);
  if (!outcome) throw new Error(`no outcome for ${name}`);
  return outcome;
}
