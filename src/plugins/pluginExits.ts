/**
 * A third-party plugin runs in the cockpit's process: its `process.exit` inside an action ended the cockpit on the spot
 * (a helper's hostile plugin), the change's outcome unrecorded. While a call of a plugin loaded from a path is in
 * flight (guardedPlugin.ts), `process.exit` throws instead, and that call fails saying so; the cockpit's own ways out
 * take `exitProcess`, the real one, whatever is in flight. Outside such a call `process.exit` is left as it is: a
 * plugin's timer calling it later still ends the process (only a worker would stop that).
 */
const realExit = process.exit.bind(process);
let inFlight = 0;
let installed = false;

/** The cockpit's own exit. Without a code, `process.exitCode`: Node reads an `undefined` passed as one as 0. */
export const exitProcess = (...code: [] | [number]): never => realExit(...code);

/** `call`, with `process.exit` refused while it runs. */
export async function refusingExits<T>(call: () => Promise<T>): Promise<T> {
  install();
  inFlight += 1;
  try {
    return await call();
  } finally {
    inFlight -= 1;
  }
}

function install(): void {
  if (installed) return;
  installed = true;
  process.exit = ((...code: [] | [number | string | null | undefined]) => {
    if (inFlight === 0) return realExit(...code);
    throw new Error(`called process.exit(${code.map(String).join('')}): a plugin may not end the cockpit`);
  }) as typeof process.exit;
}
