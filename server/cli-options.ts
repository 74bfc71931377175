/**
 * The flags of `npm run server` (server/cli.ts): the parser's table and the help that lists
 * each of them, kept side by side so that a flag cannot be accepted without being described.
 */

/** One flag: how `parseArgs` reads it, and its line in `--help`. */
interface ServerOption {
  type: 'string' | 'boolean';
  default?: string | boolean;
  short?: string;
  /** The value's placeholder in the help (string flags). */
  value?: string;
  help: string;
}

/** Every flag the server accepts, in the order `--help` lists them. */
export const SERVER_OPTIONS = {
  data: {
    type: 'string',
    value: '<folder>',
    help: 'where its SQLite database lives (required; made if missing, reused on restart)',
  },
  host: {
    type: 'string',
    default: '127.0.0.1',
    value: '<address>',
    help: 'the address to listen on (default 127.0.0.1)',
  },
  port: {
    type: 'string',
    default: '8787',
    value: '<port>',
    help: 'the port, 0 to 65535 (default 8787; 0 picks a free one)',
  },
  seed: {
    type: 'string',
    value: '<file.json>',
    help: 'users, API keys and settings for a new database (without it, a demo set is made and its credentials printed once)',
  },
  name: {
    type: 'string',
    value: '<display name>',
    help: "the name /api/health reports (overrides the seed's)",
  },
  'tls-self-signed': {
    type: 'boolean',
    default: false,
    help: 'serve HTTPS with a certificate made at start, and print its SHA-256 fingerprint',
  },
  latency: {
    type: 'string',
    default: '0',
    value: '<ms>',
    help: 'milliseconds added before every response (default 0)',
  },
  help: { type: 'boolean', default: false, short: 'h', help: 'print this help and exit' },
} as const satisfies Record<string, ServerOption>;

export const SERVER_USAGE =
  'usage: npm run server -- --data <folder> [--host 127.0.0.1] [--port 8787] [--seed <file.json>] [--name <display name>] [--tls-self-signed] [--latency <ms>]';

/** The `--help` text: the usage, every flag with what it does, and where the contract is. */
export function serverHelp(): string {
  const options: [string, ServerOption][] = Object.entries(SERVER_OPTIONS);
  const flags = options.map(([name, option]) => {
    const short = option.short ? `-${option.short}, ` : '';
    return `${short}--${name}${option.value ? ` ${option.value}` : ''}`;
  });
  const width = Math.max(...flags.map((flag) => flag.length)) + 2;
  return [
    SERVER_USAGE,
    '',
    'The reference QuickBox session API server (SQLite), for demos and tests. It prints',
    '"listening on <url>" when ready and stops cleanly on SIGINT or SIGTERM.',
    '',
    ...options.map(([, option], index) => `  ${(flags[index] ?? '').padEnd(width)}${option.help}`),
    '',
    'The HTTP contract it implements: docs/session-api.md (and docs/openapi.json);',
    'the seed file and its choices where the contract is silent: server/README.md.',
  ].join('\n');
}
