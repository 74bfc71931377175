import { afterEach, describe, expect, it, vi } from 'vitest';
import { createKeytarStore } from '../../src-main/core/registry/credential-store';
import { readDirectly } from '../main/core/fleet-fixtures';
import { lossySetup, useLossyFleet } from '../main/core/lossy-fleet';
import { qbsc } from './run-qbsc';

// Each run starts Node and tsx (several seconds on a loaded machine): generous bounds.
vi.setConfig({ testTimeout: 120_000 });

const fleet = useLossyFleet();
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(cleanups.splice(0).map((cleanup) => cleanup()));
});

/** Lossy (behind the proxy) and Steady registered as the app would, then the core closed. */
async function setup(
  ...args: Parameters<typeof lossySetup> extends [unknown, ...infer R] ? R : never
) {
  const started = await lossySetup(fleet, args[0], {
    credentialStore: createKeytarStore(),
    ...args[1],
  });
  cleanups.push(started.cleanup);
  await started.core.dispose();
  return started;
}

// -o wide: each server's detail on its one line (the default view wraps it at 80 columns).
const APPLY = ['-o', 'wide', 'fleet', 'apply', '--from', 'Idle 20', '--to', 'all', '--yes'];

describe('qbsc fleet apply against a server that trickles its answer', () => {
  it('ends at --deadline: the trickling server is "unknown" (may or may not have been saved), exit 77', async () => {
    const { dataDir } = await setup('commit-then-trickle');

    const result = await qbsc(dataDir, [...APPLY, '--deadline', '3']);

    expect(result.code, result.stderr).toBe(77);
    expect(result.stdout).toMatch(
      /^Lossy\s+staging\s+unknown\s+No answer in time \(the apply's deadline of 3 s passed\): the change may or may not have been saved\.$/m,
    );
    expect(result.stdout).toMatch(
      /^Steady\s+staging\s+applied\s+version \d+: timeouts\.idleMinutes$/m,
    );
    expect(result.stderr).toMatch(/applied 2 of 2: Lossy: unknown/);
    // Said once: core's reason already begins with "Stopped:".
    expect(result.stdout).toMatch(/^Stopped: the apply's deadline \(3 s\) passed\.$/m);
    expect(result.stdout).not.toContain('Stopped: Stopped:');
  });

  it('refuses a --deadline that is not a whole number of seconds (64)', async () => {
    const { dataDir } = await setup('commit-then-trickle');

    const result = await qbsc(dataDir, [...APPLY, '--deadline', '1.5']);

    expect(result.code).toBe(64);
    expect(result.stderr).toContain('--deadline must be a whole number of seconds');
  });
});

describe('qbsc fleet apply when a save landed but its answer was lost', () => {
  it('reports applied, saying the answer was lost, exit 0', async () => {
    const { dataDir } = await setup('commit-then-drop');

    const result = await qbsc(dataDir, APPLY);

    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(
      /^Lossy\s+staging\s+applied\s+version \d+: timeouts\.idleMinutes \(the server's answer was lost; read back, the values sent are there\)$/m,
    );
    expect((await readDirectly(fleet.member('Lossy'))).timeouts.idleMinutes).toBe(20);
  });
});
