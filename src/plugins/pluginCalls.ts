import { AsyncLocalStorage } from 'node:async_hooks';
import { Writable } from 'node:stream';

/**
 * A third-party plugin runs in the cockpit's process. Code running for a call of a plugin loaded from a path
 * (guardedPlugin.ts), its timers and promises included, runs in that call's async context, where:
 * - `process.exit` throws, and that call fails saying so (a timer's throw is a crash, said as one): a hostile plugin's
 *   `process.exit` inside an action ended the cockpit on the spot, the change's outcome unrecorded;
 * - what is written to `process.stdout` and `process.stderr` goes where `pluginOutputTo` says while the TUI is up (the
 *   cockpit's log): a plugin's `process.stdout.write('\x1b]2;…')` retitled the responder's terminal and printed over
 *   the frame.
 * The cockpit's own code a plugin's call leads to (an action's progress and output, the crash handler of its throw)
 * runs outside that context (`outsidePluginCall`): the frames and the terminal's restore it writes are the cockpit's.
 * Nothing is installed until a plugin loaded from a path is called: AsyncLocalStorage costs every promise on Node 20.
 */
const realExit = process.exit.bind(process);
let calls: AsyncLocalStorage<true> | undefined;
let outputSink: ((stream: 'stdout' | 'stderr', text: string) => void) | undefined;

/** The cockpit's own exit. Without a code, `process.exitCode`: Node reads an `undefined` passed as one as 0. */
export const exitProcess = (...code: [] | [number]): never => realExit(...code);

/** `call`, run as a plugin's: `process.exit` refused, output to the terminal diverted while a sink is set. */
export function asPluginCall<T>(call: () => Promise<T>): Promise<T> {
  return install().run(true, call);
}

/** `callback`, a cockpit function handed to a plugin, run outside the plugin's context whoever calls it. */
export function outsidePluginCall<A extends unknown[]>(callback: (...args: A) => void): (...args: A) => void {
  return (...args) => (calls === undefined ? callback(...args) : calls.exit(callback, ...args));
}

/** Until the returned restorer is called, what a plugin's call writes to stdout or stderr goes to `sink`. */
export function pluginOutputTo(sink: (stream: 'stdout' | 'stderr', text: string) => void): () => void {
  outputSink = sink;
  return () => {
    if (outputSink === sink) outputSink = undefined;
  };
}

function install(): AsyncLocalStorage<true> {
  if (calls !== undefined) return calls;
  const storage = new AsyncLocalStorage<true>();
  calls = storage;
  process.exit = ((...code: [] | [number | string | null | undefined]) => {
    if (storage.getStore() !== true) return realExit(...code);
    throw new Error(`called process.exit(${code.map(String).join('')}): a plugin may not end the cockpit`);
  }) as typeof process.exit;
  divertWrites(storage, 'stdout');
  divertWrites(storage, 'stderr');
  return storage;
}

/**
 * `process[name]`, read in a plugin's call, is a stream of the plugin's own: what is written to it goes to the sink while
 * one is set, else to the terminal. The cockpit's stream itself is left alone (the launcher and Ink swap its `write`).
 */
function divertWrites(storage: AsyncLocalStorage<true>, name: 'stdout' | 'stderr'): void {
  const real = process[name];
  const plugins = new Writable({
    decodeStrings: false,
    write(chunk: string | Buffer, _encoding, done) {
      const text = typeof chunk === 'string' ? chunk : chunk.toString('utf8');
      if (outputSink === undefined) real.write(text);
      else outputSink(name, text);
      done();
    },
  });
  Object.defineProperty(process, name, { configurable: true, enumerable: true, get: () => (storage.getStore() === true ? plugins : real) });
}
