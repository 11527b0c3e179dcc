/**
 * What the launcher (bin/cockpit.js runs dist/launch.mjs) offers the bundle it runs. Absent when
 * the code runs any other way (from source under vitest, a benchmark's bundle): callers fall back.
 */
export interface LauncherHooks {
  /** `import()` on the bundle's behalf: code run from V8's code cache cannot import() on Node 20. */
  importModule(url: string): Promise<unknown>;
  /** The start-up's code has run (the first frame is drawn): the moment to save the compile cache. */
  startedUp(): void;
}

const KEY = Symbol.for('incident-cockpit.launcher');

export function installLauncherHooks(hooks: LauncherHooks): void {
  (globalThis as { [KEY]?: LauncherHooks })[KEY] = hooks;
}

export function launcherHooks(): LauncherHooks | undefined {
  return (globalThis as { [KEY]?: LauncherHooks })[KEY];
}
