/**
 * How the command line names things: a server by its display name or its id, a profile by
 * its name or id, the targets of fleet work (`all`, `env:<tag>`, names), and a source that is
 * a server or a profile. Exact matches first; a name that matches several is refused with
 * their ids, never guessed. An id may be shortened to its start (as the tables show it, 8
 * characters) when no other id starts the same; a name that matches nothing is answered with
 * the closest one ("Did you mean ...?").
 */

import { ENVIRONMENTS, type ServerView } from '../src-shared/domain';
import type { Profile, PlanSource } from '../src-shared/fleet';
import { CliFailure, usage } from './failure';
import { EXIT } from './exit-codes';
import { didYouMean } from './suggest';

/** The shortest start of an id that tables show (the whole id with -o wide). */
export const SHORT_ID_LENGTH = 8;

/** An id as the default tables show it: its first 8 characters. */
export function shortId(id: string): string {
  return id.length > SHORT_ID_LENGTH ? id.slice(0, SHORT_ID_LENGTH) : id;
}

/** Below this many characters a start of an id is not taken for one. */
const MIN_PREFIX = 4;

interface Named {
  id: string;
  name: string;
}

function notFound(what: 'server' | 'profile', name: string, known: readonly Named[]): CliFailure {
  const names = known.map((item) => `"${item.name}"`).join(', ');
  return new CliFailure(
    {
      code: 'not_found',
      what,
      message: `No ${what} is named "${name}"${known.length > 0 ? ` (there are ${names})` : ` (there is none yet)`}.${didYouMean(
        name,
        known.map((item) => item.name),
      )}`,
    },
    EXIT.notFound,
  );
}

/** The one item whose id or name is `name`, or undefined; several with that name are refused. */
function findNamed<T extends Named>(
  items: readonly T[],
  name: string,
  what: string,
): T | undefined {
  const byId = items.find((item) => item.id === name);
  if (byId) return byId;
  const exact = items.filter((item) => item.name === name);
  const matches =
    exact.length > 0
      ? exact
      : items.filter((item) => item.name.toLowerCase() === name.toLowerCase());
  if (matches.length > 1) {
    throw usage(
      `Several ${what}s are named "${name}"; name one by its id: ${matches.map((item) => item.id).join(', ')}.`,
    );
  }
  if (matches[0] || name.length < MIN_PREFIX) return matches[0];
  const started = items.filter((item) => item.id.startsWith(name.toLowerCase()));
  if (started.length > 1) {
    throw usage(
      `"${name}" starts the id of several ${what}s (${started.map((item) => item.name).join(', ')}); give more of it.`,
    );
  }
  return started[0];
}

/** The server named `name` (display name or id). */
export function resolveServer(servers: readonly ServerView[], name: string): ServerView {
  return (
    findNamed(servers, name, 'server') ??
    (() => {
      throw notFound('server', name, servers);
    })()
  );
}

/** The profile named `name` (name or id). */
export function resolveProfile(profiles: readonly Profile[], name: string): Profile {
  return (
    findNamed(profiles, name, 'profile') ??
    (() => {
      throw notFound('profile', name, profiles);
    })()
  );
}

/**
 * The servers `specs` name: `all`, `env:<tag>`, or server names and ids (a value that is no
 * server's name is read as a comma-separated list). In the list's order, each once.
 */
export function resolveTargets(
  servers: readonly ServerView[],
  specs: readonly string[],
): ServerView[] {
  const chosen = new Set<string>();
  for (const spec of specs) {
    if (spec === 'all') {
      for (const server of servers) chosen.add(server.id);
      continue;
    }
    if (spec.startsWith('env:')) {
      const tag = spec.slice(4);
      if (!(ENVIRONMENTS as readonly string[]).includes(tag)) {
        throw usage(`"${spec}" names no environment; use env:${ENVIRONMENTS.join(', env:')}.`);
      }
      for (const server of servers) if (server.environment === tag) chosen.add(server.id);
      continue;
    }
    const whole = findNamed(servers, spec, 'server');
    if (whole) {
      chosen.add(whole.id);
      continue;
    }
    for (const part of spec.split(',').map((item) => item.trim())) {
      if (part !== '') chosen.add(resolveServer(servers, part).id);
    }
  }
  const targets = servers.filter((server) => chosen.has(server.id));
  if (targets.length === 0) throw usage(`--to ${specs.join(' ')} names no server.`);
  return targets;
}

/**
 * A plan's source: `server:<name>`, `profile:<name>`, or a name that is a server's or a
 * profile's (one that is both must say which).
 */
export function resolveSource(
  servers: readonly ServerView[],
  profiles: readonly Profile[],
  spec: string,
): PlanSource & { name: string } {
  const asServer = (name: string) => {
    const server = resolveServer(servers, name);
    return { kind: 'server' as const, serverId: server.id, name: server.name };
  };
  const asProfile = (name: string) => {
    const profile = resolveProfile(profiles, name);
    return { kind: 'profile' as const, profileId: profile.id, name: profile.name };
  };
  if (spec.startsWith('server:')) return asServer(spec.slice(7));
  if (spec.startsWith('profile:')) return asProfile(spec.slice(8));
  const server = findNamed(servers, spec, 'server');
  const profile = findNamed(profiles, spec, 'profile');
  if (server && profile) {
    throw usage(
      `"${spec}" is both a server and a profile: write server:${spec} or profile:${spec}.`,
    );
  }
  if (server) return { kind: 'server', serverId: server.id, name: server.name };
  if (profile) return { kind: 'profile', profileId: profile.id, name: profile.name };
  throw new CliFailure(
    {
      code: 'not_found',
      what: 'server',
      message: `No server or profile is named "${spec}".`,
    },
    EXIT.notFound,
  );
}
