/**
 * The one table of `npm run bench` (Markdown, so that it reads in a terminal and pastes into
 * a README or a closing note as it is) and the machine it ran on.
 */

import { execFileSync } from 'node:child_process';
import { cpus, loadavg, release, totalmem } from 'node:os';
import type { BenchFigure } from './figures';
import type { BenchmarkOutcome } from './runner';

/** The machine a run measured, as the results file and the table's heading give it. */
export interface MachineInfo {
  cores: number;
  cpuModel: string;
  memoryGb: number;
  node: string;
  os: string;
  /** The 1, 5 and 15 minute load averages when the run started, and when it ended. */
  loadAtStart: number[];
  loadAtEnd: number[] | null;
  /** The commit measured (with "+changes" when the work tree differs from it), or null. */
  commit: string | null;
}

function gitCommit(root: string): string | null {
  try {
    const head = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: root })
      .toString()
      .trim();
    const changed = execFileSync('git', ['status', '--porcelain'], { cwd: root }).toString();
    return changed.trim() === '' ? head : `${head}+changes`;
  } catch {
    return null;
  }
}

/** The machine now. */
export function machineInfo(root: string): MachineInfo {
  const processors = cpus();
  return {
    cores: processors.length,
    cpuModel: processors[0]?.model.trim() ?? 'unknown',
    memoryGb: Number((totalmem() / 1024 ** 3).toFixed(1)),
    node: process.version,
    os: `${process.platform} ${release()}`,
    loadAtStart: loadavg().map((load) => Number(load.toFixed(2))),
    loadAtEnd: null,
    commit: gitCommit(root),
  };
}

/** The machine line under the table. */
export function machineLine(machine: MachineInfo): string {
  const load = (values: number[]) => values.join(' / ');
  return (
    `machine: ${machine.cores} cores (${machine.cpuModel}), ${machine.memoryGb} GB, Node ${machine.node}, ${machine.os}; ` +
    `load average (1/5/15 min) ${load(machine.loadAtStart)} at start` +
    (machine.loadAtEnd ? `, ${load(machine.loadAtEnd)} at the end` : '') +
    (machine.commit ? `; commit ${machine.commit}` : '')
  );
}

/** A value as the table shows it: at most two decimals, with its unit. */
function formatValue(figure: BenchFigure): string {
  const rounded = Math.abs(figure.value) >= 100 ? figure.value.toFixed(0) : String(figure.value);
  return figure.unit === 'ratio' ? rounded : `${rounded} ${figure.unit}`;
}

/** A target with the figure's unit, unless it names one already (or the unit is a ratio). */
function formatTarget(figure: BenchFigure): string {
  if (figure.target === null) return '-';
  const named = figure.unit === 'ratio' || figure.target.trim().endsWith(figure.unit);
  return named ? figure.target : `${figure.target} ${figure.unit}`;
}

function formatMet(met: boolean | null): string {
  if (met === null) return '-';
  return met ? 'yes' : '**no**';
}

/** Pipes in a cell would split it. */
function cell(text: string): string {
  return text.replaceAll('|', '\\|');
}

/** The table: one row per figure, and one per benchmark that was not run or failed. */
export function resultsTable(outcomes: BenchmarkOutcome[]): string {
  const rows: string[][] = [];
  for (const outcome of outcomes) {
    for (const figure of outcome.figures) {
      rows.push([
        figure.label,
        formatValue(figure),
        formatTarget(figure),
        formatMet(figure.met),
        `\`${figure.command}\``,
      ]);
    }
    if (outcome.status !== 'ok') {
      const what = outcome.status === 'not run' ? 'not run' : 'failed';
      rows.push([
        outcome.title,
        `${what}: ${outcome.reason ?? ''}`,
        '-',
        '-',
        `\`${outcome.command}\``,
      ]);
    }
  }
  const header = ['figure', 'value', 'target', 'met', 'command'];
  const all = [header, ...rows].map((row) => row.map(cell));
  const widths = header.map((_, column) =>
    Math.max(...all.map((row) => (row[column] ?? '').length)),
  );
  const line = (row: string[]) =>
    `| ${row.map((text, column) => text.padEnd(widths[column] ?? 0)).join(' | ')} |`;
  const rule = `| ${widths.map((width) => '-'.repeat(width)).join(' | ')} |`;
  return [line(all[0] ?? header), rule, ...all.slice(1).map(line)].join('\n');
}
