/**
 * `qbsc servers mute <server> --for 1h|--until 08:00` and `servers unmute <server>`: the
 * app's own mute (`servers:mute`, src-shared/mute.ts), stored in the server list, so the app
 * shows it and sends no notification for the server until it ends. The app offers two mutes,
 * an hour and until tomorrow 08:00; qbsc offers those two, in a shell's words.
 */

import { Command } from 'commander';
import { MORNING_HOUR, muteEnd, type MuteChoice } from '../../src-shared/mute';
import type { Context } from '../context';
import { usage } from '../failure';
import { declareFields } from '../fields';
import type { Runner } from '../program';
import { localTime, relativeTime } from '../time-text';
import { withDryRun } from './safety';
import { serverNamed } from './servers';

const MORNING = `${String(MORNING_HOUR).padStart(2, '0')}:00`;
const CHOICES = `--for 1h, or --until ${MORNING} (the next ${MORNING} at least an hour away)`;

/** The app's mute that `--for` or `--until` names. */
export function muteChoice(options: { for?: string; until?: string }): MuteChoice {
  if (options.for !== undefined && options.until !== undefined) {
    throw usage(`Give --for or --until, not both: ${CHOICES}.`);
  }
  if (options.for !== undefined) {
    if (/^(1 ?h|60 ?m(in)?|1 ?hour)$/i.test(options.for.trim())) return 'hour';
    throw usage(
      `The app mutes for an hour or until the morning: ${CHOICES} (not --for ${options.for}).`,
    );
  }
  if (options.until !== undefined) {
    if (/^0?8(:00)?$/.test(options.until.trim())) return 'tomorrow';
    throw usage(
      `The app mutes for an hour or until the morning: ${CHOICES} (not --until ${options.until}).`,
    );
  }
  throw usage(`Say how long: ${CHOICES}.`);
}

/** When a mute ends, as a person reads it: "2026-12-08 08:00 (in 11 hr)". */
function endText(iso: string): string {
  return `${localTime(iso)} (${relativeTime(iso)})`;
}

async function mute(
  context: Context,
  name: string,
  options: { for?: string; until?: string; dryRun?: boolean },
): Promise<void> {
  const choice = muteChoice(options);
  const server = await serverNamed(context, name);
  if (options.dryRun) {
    const until = new Date(muteEnd(choice, Date.now())).toISOString();
    context.out.result(
      { server: { id: server.id, name: server.name }, mutedUntil: until, dryRun: true },
      () => `Would mute ${server.name} until ${endText(until)}. Dry run: nothing was changed.`,
    );
    return;
  }
  await context.assertAppNotRunning();
  const { server: muted } = await context.call('servers:mute', { id: server.id, until: choice });
  const until = muted.mutedUntil ?? '';
  context.out.result(
    { server: { id: muted.id, name: muted.name }, mutedUntil: muted.mutedUntil },
    () =>
      `Muted ${muted.name} until ${endText(until)}: no notification for it until then (its unread count still counts).`,
  );
}

async function unmute(
  context: Context,
  name: string,
  options: { dryRun?: boolean },
): Promise<void> {
  const server = await serverNamed(context, name);
  if (options.dryRun) {
    context.out.result(
      { server: { id: server.id, name: server.name }, mutedUntil: null, dryRun: true },
      () => `Would unmute ${server.name}. Dry run: nothing was changed.`,
    );
    return;
  }
  await context.assertAppNotRunning();
  const { server: unmuted } = await context.call('servers:mute', { id: server.id, until: null });
  context.out.result(
    { server: { id: unmuted.id, name: unmuted.name }, mutedUntil: null },
    () => `${unmuted.name} is no longer muted.`,
  );
}

/** The fields of a mute's answer. */
const MUTE_FIELDS = ['server', 'mutedUntil', 'dryRun'];

/** `servers mute` and `servers unmute`. */
export function muteCommands(runner: Runner): Command[] {
  const muteCommand = withDryRun(
    declareFields(new Command('mute'), { rows: [], fields: MUTE_FIELDS })
      .description(
        "mute a server's notifications for an hour or until the morning (the app's mute)",
      )
      .argument('<server>', 'display name or id')
      .option('--for <duration>', 'for an hour: 1h')
      .option('--until <time>', `until the next ${MORNING}`),
  )
    .addHelpText(
      'after',
      `\nExamples:\n  qbsc servers mute "Box A" --for 1h\n  qbsc servers mute "Box A" --until ${MORNING}`,
    )
    .action(runner.action(mute));
  const unmuteCommand = withDryRun(
    declareFields(new Command('unmute'), { rows: [], fields: MUTE_FIELDS })
      .description("end a server's mute")
      .argument('<server>', 'display name or id'),
  ).action(runner.action(unmute));
  return [muteCommand, unmuteCommand];
}
