import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

// One supported Node major (the one inside Electron 45), said the same way everywhere the
// project names it: .nvmrc, package.json's engines and @types/node, .ci/run, the GitHub
// workflow and the README's quick start.
const ROOT = join(__dirname, '..', '..');
const read = (path: string) => readFileSync(join(ROOT, path), 'utf8');
const major = read('.nvmrc').trim();
const packageJson = JSON.parse(read('package.json')) as {
  engines: { node: string };
  devDependencies: Record<string, string>;
};

interface Workflow {
  jobs: Record<string, { steps: { uses?: string; with?: { 'node-version'?: unknown } }[] }>;
}

describe('the supported Node version', () => {
  it('is one major, 24, in .nvmrc, engines and @types/node', () => {
    expect(major).toBe('24');
    expect(packageJson.engines.node).toBe(`>=${major}`);
    expect(packageJson.devDependencies['@types/node']).toMatch(new RegExp(`^\\^${major}\\.`));
  });

  it('is what .ci/run brings and the workflow sets up', () => {
    expect(read('.ci/run')).toContain(`\nNODE_MAJOR=${major}\n`);
    const workflow = parse(read('.github/workflows/ci.yml')) as Workflow;
    const setups = Object.values(workflow.jobs).flatMap((job) =>
      job.steps.filter((step) => step.uses?.startsWith('actions/setup-node')),
    );
    expect(setups.length).toBeGreaterThan(0);
    for (const step of setups) expect(String(step.with?.['node-version'])).toBe(major);
  });

  it('is the one the README asks for', () => {
    expect(read('README.md')).toContain(`You need Node.js ${major}, the version inside Electron`);
  });

  it('is at least the Node running the tests (not an older system Node)', () => {
    expect(Number(process.versions.node.split('.')[0])).toBeGreaterThanOrEqual(Number(major));
  });
});
