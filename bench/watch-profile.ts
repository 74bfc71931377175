/**
 * `npm run bench:watch -- --profile`: the watcher runs under `node --cpu-prof` (its profile
 * written into a folder as it exits), and the benchmark sums up where its CPU went in the
 * last part of the run (the storm and the stop), the functions with the most self time
 * (garbage collection included), so a change to the hot path can be judged by what it
 * costs, not guessed.
 */

import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { hotSpotsOf } from './cpu-profile';

type Profile = Parameters<typeof hotSpotsOf>[0];

/** The node options that make the watcher write its CPU profile into `folder`. */
export function profileArgs(folder: string): string[] {
  return ['--cpu-prof', '--cpu-prof-dir', folder, '--cpu-prof-interval', '1000'];
}

/** The part of a profile in its last `windowMs`. */
export function lastWindow(profile: Profile, windowMs: number): Profile {
  const samples = profile.samples ?? [];
  const deltas = profile.timeDeltas ?? [];
  let at = profile.startTime;
  const times = deltas.map((delta) => (at += delta));
  const from = profile.endTime - windowMs * 1000;
  const first = times.findIndex((time) => time >= from);
  const start = first === -1 ? samples.length : first;
  return {
    ...profile,
    samples: samples.slice(start),
    timeDeltas: deltas.slice(start),
    startTime: Math.max(profile.startTime, from),
  };
}

/** Prints the hot spots of the last `windowMs` of the profile the watcher wrote in `folder`. */
export function printWatcherProfile(folder: string, windowMs: number, top = 25): void {
  const file = readdirSync(folder).find((name) => name.endsWith('.cpuprofile'));
  if (!file) {
    console.log(`no CPU profile in ${folder}`);
    return;
  }
  const profile = JSON.parse(readFileSync(join(folder, file), 'utf8')) as Profile;
  const { hotSpots, totalMs } = hotSpotsOf(lastWindow(profile, windowMs), top);
  console.log(
    `watcher CPU profile, last ${(windowMs / 1000).toFixed(1)} s (storm and stop): ${totalMs.toFixed(0)} ms busy; ${join(folder, file)}`,
  );
  for (const spot of hotSpots) {
    console.log(
      `  ${spot.selfMs.toFixed(0).padStart(7)} ms ${(spot.share * 100).toFixed(1).padStart(5)} %  ${spot.name} ${spot.where}`,
    );
  }
}
