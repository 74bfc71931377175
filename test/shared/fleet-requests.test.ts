// The request schemas of the profile, fleet and drift channels at their edges: each length
// and count limit at and past its end, trimming, the unions of sources, and strictness.
import { describe, expect, it } from 'vitest';
import { DEFAULT_FLEET_DEADLINE_MS, FLEET_FILE_MAX_BYTES } from '../../src-shared/fleet-contract';
import { requestSchemas, type RequestChannel } from '../../src-shared/ipc-contract';
import { DEFAULT_SETTINGS, SETTINGS_FIELDS } from '../../src-shared/settings';

function accepts(channel: RequestChannel, value: unknown): boolean {
  return requestSchemas[channel].safeParse(value).success;
}

const ID_100 = 'i'.repeat(100);
const ID_101 = 'i'.repeat(101);

describe('profile requests', () => {
  it('take a profile name of 1 to 100 characters after trimming, and give it trimmed', () => {
    const rename = requestSchemas['profiles:rename'];
    const parsed = rename.safeParse({ id: 'p1', name: '  Production  ' });
    expect(parsed.success && parsed.data.name).toBe('Production');
    expect(accepts('profiles:rename', { id: 'p1', name: ` ${'n'.repeat(100)} ` })).toBe(true);
    expect(accepts('profiles:rename', { id: 'p1', name: 'n'.repeat(101) })).toBe(false);
    expect(accepts('profiles:rename', { id: 'p1', name: '   ' })).toBe(false);
  });

  it('take ids of 1 to 100 characters', () => {
    expect(accepts('profiles:delete', { id: 'profile-1' })).toBe(true);
    expect(accepts('profiles:delete', { id: ID_100 })).toBe(true);
    expect(accepts('profiles:delete', { id: '' })).toBe(false);
    expect(accepts('profiles:delete', { id: ID_101 })).toBe(false);
    expect(accepts('profiles:delete', {})).toBe(false);
  });

  it('create a profile from a server or from settings, nothing else', () => {
    const fromServer = { kind: 'server', serverId: 'box-a' };
    expect(accepts('profiles:create', { name: 'Prod', from: fromServer })).toBe(true);
    const fromSettings = { kind: 'settings', settings: DEFAULT_SETTINGS };
    expect(accepts('profiles:create', { name: 'Prod', from: fromSettings })).toBe(true);
    expect(accepts('profiles:create', { name: 'Prod', from: { kind: 'profile', id: 'p' } })).toBe(
      false,
    );
    expect(accepts('profiles:create', { name: 'Prod', from: { kind: 'server', id: 'x' } })).toBe(
      false,
    );
    expect(accepts('profiles:create', { name: 'Prod', from: { kind: 'server' } })).toBe(false);
    expect(accepts('profiles:create', { from: fromServer })).toBe(false);
  });

  it('update with any settings (validated later), duplicate with or without a name', () => {
    expect(accepts('profiles:update', { id: 'p1', settings: { anything: true } })).toBe(true);
    expect(accepts('profiles:update', { id: 'p1', settings: 1, extra: 1 })).toBe(false);
    expect(accepts('profiles:duplicate', { id: 'p1' })).toBe(true);
    expect(accepts('profiles:duplicate', { id: 'p1', name: 'Copy' })).toBe(true);
    expect(accepts('profiles:duplicate', { id: 'p1', name: ' ' })).toBe(false);
  });

  it('assign a profile to a server, or none', () => {
    expect(accepts('profiles:assign', { serverId: 'box-a', profileId: 'p1' })).toBe(true);
    expect(accepts('profiles:assign', { serverId: 'box-a', profileId: null })).toBe(true);
    expect(accepts('profiles:assign', { serverId: 'box-a', profileId: '' })).toBe(false);
    expect(accepts('profiles:assign', { serverId: 'box-a' })).toBe(false);
  });

  it('list with nothing or an empty object only', () => {
    expect(accepts('profiles:list', undefined)).toBe(true);
    expect(accepts('profiles:list', {})).toBe(true);
    expect(accepts('profiles:list', { all: true })).toBe(false);
  });
});

