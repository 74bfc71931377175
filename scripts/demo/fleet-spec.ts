/**
 * What the demo's servers are: their names, environments, transport, settings, who may do
 * what there, and how many sessions they start with. The first three are fixed (Production
 * over plain http on loopback, Staging over self-signed HTTPS, Lab where the demo account is
 * read-only); `--servers N` adds "Demo Box 4".. with settings varied from a seed. Each has
 * settings of its own, so the fleet table has differences to mark.
 */

import type { EnvironmentTag } from '../../src-shared/domain';
import { PERMISSIONS } from '../../src-shared/quickbox';
import { validateSettings, type SessionSettings } from '../../src-shared/settings';
import type { Random } from './random';

/** The account the app signs in with on every demo server. */
export const DEMO_USERNAME = 'demo';

/** The other admin, whose settings changes and invalidate-alls the app should notice. */
export const OTHER_ADMIN = 'morgan.ops';

/** The profile the demo makes from Demo Production's settings. */
export const DEMO_PROFILE_NAME = 'Production baseline';

/** One demo server. */
export interface DemoServerSpec {
  name: string;
  environment: EnvironmentTag | null;
  /** Self-signed HTTPS (the app pins its fingerprint) instead of plain http on loopback. */
  https: boolean;
  settings: SessionSettings;
  /** The demo account's permissions (Lab: read only). */
  demoPermissions: string[];
  /** Whether the demo profile is assigned to it. */
  followsProfile: boolean;
  /** People who sign in and out during the demo (real logins over HTTP). */
  activeUsers: string[];
  /** How many sessions it has when it starts (written straight into its database). */
  sessionCount: number;
}

const READ_ONLY = ['admin.sessions.read'];

const PRODUCTION: SessionSettings = {
  timeouts: { sessionMinutes: 480, idleMinutes: 20, absoluteMinutes: 1440 },
  persistence: {
    rememberMeDays: 14,
    resetExpiryAtLogon: false,
    cookie: { secure: true, sameSite: 'strict', path: '/' },
  },
  concurrency: { maxSessionsPerUser: 4 },
};

// Close to Production (it follows the same profile) but not equal: the fleet table shows
// the two fields, and the profile's compliance column says Staging differs.
const STAGING: SessionSettings = {
  timeouts: { sessionMinutes: 480, idleMinutes: 20, absoluteMinutes: 1440 },
  persistence: {
    rememberMeDays: 30,
    resetExpiryAtLogon: true,
    cookie: { secure: true, sameSite: 'strict', path: '/' },
  },
  concurrency: { maxSessionsPerUser: 6 },
};

// Looser on purpose, so the advice and the baseline badges have something to say.
const LAB: SessionSettings = {
  timeouts: { sessionMinutes: 720, idleMinutes: 60, absoluteMinutes: 10080 },
  persistence: {
    rememberMeDays: 0,
    resetExpiryAtLogon: false,
    cookie: { secure: false, sameSite: 'lax', path: '/lab' },
  },
  concurrency: { maxSessionsPerUser: 8 },
};

const ACTIVE_USERS = ['alice', 'bruno', 'chen', 'dana', 'emeka', 'farah'];
const EXTRA_ENVIRONMENTS: (EnvironmentTag | null)[] = ['production', 'staging', 'test', null];

/** Settings for an extra box: valid, and different from box to box. */
function variedSettings(random: Random): SessionSettings {
  const idleMinutes = random.pick([15, 20, 30, 45, 60]);
  const sessionMinutes = random.pick([240, 480, 720]);
  const absoluteMinutes = random.pick([1440, 2880, 10080]);
  const secure = random.chance(0.8);
  const settings: SessionSettings = {
    timeouts: { sessionMinutes, idleMinutes, absoluteMinutes },
    persistence: {
      rememberMeDays: random.pick([0, 7, 14, 30]),
      resetExpiryAtLogon: random.chance(0.3),
      cookie: {
        secure,
        sameSite: secure ? random.pick(['strict', 'lax', 'none'] as const) : 'lax',
        path: '/',
      },
    },
    concurrency: { maxSessionsPerUser: random.pick([3, 4, 5, 6, 10]) },
  };
  return settings;
}

/** The demo's servers: the three named ones, then extra boxes up to `count`. */
export function demoFleet(count: number, random: Random): DemoServerSpec[] {
  const full = [...PERMISSIONS];
  const fleet: DemoServerSpec[] = [
    {
      name: 'Demo Production',
      environment: 'production',
      https: false,
      settings: PRODUCTION,
      demoPermissions: full,
      followsProfile: true,
      activeUsers: ACTIVE_USERS,
      sessionCount: random.int(280, 360),
    },
    {
      name: 'Demo Staging',
      environment: 'staging',
      https: true,
      settings: STAGING,
      demoPermissions: full,
      followsProfile: true,
      activeUsers: ACTIVE_USERS.slice(0, 4),
      sessionCount: random.int(180, 240),
    },
    {
      name: 'Demo Lab',
      environment: 'test',
      https: false,
      settings: LAB,
      demoPermissions: READ_ONLY,
      followsProfile: false,
      activeUsers: ACTIVE_USERS.slice(2, 5),
      sessionCount: random.int(200, 260),
    },
  ];
  for (let number = 4; number <= count; number += 1) {
    const environment = EXTRA_ENVIRONMENTS[(number - 4) % EXTRA_ENVIRONMENTS.length] ?? null;
    fleet.push({
      name: `Demo Box ${number}`,
      environment,
      https: environment === 'staging',
      settings: variedSettings(random),
      demoPermissions: full,
      followsProfile: false,
      activeUsers: ACTIVE_USERS.slice(number % 3, (number % 3) + 2),
      sessionCount: random.int(150, 300),
    });
  }
  for (const spec of fleet) {
    const { errors } = validateSettings(spec.settings);
    if (errors.length > 0) throw new Error(`${spec.name}: ${errors[0]?.message ?? 'invalid'}`);
  }
  return fleet;
}
