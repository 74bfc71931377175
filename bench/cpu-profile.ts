/**
 * A CPU profile of this process around some work (node:inspector's profiler), written as a
 * .cpuprofile file (open it in Chrome's DevTools, Performance tab) and summed up as the
 * functions with the most self time, so a benchmark can say where its time goes.
 */

import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
}

interface Profile {
  nodes: ProfileNode[];
  samples?: number[];
  timeDeltas?: number[];
  startTime: number;
  endTime: number;
}

/** A function's self time in a profile. */
export interface HotSpot {
  name: string;
  where: string;
  selfMs: number;
  share: number;
}

/** Runs `work` under the profiler; writes the profile to `file`; the top `top` functions. */
export async function profiled(
  file: string,
  work: () => Promise<void>,
  top = 15,
): Promise<{ hotSpots: HotSpot[]; totalMs: number }> {
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: 500 });
  await session.post('Profiler.start');
  let failure: unknown = null;
  try {
    await work();
  } catch (error) {
    failure = error;
  }
  const { profile } = (await session.post('Profiler.stop')) as { profile: Profile };
  session.disconnect();
  if (failure !== null) throw failure;
  writeFileSync(file, JSON.stringify(profile));
  return hotSpotsOf(profile, top);
}

/** The functions with the most self time (samples × their interval), idle time apart. */
export function hotSpotsOf(
  profile: Profile,
  top: number,
): { hotSpots: HotSpot[]; totalMs: number } {
  const byNode = new Map<number, ProfileNode>(profile.nodes.map((node) => [node.id, node]));
  const selfUs = new Map<string, { name: string; where: string; us: number }>();
  const samples = profile.samples ?? [];
  const deltas = profile.timeDeltas ?? [];
  let totalUs = 0;
  for (let i = 0; i < samples.length; i += 1) {
    const node = byNode.get(samples[i] ?? -1);
    const us = deltas[i + 1] ?? 0;
    if (!node) continue;
    const { functionName, url, lineNumber } = node.callFrame;
    if (functionName === '(idle)' || functionName === '(program)') continue;
    totalUs += us;
    const where =
      url === ''
        ? ''
        : `${url.replace(/^.*\/(node_modules|src-|server|bench)/, '$1')}:${lineNumber + 1}`;
    const key = `${functionName}@${where}`;
    const entry = selfUs.get(key) ?? { name: functionName || '(anonymous)', where, us: 0 };
    entry.us += us;
    selfUs.set(key, entry);
  }
  const hotSpots = [...selfUs.values()]
    .sort((a, b) => b.us - a.us)
    .slice(0, top)
    .map((entry) => ({
      name: entry.name,
      where: entry.where,
      selfMs: entry.us / 1000,
      share: totalUs === 0 ? 0 : entry.us / totalUs,
    }));
  return { hotSpots, totalMs: totalUs / 1000 };
}
