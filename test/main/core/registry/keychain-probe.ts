/**
 * Run in a child process by credential-store.test.ts with a broken D-Bus environment:
 * exercises the real keytar store, then a real core, and prints what they returned as one
 * JSON line on stdout.
 */

import { createCore } from '../../../../src-main/core/composition-root';
import { toAppError } from '../../../../src-main/core/support/core-error';
import { createKeytarStore } from '../../../../src-main/core/registry/credential-store';

async function main(): Promise<void> {
  let storeError: unknown = null;
  try {
    await createKeytarStore('QuickBox probe').set('probe-account', 'probe-secret');
  } catch (error) {
    storeError = toAppError(error);
  }
  const silent = { info: () => undefined, warn: () => undefined, error: () => undefined };
  const core = await createCore({ dataDir: process.env.QB_PROBE_DATA ?? '', logger: silent });
  const add = await core.handlers['servers:add'](JSON.parse(process.env.QB_PROBE_DRAFT ?? 'null'));
  const list = await core.handlers['servers:list'](undefined);
  await core.dispose();
  process.stdout.write(`${JSON.stringify({ storeError, add, list })}\n`);
}

void main();
