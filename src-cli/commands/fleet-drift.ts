/**
 * `qbsc fleet drift [--profile p]`: whether servers still match their profile, read now
 * through `fleet:snapshot` (every server in parallel, as the fleet table reads them). Without
 * --profile each server with an assigned profile is compared with it; with --profile every
 * server is compared with that one. Exits 0 when all match, 2 when any has drifted (as
 * `terraform plan -detailed-exitcode` does), so a cron job or a CI step can alert on it; a
 * server that could not be read (and none drifted) exits with its error's code.
 */

import { randomUUID } from 'node:crypto';
import { Command } from 'commander';
import { profileDrift, type ProfileDrift } from '../../src-shared/drift';
import { isReadRow, type FleetRow } from '../../src-shared/fleet';
import type { FieldChange } from '../../src-shared/settings-diff';
import type { Context } from '../context';
import { EXIT, exitCodeOf, type ExitCode } from '../exit-codes';
import { changesDiff, fieldCount } from '../changes-text';
import { declareFields } from '../fields';
import { cell } from '../output';
import { combinedExit, type Runner } from '../program';
import { resolveProfile } from '../resolve';
import { progressNotes, stateColor } from './fleet-progress';

/** One server's verdict. */
interface DriftVerdict {
  serverId: string;
  name: string;
  environment: string | null;
  profile: string;
  state: 'matches' | 'drifted' | 'unreadable';
  differences: FieldChange[];
  /** Fields that differ but are accepted as exceptions in the app (not drift, as there). */
  accepted: string[];
  problem: string | null;
  exitCode: ExitCode;
}

function verdictOf(row: FleetRow, profile: string, drift: ProfileDrift | null): DriftVerdict {
  const common = {
    serverId: row.serverId,
    name: row.name,
    environment: row.environment,
    profile,
  };
  if (!isReadRow(row)) {
    return {
      ...common,
      state: 'unreadable',
      differences: [],
      accepted: [],
      problem: row.problem.message,
      exitCode: exitCodeOf(row.problem.code),
    };
  }
  const differences = drift?.differences ?? [];
  return {
    ...common,
    state: differences.length === 0 ? 'matches' : 'drifted',
    differences,
    accepted: (drift?.accepted ?? []).map((change) => change.field),
    problem: null,
    exitCode: differences.length === 0 ? EXIT.ok : EXIT.differs,
  };
}

async function drift(context: Context, options: { profile?: string }): Promise<ExitCode> {
  const { profiles } = await context.call('profiles:list', undefined);
  const chosen = options.profile ? resolveProfile(profiles, options.profile) : null;
  const runId = randomUUID();
  const stop = await progressNotes(context, runId, 'read');
  let rows: FleetRow[];
  try {
    ({ rows } = await context.call('fleet:snapshot', { runId }));
  } finally {
    stop();
  }
  // The drift rule (src-shared/drift.ts), as the window judges: the snapshot's compliance
  // with the assigned profile already leaves out the exceptions accepted in the app; another
  // profile named with --profile has none.
  const now = Date.now();
  const verdicts = chosen
    ? rows.map((row) =>
        verdictOf(
          row,
          chosen.name,
          isReadRow(row)
            ? row.compliance?.profileId === chosen.id
              ? row.compliance
              : profileDrift(chosen.settings, row.settings, undefined, now)
            : null,
        ),
      )
    : rows
        .filter((row) => row.profileId !== null)
        .map((row) =>
          verdictOf(
            row,
            profiles.find((profile) => profile.id === row.profileId)?.name ?? '',
            'compliance' in row ? row.compliance : null,
          ),
        );
  const drifted = verdicts.some((verdict) => verdict.state === 'drifted');
  const exitCode = drifted
    ? EXIT.differs
    : combinedExit(verdicts.map((verdict) => verdict.exitCode));
  context.out.result({ profile: chosen?.name ?? null, drifted, servers: verdicts }, () =>
    verdicts.length === 0
      ? 'No server follows a profile (assign one with qbsc profiles assign, or name one with --profile).'
      : [
          context.out.table(verdicts, [
            { header: 'SERVER', value: (verdict) => verdict.name },
            { header: 'ENV', value: (verdict) => cell(verdict.environment) },
            { header: 'PROFILE', value: (verdict) => verdict.profile },
            {
              header: 'STATE',
              value: (verdict) => verdict.state,
              color: (text, _, style) => stateColor(text, style),
            },
            {
              header: 'DIFFERENCES',
              value: (verdict) =>
                verdict.problem ??
                (verdict.differences.length > 0 ? fieldCount(verdict.differences.length) : ''),
              shrink: 'wrap',
            },
          ]),
          // Each drifted server's fields, one per line: the profile's value, then the server's.
          ...verdicts.flatMap((verdict) =>
            verdict.differences.length > 0
              ? [
                  '',
                  changesDiff(
                    verdict.differences,
                    { before: `profile ${verdict.profile}`, after: `${verdict.name} now` },
                    context.out.style,
                  ),
                ]
              : [],
          ),
        ].join('\n'),
  );
  return exitCode;
}

/** `qbsc fleet drift`. */
export function driftCommand(runner: Runner): Command {
  return declareFields(new Command('drift'), {
    rows: ['servers'],
    fields: [
      'serverId',
      'name',
      'environment',
      'profile',
      'state',
      'differences',
      'accepted',
      'problem',
      'exitCode',
    ],
  })
    .description('do servers match their profile? exit 0 all match, 2 some drifted')
    .option(
      '--profile <profile>',
      'compare every server with this profile instead of its assigned one',
    )
    .addHelpText(
      'after',
      '\nIn cron:\n  qbsc fleet drift --json name,state > drift.json ||\n    alert "servers drifted (exit $?)"',
    )
    .action(runner.action((context, options: { profile?: string }) => drift(context, options)));
}