describe('fleet:snapshot', () => {
  it('takes nothing, or a server or profile reference, a concurrency and a run id', () => {
    expect(accepts('fleet:snapshot', undefined)).toBe(true);
    expect(accepts('fleet:snapshot', { reference: null })).toBe(true);
    const server = { kind: 'server', serverId: 'box-a' };
    const profile = { kind: 'profile', profileId: 'p1' };
    expect(accepts('fleet:snapshot', { reference: server, concurrency: 1, runId: 'r' })).toBe(true);
    expect(accepts('fleet:snapshot', { reference: profile, concurrency: 500 })).toBe(true);
    expect(accepts('fleet:snapshot', { reference: { kind: 'profile', serverId: 'x' } })).toBe(
      false,
    );
    expect(accepts('fleet:snapshot', { reference: { kind: 'server', profileId: 'x' } })).toBe(
      false,
    );
    expect(accepts('fleet:snapshot', { runId: ID_100 })).toBe(true);
    expect(accepts('fleet:snapshot', { runId: ID_101 })).toBe(false);
    expect(accepts('fleet:snapshot', { runId: '' })).toBe(false);
  });

  it('takes a whole concurrency from 1 to 500', () => {
    expect(accepts('fleet:snapshot', { concurrency: 250 })).toBe(true);
    expect(accepts('fleet:snapshot', { concurrency: 0 })).toBe(false);
    expect(accepts('fleet:snapshot', { concurrency: 501 })).toBe(false);
    expect(accepts('fleet:snapshot', { concurrency: 2.5 })).toBe(false);
  });
});

describe('fleet:plan', () => {
  const plan = {
    source: { kind: 'profile', profileId: 'p1' },
    sections: ['timeouts'],
    targets: ['box-a'],
  };

  it('takes 1 to 3 sections of the model, each a section name', () => {
    expect(accepts('fleet:plan', plan)).toBe(true);
    const all = ['timeouts', 'persistence', 'concurrency'];
    expect(accepts('fleet:plan', { ...plan, sections: all })).toBe(true);
    expect(accepts('fleet:plan', { ...plan, sections: [] })).toBe(false);
    expect(accepts('fleet:plan', { ...plan, sections: [...all, 'timeouts'] })).toBe(false);
    expect(accepts('fleet:plan', { ...plan, sections: ['cookie'] })).toBe(false);
  });

  it('takes 1 to every field of the model as the fields to apply, or none named', () => {
    const all = [...SETTINGS_FIELDS];
    expect(accepts('fleet:plan', { ...plan, fields: ['timeouts.idleMinutes'] })).toBe(true);
    expect(accepts('fleet:plan', { ...plan, fields: all })).toBe(true);
    expect(accepts('fleet:plan', { ...plan, fields: [] })).toBe(false);
    expect(accepts('fleet:plan', { ...plan, fields: [...all, all[0]] })).toBe(false);
    expect(accepts('fleet:plan', { ...plan, fields: ['timeouts.nap'] })).toBe(false);
  });

  it('takes 1 to 1000 targets and a server or profile source', () => {
    const many = (n: number) => Array.from({ length: n }, (_, index) => `box-${index}`);
    expect(accepts('fleet:plan', { ...plan, targets: many(1000) })).toBe(true);
    expect(accepts('fleet:plan', { ...plan, targets: many(1001) })).toBe(false);
    expect(accepts('fleet:plan', { ...plan, targets: [] })).toBe(false);
    expect(accepts('fleet:plan', { ...plan, targets: [''] })).toBe(false);
    const server = { kind: 'server', serverId: 'box-b' };
    expect(accepts('fleet:plan', { ...plan, source: server })).toBe(true);
    expect(accepts('fleet:plan', { ...plan, source: { kind: 'server', serverId: '' } })).toBe(
      false,
    );
    expect(accepts('fleet:plan', { sections: plan.sections, targets: plan.targets })).toBe(false);
  });
});

