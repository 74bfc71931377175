import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { EventBus } from '../../../../src-main/core/support/event-bus';
import { MuteService, type MuteTimers } from '../../../../src-main/core/registry/mute-service';
import {
  REGISTRY_FILE,
  ServerRegistry,
  type NewServer,
} from '../../../../src-main/core/registry/server-registry';
import { ServerStatuses } from '../../../../src-main/core/registry/server-statuses';
import type { ServerView } from '../../../../src-shared/domain';
import { activeMute, muteEnd } from '../../../../src-shared/mute';
import { capturingLogger, removeAll, tempDir } from '../fixtures';

const fields: NewServer = {
  name: 'Box A',
  baseUrl: 'https://box-a.example',
  environment: 'production',
  authKind: 'api_key',
  username: null,
  pinnedFingerprint: null,
  expectedFingerprint: null,
};

const HOUR = 60 * 60 * 1000;
const folders: string[] = [];
afterEach(async () => {
  await removeAll(folders.splice(0));
});

/** Timers the test fires by hand: the expiry is checked without waiting an hour. */
function manualTimers(): MuteTimers & { pending: { callback: () => void; ms: number }[] } {
  const pending: { callback: () => void; ms: number }[] = [];
  return {
    pending,
    setTimeout: (callback, ms) => {
      const timer = { callback, ms };
      pending.push(timer);
      return timer;
    },
    clearTimeout: (handle) => {
      const at = pending.indexOf(handle as (typeof pending)[number]);
      if (at >= 0) pending.splice(at, 1);
    },
  };
}

async function arrange(dir?: string) {
  const folder = dir ?? (await tempDir('qb-mute-'));
  if (!dir) folders.push(folder);
  const { logger } = capturingLogger();
  const time = { now: Date.parse('2026-12-03T10:00:00Z') };
  const clock = () => time.now;
  const registry = await ServerRegistry.open(folder, logger, clock);
  const id = registry.list()[0]?.id ?? (await registry.add(fields)).id;
  const bus = new EventBus(logger);
  const pushes: ServerView[][] = [];
  bus.subscribe('servers:changed', ({ servers }) => pushes.push(servers));
  const statuses = new ServerStatuses({ registry, bus, clock });
  const timers = manualTimers();
  const mutes = new MuteService({ registry, statuses, clock, logger, timers });
  return { folder, registry, statuses, mutes, timers, time, id, pushes };
}

describe('MuteService', () => {
  it('mutes for an hour: the view and the pushed list say until when, and the file keeps it', async () => {
    const { mutes, id, pushes, folder, registry } = await arrange();
    const { server } = await mutes.mute({ id, until: 'hour' });
    const until = '2026-12-03T11:00:00.000Z';
    expect(server.mutedUntil).toBe(until);
    expect(pushes.at(-1)?.[0]?.mutedUntil).toBe(until);
    await registry.flush();
    const file = JSON.parse(await readFile(join(folder, REGISTRY_FILE), 'utf8')) as {
      servers: { mutedUntil?: string }[];
    };
    expect(file.servers[0]?.mutedUntil).toBe(until);
  });

  it('keeps a mute across a restart, and ends it by itself when its time comes', async () => {
    const first = await arrange();
    await first.mutes.mute({ id: first.id, until: 'hour' });
    await first.registry.flush();

    const { mutes, statuses, timers, time, pushes } = await arrange(first.folder);
    expect(statuses.views()[0]?.mutedUntil).toBe('2026-12-03T11:00:00.000Z');
    mutes.schedule();
    expect(timers.pending.map((timer) => timer.ms)).toEqual([HOUR]);
    time.now += HOUR;
    timers.pending.shift()?.callback();
    expect(pushes.at(-1)?.[0]?.mutedUntil).toBeNull();
    expect(timers.pending).toHaveLength(0);
  });

  it('re-arms when the timer fired before the end, and pushes once the end has passed', async () => {
    const { mutes, id, timers, time, pushes } = await arrange();
    await mutes.mute({ id, until: 'hour' });
    time.now += HOUR - 5;
    timers.pending.shift()?.callback();
    expect(pushes.at(-1)?.[0]?.mutedUntil).not.toBeNull();
    expect(timers.pending.map((timer) => timer.ms)).toEqual([5]);
    time.now += 5;
    timers.pending.shift()?.callback();
    expect(pushes.at(-1)?.[0]?.mutedUntil).toBeNull();
  });

  it('ends a mute early on request, and leaves the unread count as it was', async () => {
    const { mutes, statuses, id, timers, registry } = await arrange();
    statuses.noteMassLogout(id);
    await mutes.mute({ id, until: 'tomorrow' });
    statuses.noteMassLogout(id);
    expect(statuses.views()[0]?.status.unreadMassLogouts).toBe(2);
    const { server } = await mutes.mute({ id, until: null });
    expect(server.mutedUntil).toBeNull();
    expect(server.status.unreadMassLogouts).toBe(2);
    expect(registry.get(id)).not.toHaveProperty('mutedUntil');
    expect(timers.pending).toHaveLength(0);
  });

  it('refuses an unknown server with not found', async () => {
    const { mutes } = await arrange();
    await expect(mutes.mute({ id: 'nope', until: 'hour' })).rejects.toMatchObject({
      appError: { code: 'not_found' },
    });
  });
});

describe('mute times', () => {
  it('"tomorrow" is the next 08:00 local time more than an hour away', () => {
    const at = (day: number, hour: number, minute = 0) =>
      new Date(2026, 11, day, hour, minute).getTime();
    expect(muteEnd('tomorrow', at(3, 14))).toBe(at(4, 8));
    expect(muteEnd('tomorrow', at(3, 2))).toBe(at(3, 8));
    expect(muteEnd('tomorrow', at(3, 7, 30))).toBe(at(4, 8));
    expect(muteEnd('tomorrow', at(3, 23, 59))).toBe(at(4, 8));
    expect(muteEnd('hour', at(3, 14))).toBe(at(3, 15));
  });

  it('a mute whose end has passed, or that cannot be read, is no mute', () => {
    const now = Date.parse('2026-12-03T10:00:00Z');
    expect(activeMute('2026-12-03T10:00:01Z', now)).toBe('2026-12-03T10:00:01Z');
    expect(activeMute('2026-12-03T10:00:00Z', now)).toBeNull();
    expect(activeMute('not a date', now)).toBeNull();
    expect(activeMute(null, now)).toBeNull();
  });
});
