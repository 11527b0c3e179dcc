import { afterEach } from 'vitest';

export interface Cleanups {
  /** Undone after the test, last first (a server stopped before the directory it wrote to is removed). */
  push(...steps: (() => unknown)[]): unknown;
}

/** What a test started (servers, tmux sessions, temporary directories), undone after each test, pass or fail. */
export function cleanupsAfterEach(): Cleanups {
  const steps: (() => unknown)[] = [];
  afterEach(async () => {
    for (const step of steps.splice(0).reverse()) await step();
  });
  return { push: (...more) => steps.push(...more) };
}
