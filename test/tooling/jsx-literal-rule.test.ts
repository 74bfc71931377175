import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

// A word in the window's JSX comes from the catalogs (useT()), never as a literal: the lint
// refuses it (formatjs/no-literal-string-in-jsx in eslint.config.mjs) in every translated file.
const eslint = new ESLint({ cwd: process.cwd() });

async function literalMessages(code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: 'src-renderer/i18n/probe.tsx' });
  return (result?.messages ?? [])
    .filter((message) => message.ruleId === 'formatjs/no-literal-string-in-jsx')
    .map((message) => message.message);
}

describe('the literal text in JSX rule', () => {
  it.each([
    'export function P() {\n  return <p>Session timeout</p>;\n}\n',
    "export function P() {\n  return <p>{'Session timeout'}</p>;\n}\n",
    'export function P() {\n  return <button aria-label="Close">x</button>;\n}\n',
    'export function P() {\n  return <input placeholder="Server name" />;\n}\n',
    'export function P(props: { label: string }) {\n  return <P label="Idle timeout" />;\n}\n',
  ])('refuses %s', async (code) => {
    expect(await literalMessages(code)).not.toEqual([]);
  });

  it('lets through words from the catalogs and attributes that are not text', async () => {
    const code = [
      "import { useT } from './translator-context';",
      'export function P() {',
      '  const t = useT();',
      '  return <p className="panel" data-testid="x">{t.t(\'app.language.label\')}</p>;',
      '}',
      '',
    ].join('\n');
    expect(await literalMessages(code)).toEqual([]);
  });
});
