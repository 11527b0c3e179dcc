import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * A third-party plugin runs in the cockpit's process: its `process.exit` inside an action ended the cockpit on the spot
 * (a helper's hostile plugin), the change's outcome unrecorded. Code running for a call of a plugin loaded from a path
 * (guardedPlugin.ts), its timers and promises included, runs in that call's async context: `process.exit` there throws
 * instead, and that call fails saying so (a timer's throw is a crash, said as one). Anything else (the cockpit's own
 * ways out, `exitProcess`) exits as before: a count of calls in flight, stuck by a call that never settled, refused the
 * test runner's own exit.
 */
const realExit = process.exit.bind(process);
let calls: AsyncLocalStorage<true> | undefined;

/** The cockpit's own exit. Without a code, `process.exitCode`: Node reads an `undefined` passed as one as 0. */
export const exitProcess = (...code: [] | [number]): never => realExit(...code);

/** `call`, with `process.exit` refused in what it runs. */
export function refusingExits<T>(call: () => Promise<T>): Promise<T> {
  return install().run(true, call);
}

function install(): AsyncLocalStorage<true> {
  if (calls !== undefined) return calls;
  const storage = new AsyncLocalStorage<true>();
  calls = storage;
  process.exit = ((...code: [] | [number | string | null | undefined]) => {
    if (storage.getStore() !== true) return realExit(...code);
    throw new Error(`called process.exit(${code.map(String).join('')}): a plugin may not end the cockpit`);
  }) as typeof process.exit;
  return storage;
}
