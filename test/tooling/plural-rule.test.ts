import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

// The lint refuses a hand-written plural ternary: src-shared/plural.ts is the one home of the rule.
const eslint = new ESLint({ cwd: process.cwd() });

async function pluralMessages(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? [])
    .filter((message) => message.ruleId === 'no-restricted-syntax')
    .map((message) => message.message)
    .filter((message) => message.includes('plural()'));
}

describe('the hand-written plural rule', () => {
  it.each([
    [
      'src-cli/commands/probe.ts',
      "export const a = (n: number) => `${n} session${n === 1 ? '' : 's'}`;\n",
    ],
    ['src-main/shell/probe.ts', "export const a = (n: number) => (n === 1 ? 'needs' : 'need');\n"],
    [
      'src-main/core/probe.ts',
      "export const a = (n: number) => (1 !== n ? `${n} values` : 'one value');\n",
    ],
    [
      'src-renderer/probe.ts',
      'export const a = (n: number, w: string) => (n === 1 ? w : `${w}s`);\n',
    ],
    [
      'src-renderer/probe.tsx',
      "export function P({ n }: { n: number }) {\n  return <p>{n === 1 ? 'keeps' : 'keep'}</p>;\n}\n",
    ],
  ])('refuses the ternary in %s', async (filePath, code) => {
    expect(await pluralMessages(filePath, code)).toEqual([
      "A word that depends on a count goes through plural() or agree() (src-shared/plural.ts), not a hand-written `n === 1 ? 'x' : 'xs'`.",
    ]);
  });

  it.each([
    "import { plural } from '../src-shared/plural';\nexport const a = (n: number) => plural(n, 'session');\n",
    'export const a = (n: number, one: string, many: string) => (n === 1 ? one : many);\n',
    "export const a = (n: number) => (n === 1 ? 5 : 6);\nexport const b = (n: number) => (n === 0 ? 'off' : 'on');\n",
  ])('lets through what is no hand-written plural: %s', async (code) => {
    expect(await pluralMessages('src-renderer/probe.ts', code)).toEqual([]);
  });
});