describe('fleet:apply', () => {
  const waves = { canaryServerId: 'box-a', maxFailures: 0 };

  it('takes a plan, optional waves, a deadline of 1 second to a day', () => {
    expect(accepts('fleet:apply', { planId: 'plan-1' })).toBe(true);
    expect(accepts('fleet:apply', { planId: '' })).toBe(false);
    expect(accepts('fleet:apply', { planId: 'plan-1', waves })).toBe(true);
    expect(accepts('fleet:apply', { planId: 'plan-1', deadlineSeconds: 1 })).toBe(true);
    expect(accepts('fleet:apply', { planId: 'plan-1', deadlineSeconds: 86_400 })).toBe(true);
    expect(accepts('fleet:apply', { planId: 'plan-1', deadlineSeconds: 0 })).toBe(false);
    expect(accepts('fleet:apply', { planId: 'plan-1', deadlineSeconds: 86_401 })).toBe(false);
    expect(accepts('fleet:apply', { planId: 'plan-1', deadlineSeconds: 1.5 })).toBe(false);
  });

  it('takes waves with 0 to 1000 failures allowed and batches of 1 to 1000', () => {
    const apply = (changes: Record<string, unknown>) =>
      accepts('fleet:apply', { planId: 'plan-1', waves: { ...waves, ...changes } });
    expect(apply({ maxFailures: 1000, batchSize: 1 })).toBe(true);
    expect(apply({ maxFailures: 500, batchSize: 1000 })).toBe(true);
    expect(apply({ maxFailures: -1 })).toBe(false);
    expect(apply({ maxFailures: 1001 })).toBe(false);
    expect(apply({ maxFailures: 0.5 })).toBe(false);
    expect(apply({ batchSize: 0 })).toBe(false);
    expect(apply({ batchSize: 1001 })).toBe(false);
    expect(apply({ batchSize: 2.5 })).toBe(false);
    expect(apply({ canaryServerId: '' })).toBe(false);
    expect(apply({ stopAfter: 1 })).toBe(false);
  });

  it('retries the failed targets of an apply by its id', () => {
    expect(accepts('fleet:retry-failed', { applyId: 'apply-1', concurrency: 2 })).toBe(true);
    expect(accepts('fleet:retry-failed', { applyId: '' })).toBe(false);
    expect(accepts('fleet:retry-failed', { planId: 'plan-1' })).toBe(false);
  });
});

describe('the fleet file', () => {
  it('is read as text of at most twice its byte limit in characters', () => {
    const most = 'x'.repeat(2 * FLEET_FILE_MAX_BYTES);
    expect(FLEET_FILE_MAX_BYTES).toBe(5 * 1024 * 1024);
    expect(accepts('fleet:import-preview', { json: most })).toBe(true);
    expect(accepts('fleet:import-apply', { json: most })).toBe(true);
    expect(accepts('fleet:import-preview', { json: `${most}x` })).toBe(false);
    expect(accepts('fleet:import-apply', { json: `${most}x` })).toBe(false);
    expect(accepts('fleet:import-apply', {})).toBe(false);
    expect(accepts('fleet:export', undefined)).toBe(true);
    expect(accepts('fleet:export', { servers: true })).toBe(false);
  });

  it('an operation may take five minutes in all unless asked otherwise', () => {
    expect(DEFAULT_FLEET_DEADLINE_MS).toBe(5 * 60 * 1000);
  });
});

describe('drift requests', () => {
  it('adopt or accept one field of the model on a server', () => {
    const target = { serverId: 'box-a', field: 'timeouts.idleMinutes' };
    expect(accepts('drift:adopt', target)).toBe(true);
    expect(accepts('drift:adopt', { ...target, field: 'timeouts' })).toBe(false);
    expect(accepts('drift:adopt', { ...target, serverId: '' })).toBe(false);
    expect(accepts('drift:adopt', { ...target, serverId: ID_101 })).toBe(false);
    expect(accepts('drift:adopt', { ...target, until: null })).toBe(false);
    expect(accepts('drift:accept', { ...target, until: '2027-01-01T00:00:00.000Z' })).toBe(true);
    expect(accepts('drift:accept', { ...target, until: null })).toBe(true);
    expect(accepts('drift:accept', { ...target, until: '2027-01-01' })).toBe(false);
    expect(accepts('drift:accept', target)).toBe(false);
    expect(accepts('drift:list', undefined)).toBe(true);
    expect(accepts('drift:list', { serverId: 'box-a' })).toBe(false);
  });
});
