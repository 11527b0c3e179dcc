import { expect } from 'vitest';
import type { CockpitView } from '../../src/session/viewModel';
import type { DrillHarness } from './drillHarness';

type Intent = Parameters<DrillHarness['drill']['session']['dispatch']>[0];

/**
 * An intent that asks for a confirmation (Enter on a step, `U`), confirmed as a responder does,
 * typing what it asks; then, moving virtual time, until nothing runs. Returns the confirmation.
 */
export async function confirmed(h: DrillHarness, intent: Intent): Promise<NonNullable<CockpitView['confirmation']>> {
  const { session } = h.drill;
  expect(await session.dispatch(intent)).toEqual({ ok: true });
  await h.until((v) => v.confirmation !== undefined, 60_000);
  const confirmation = session.view().confirmation!;
  expect(await session.dispatch({ type: 'confirm', action: confirmation.action, typed: confirmation.typeToConfirm })).toEqual({ ok: true });
  await h.until((v) => v.running.length === 0, 10 * 60_000);
  return confirmation;
}

/** An intent's confirmation as it was asked, then declined (Esc): what the dialog said. */
export async function declined(h: DrillHarness, intent: Intent): Promise<NonNullable<CockpitView['confirmation']>> {
  const { session } = h.drill;
  expect(await session.dispatch(intent)).toEqual({ ok: true });
  await h.until((v) => v.confirmation !== undefined, 60_000);
  const confirmation = session.view().confirmation!;
  await session.dispatch({ type: 'cancel', action: confirmation.action });
  // Until the decline is recorded: an undo asked again before it is refused as "being undone".
  await h.until((v) => v.running.length === 0, 60_000);
  return confirmation;
}

/** An intent's confirmation answered (typed where asked), until its change is made and being verified: what the screen shows then. */
export async function confirmedUntilVerifying(h: DrillHarness, intent: Intent): Promise<CockpitView> {
  const { session } = h.drill;
  void session.dispatch(intent);
  await h.until((v) => v.confirmation !== undefined, 60_000);
  const confirmation = session.view().confirmation!;
  await session.dispatch({ type: 'confirm', action: confirmation.action, typed: confirmation.typeToConfirm });
  await h.until((v) => v.running.some((r) => r.phase === 'verifying'), 60_000);
  return session.view();
}

/** A drill minute in, the step `first` confirmed; `gapMs` later `second`; then `afterMs` of drill time. */
export async function twoChanges(h: DrillHarness, first: string, gapMs: number, second: string, afterMs: number): Promise<void> {
  await h.pass(60_000);
  await confirmed(h, { type: 'step.run', step: first });
  await h.pass(gapMs);
  await confirmed(h, { type: 'step.run', step: second });
  await h.pass(afterMs);
}
