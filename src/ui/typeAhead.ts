import type { Key } from 'ink';
import type { CockpitView, StepView } from '../session/viewModel';
import type { Routed } from './keys';

/**
 * Keys typed ahead of a confirmation that never opened. A responder who knows the phrase types it
 * as soon as Enter (or `U`) is pressed; when the plan failed or the undo was refused, the phrase
 * fell through to the keys under it: `r` opened the resolve dialog, the rest became its summary,
 * and the Enter that ended the phrase resolved the incident. From a key that asks for a
 * confirmation until it opens, keys that type (a character, Enter, Backspace) are ignored while
 * they keep coming: a pause in typing, the confirmation on screen, or the change running without
 * one (nothing to confirm) ends it. Ctrl-C and the arrows still work.
 */

/** A pause in typing this long ends it: a phrase is typed at several keys a second. */
export const TYPING_PAUSE_MS = 1_000;
/**
 * Refused (nothing to undo, a step that cannot run), the first key typed within this long is taken for the phrase the
 * responder began on reading the key, not the refusal: typed 1-2 s after a refused `U`, `roll forward…` opened the
 * resolve dialog with its `r` and its Enter resolved the incident, the phrase its summary.
 */
export const AFTER_REFUSAL_MS = 5_000;

export interface TypeAhead {
  /** The step selected when it was asked (none selected: absent): its change running without a confirmation ends the guard. */
  readonly step?: string;
  readonly lastAt: number;
  readonly ignored: number;
  /** The key that asked was refused (`lastAt` then): its first key after waits AFTER_REFUSAL_MS, not a typing pause. */
  readonly refused?: true;
}

/** Whether `routed` asks for a confirmation: Enter on a step that makes a change, or `U`. */
export function asksConfirmation(routed: Routed, step: StepView | undefined): boolean {
  if (routed.layer !== 'command') return false;
  return routed.command === 'step.undo' || (routed.command === 'step.run' && step?.action !== undefined);
}

/** A key that types (what a phrase is made of), bound or not, outside a dialog; not one that moves or quits. */
export function typesText(input: string, key: Key, dialogOpen: boolean): boolean {
  if (dialogOpen || key.ctrl || key.meta) return false;
  return input !== '' || key.return === true || key.backspace === true || key.delete === true;
}

/** Whether the confirmation asked for is settled: on screen, or the change running without one. */
export function confirmationSettled(guard: TypeAhead, view: CockpitView, confirmOpen: boolean): boolean {
  return confirmOpen || (guard.step !== undefined && view.running.some((action) => action.step === guard.step));
}

/**
 * The guard after a key at `now`: `ignore` when the key is typed ahead of a confirmation not
 * (yet) open, and the guard is then kept with the key counted; `undefined` once it has ended.
 */
export function typedAhead(guard: TypeAhead | undefined, now: number, typing: boolean, settled: boolean): { readonly guard: TypeAhead | undefined; readonly ignore: boolean } {
  const pause = guard?.refused === true && guard.ignored === 0 ? AFTER_REFUSAL_MS : TYPING_PAUSE_MS;
  if (guard === undefined || settled || now - guard.lastAt >= pause) return { guard: undefined, ignore: false };
  if (!typing) return { guard, ignore: false };
  return { guard: { ...guard, lastAt: now, ignored: guard.ignored + 1 }, ignore: true };
}

/**
 * What the status line says of the keys ignored, after what it said of the key that asked (a refusal), if anything.
 * Not "no confirmation opened": one may open after them (the plan is made meanwhile), and takes the line.
 */
export function ignoredText(asked: string | undefined, ignored: number): string {
  const keys = `${ignored} key${ignored === 1 ? '' : 's'}`;
  return asked === undefined ? `${keys} typed ahead of the confirmation ignored` : `${asked} (${keys} typed after it ignored)`;
}

/** The guard once the key that asked was refused, at `now`; none when there is none. */
export function refused(guard: TypeAhead | undefined, now: number): TypeAhead | undefined {
  return guard === undefined ? undefined : { ...guard, lastAt: Math.max(guard.lastAt, now), refused: true };
}
