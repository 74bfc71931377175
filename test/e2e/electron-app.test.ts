import { createApi } from '../../src-preload/api';
import { ADMIN_USER, expect, test } from './harness/fixtures';

// The real app's window, in the "electron" project only (playwright.config.ts): where no
// Electron binary can be had it is skipped with the project's reason. What it checks is
// the preload's exposure and main's navigation guard, which only Electron has.

/** Each domain of the API and its functions, sorted: what `createApi` builds. */
function shapeOf(api: object): Record<string, string[]> {
  return Object.fromEntries(
    Object.entries(api)
      .map(([domain, functions]) => [domain, Object.keys(functions as object).sort()] as const)
      .sort(([a], [b]) => a.localeCompare(b)),
  );
}

test('opens an isolated window whose only door to main is window.quickbox, and stays on its page', async ({
  app,
  referenceServers,
}) => {
  await expect(app).toHaveTitle(/QuickBox Session Companion/);
  const exposure = await app.evaluate(() => {
    const page = globalThis as unknown as Record<string, unknown>;
    const api = page['quickbox'] as Record<string, Record<string, unknown>>;
    return {
      api: Object.fromEntries(
        Object.entries(api)
          .map(([domain, functions]) => [domain, Object.keys(functions).sort()] as const)
          .sort(([a], [b]) => a.localeCompare(b)),
      ),
      require: typeof page['require'],
      process: typeof page['process'],
    };
  });
  const expected = shapeOf(
    createApi({ invoke: () => Promise.resolve(null), subscribe: () => () => undefined }),
  );
  expect(Object.keys(expected)).toEqual(expect.arrayContaining(['fleet', 'profiles', 'drift']));
  expect(exposure).toEqual({ api: expected, require: 'undefined', process: 'undefined' });

  const listed = await app.evaluate(() =>
    (
      globalThis as unknown as { quickbox: { servers: { list(): Promise<unknown> } } }
    ).quickbox.servers.list(),
  );
  expect(listed).toEqual({ ok: true, value: { servers: [], registryProblem: null } });

  // Somewhere that would load at once if main let the window go there.
  const elsewhere = await referenceServers.start({
    name: 'Elsewhere',
    seed: { users: [ADMIN_USER] },
  });
  const page = app.url();
  await app.evaluate((url) => {
    (globalThis as unknown as { location: { href: string } }).location.href = url;
  }, `${elsewhere.url}/`);
  await expect(app.waitForURL(`${elsewhere.url}/**`, { timeout: 3_000 })).rejects.toThrow();
  expect(app.url()).toBe(page);
});
