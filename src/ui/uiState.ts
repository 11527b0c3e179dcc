import { ROLES } from '../core/events';
import { SEVERITIES } from '../core/runbookModel';
import type { CockpitView, StepView } from '../session/viewModel';
import { saidLines } from './helpLines';
import { runningWork } from './runningWork';

/**
 * The UI's own state: what is selected, which dialog is open, where the timeline is scrolled.
 * Everything about the incident lives in the view; this is only how the responder looks at it.
 * One reducer, an exhaustive switch, and a tiny external store so key handlers always read the
 * latest state (never a stale closure).
 */

/** The one dialog that may be open. Text being typed lives here so Enter reads what is on screen. */
export type Dialog =
  | { readonly kind: 'confirm'; readonly action: string; readonly typed: string; /** The first line of a cut plan shown. */ readonly planTop?: number }
  | { readonly kind: 'skip'; readonly step: string; readonly text: string }
  | { readonly kind: 'note'; readonly text: string }
  | { readonly kind: 'role'; readonly choice: number; readonly text: string }
  | { readonly kind: 'severity'; readonly choice: number; readonly text: string }
  | { readonly kind: 'status'; readonly to: 'mitigated' | 'resolved'; readonly text: string }
  /** `d` on a `verify:` step or one whose action has not run: marking it done by hand needs a reason. */
  | { readonly kind: 'override'; readonly step: string; readonly text: string }
  /** `u`: a status update was posted; empty text records "posted". */
  | { readonly kind: 'comms'; readonly text: string }
  | { readonly kind: 'reopen'; readonly text: string }
  /**
   * `verifying`: the change was made and goes on; only the watch can stop. `ended`: the action
   * ended by itself while the question was up. The dialog then says so and waits to be closed:
   * vanishing under the responder's finger would hand the Enter meant for it to the step behind.
   */
  | { readonly kind: 'cancel-running'; readonly action: string; readonly name: string; readonly phase: 'executing' | 'verifying'; readonly ended?: true }
  /**
   * Ctrl-C while a dialog holds typed text: quitting would drop it unrecorded, so it is asked
   * first; Esc goes back to `back`, text and all.
   */
  | { readonly kind: 'quit-unsent'; readonly back: TypedDialog }
  /** `q` while actions run: asked first, since the changes go on without the cockpit. `ended`: nothing runs any more. */
  | { readonly kind: 'quit-running'; readonly actions: readonly string[]; readonly ended?: true }
  /** `page` 1 is the symbol legend. */
  /** `top`: the first line of the keys page shown (it scrolls when the screen is short). */
  | { readonly kind: 'help'; readonly page?: number; readonly top?: number }
  /** One timeline entry read whole; `index` into the timeline, ←→ move through it. */
  | { readonly kind: 'timeline-entry'; readonly index: number; readonly count: number }
  /** The selected step read whole (its hint, check and output), by index into the runbook's steps. */
  | { readonly kind: 'step-read'; readonly index: number };

/** The dialogs whose text is the responder's own words (a confirmation's phrase is not). */
export type TypedDialog = Extract<Dialog, { readonly kind: 'skip' | 'note' | 'role' | 'severity' | 'status' | 'override' | 'comms' | 'reopen' }>;

/** The open dialog, when it holds words typed and not yet recorded. */
export function unsentText(dialog: Dialog | null): TypedDialog | undefined {
  if (dialog === null || !('text' in dialog) || dialog.text.trim() === '') return undefined;
  return dialog;
}

export interface StatusMessage {
  readonly text: string;
  readonly tone: 'bad' | 'info';
  /** A refusal about a step, and how the step stood then: it goes once the step changes (`✖ … is still running` stayed 20 minutes). */
  readonly about?: { readonly step: string; readonly was: string };
  /** What the status line said without it when it was set (`UiState.said`): something new to say takes its place. */
  readonly over?: string;
  /** Says where the selection moved by itself: it goes once the responder moves it. */
  readonly selectionMoved?: true;
}

/** How a step stands, as far as a refusal about it goes. */
export const stepStanding = (step: StepView): string => `${step.status}|${step.undo?.action ?? ''}|${step.undone ?? ''}`;

export interface UiState {
  /** Index of the selected step. */
  readonly selected: number;
  /** The view's `nextStep` last seen: when the runbook moves on, the selection follows. */
  readonly seenNextStep: number;
  /**
   * The step selected when the runbook moved on past it while it still ran: once it is over, the
   * selection follows then (search-api's rollback, verified after `◀ next` had moved on, kept the
   * selection, and the next Enter planned a second rollback).
   */
  readonly followWhenOver?: number;
  readonly dialog: Dialog | null;
  /** First timeline entry shown when scrolled back; null follows the newest entries. */
  readonly timelineTop: number | null;
  /** First deploy shown (0: the newest): `[` and `]` page through a history longer than the panel. */
  readonly deploysTop: number;
  /** First flag shown: `f` pages through more flags than the panel holds. */
  readonly flagsTop: number;
  readonly status: StatusMessage | null;
  /** The first reminder or notice the status line says when no answer to a key stands on it (helpLines `saidLines`). */
  readonly said: string | null;
  /**
   * A confirmation the responder already answered (confirmed or declined): its dialog stays
   * closed while the session still shows it (the answer is in flight), so it does not pop up again.
   */
  readonly answered: string | null;
  /** The confirmation answered here by confirming, until the session takes it up: quitting then asks (runningWork). */
  readonly starting?: string;
  /** The confirmation the dialog last opened for: one shown again (its answer refused) keeps the refusal beside it. */
  readonly asked?: string;
}

export type UiAction =
  | { readonly type: 'view.changed'; readonly view: CockpitView }
  | { readonly type: 'select.move'; readonly delta: number; readonly count: number }
  | { readonly type: 'timeline.page'; readonly direction: -1 | 1; readonly length: number; readonly page: number }
  | { readonly type: 'timeline.follow' }
  /** Newest first: -1 goes to newer deploys, 1 to older ones. */
  | { readonly type: 'deploys.page'; readonly direction: -1 | 1; readonly length: number; readonly page: number }
  /** `next`: the first flag of the page to show (the key works out which: the panel's room decides). */
  | { readonly type: 'flags.page'; readonly next: number }
  | { readonly type: 'dialog.open'; readonly dialog: Dialog }
  | { readonly type: 'dialog.close' }
  | { readonly type: 'dialog.type'; readonly text: string }
  | { readonly type: 'dialog.erase' }
  | { readonly type: 'dialog.cycle'; readonly delta: number }
  /** `last`: the top line of the dialog's last page, where the scroll stops. */
  | { readonly type: 'dialog.scroll'; readonly delta: number; readonly last: number }
  | { readonly type: 'confirm.answered'; readonly action: string; readonly confirmed?: true }
  /** The answer was refused: the confirmation may show again. */
  | { readonly type: 'confirm.reopen' }
  | { readonly type: 'status.set'; readonly status: StatusMessage | null };

export function initialUiState(view: CockpitView): UiState {
  return reduceUi(
    { selected: Math.max(0, view.nextStep), seenNextStep: view.nextStep, dialog: null, timelineTop: null, deploysTop: 0, flagsTop: 0, status: null, said: null, answered: null },
    { type: 'view.changed', view },
  );
}

export function reduceUi(state: UiState, action: UiAction): UiState {
  switch (action.type) {
    case 'view.changed':
      return syncWithView(state, action.view);
    case 'select.move': {
      if (action.count === 0) return state;
      const selected = clamp(state.selected + action.delta, 0, action.count - 1);
      return selected === state.selected ? state : { ...state, selected, ...(state.status?.selectionMoved ? { status: null } : {}) };
    }
    case 'timeline.page': {
      const last = Math.max(0, action.length - action.page);
      const from = state.timelineTop ?? last;
      const top = clamp(from + action.direction * action.page, 0, last);
      // Forward to within a page of the newest follows them again: entries keep arriving (an SLO
      // sample a minute) while the responder pages, and PgDn must not become a treadmill.
      const following = action.direction === 1 ? top + action.page >= last : top >= last;
      return { ...state, timelineTop: following ? null : top };
    }
    case 'timeline.follow':
      return state.timelineTop === null ? state : { ...state, timelineTop: null };
    case 'deploys.page': {
      const deploysTop = clamp(state.deploysTop + action.direction * action.page, 0, Math.max(0, action.length - 1));
      return deploysTop === state.deploysTop ? state : { ...state, deploysTop };
    }
    case 'flags.page':
      return action.next === state.flagsTop ? state : { ...state, flagsTop: action.next };
    case 'dialog.open':
      return { ...state, dialog: action.dialog, status: null };
    case 'dialog.close':
      return { ...state, dialog: null };
    case 'dialog.type':
      return editText(state, (text) => text + action.text.replace(/[\r\n\t]/g, ''));
    case 'dialog.erase':
      return editText(state, (text) => Array.from(text).slice(0, -1).join(''));
    case 'dialog.cycle':
      return cycleChoice(state, action.delta);
    case 'dialog.scroll': {
      const dialog = state.dialog;
      if (dialog?.kind === 'confirm') {
        const planTop = clamp((dialog.planTop ?? 0) + action.delta, 0, action.last);
        return planTop === (dialog.planTop ?? 0) ? state : { ...state, dialog: { ...dialog, planTop } };
      }
      if (dialog?.kind !== 'help') return state;
      const top = clamp((dialog.top ?? 0) + action.delta, 0, action.last);
      return top === (dialog.top ?? 0) ? state : { ...state, dialog: { ...dialog, top } };
    }
    case 'confirm.answered':
      return { ...state, answered: action.action, ...(action.confirmed ? { starting: action.action } : {}), dialog: state.dialog?.kind === 'confirm' ? null : state.dialog };
    case 'confirm.reopen':
      return { ...state, answered: null };
    case 'status.set':
      return { ...state, status: action.status === null ? null : { ...action.status, ...(state.said === null ? {} : { over: state.said }) } };
    default:
      return assertNever(action);
  }
}

const isOver = (view: CockpitView, index: number) => {
  const status = view.steps[index]?.status;
  return status === undefined || status === 'done' || status === 'skipped';
};
// With teammates on the incident, their steps end too: a teammate's `d` on step 1 moved carol's
// selection on, and her Down then Enter, meant for step 2, opened the rollback's confirmation.
const alone = (view: CockpitView) => view.incident.present.length === 0;

/**
 * Said when the selection follows the runbook by itself: a check that passed 15 minutes after Enter moved it from 5. to
 * 4., and the responder's Up, meant for 4., landed on 3. and planned a second rollback (helper-143).
 */
function movedOn(view: CockpitView, from: number, to: number): StatusMessage {
  const step = (index: number) => `${index + 1}. ${view.steps[index]?.title ?? ''}`;
  return { tone: 'info', text: `selection moved on to ${step(to)} (◀ next): ${from + 1}. is over`, selectionMoved: true };
}

function syncWithView(state: UiState, view: CockpitView): UiState {
  let next = state;
  // The selection followed the runbook by itself (not clamped to a shorter runbook): said on the status line.
  let followed = false;
  if (view.nextStep !== state.seenNextStep) {
    // The selection follows the runbook on from a step that is over, never off one still open: a
    // pointer that moved back by itself carried a responder's selection onto the rollback, where an
    // Enter meant for the database check would have started it.
    const follows = view.nextStep >= 0 && isOver(view, next.selected) && alone(view);
    const { followWhenOver: _owed, ...rest } = next;
    next = { ...rest, seenNextStep: view.nextStep, selected: follows ? view.nextStep : next.selected, ...(follows || !alone(view) ? {} : { followWhenOver: next.selected }) };
    followed = follows;
  } else if (next.followWhenOver !== undefined && next.followWhenOver === next.selected && isOver(view, next.selected) && view.nextStep >= 0 && alone(view)) {
    const { followWhenOver: _owed, ...rest } = next;
    next = { ...rest, selected: view.nextStep };
    followed = true;
  }
  const lastStep = Math.max(0, view.steps.length - 1);
  if (next.selected > lastStep) next = { ...next, selected: lastStep };
  const about = next.status?.about;
  const step = about === undefined ? undefined : view.steps.find((candidate) => candidate.id === about.step);
  if (about !== undefined && (step === undefined || stepStanding(step) !== about.was)) next = { ...next, status: null };
  // Something new to say takes the line from an old answer: a watch's `✖ Read-only: …`, pressed minutes before, hid
  // `ℹ the watch is behind the writer …` through a store outage.
  // Numbers aside: the reminder's `open 22m` counts on each minute, and is nothing new to say.
  const first = saidLines(view.reminders, view.notices)[0];
  const said = first === undefined ? null : first.replace(/\d+/g, '#');
  if (next.status !== null && said !== null && said !== next.status.over) next = { ...next, status: null };
  if (said !== next.said) next = { ...next, said };
  if (followed && next.selected !== state.selected && next.status?.tone !== 'bad') next = { ...next, status: { ...movedOn(view, state.selected, next.selected), ...(said === null ? {} : { over: said }) } };

  const pending = view.confirmation?.action;
  if (pending === undefined) {
    if (next.dialog?.kind === 'confirm') next = { ...next, dialog: null };
    if (next.answered !== null) next = { ...next, answered: null };
  } else if (pending !== next.answered && !(next.dialog?.kind === 'confirm' && next.dialog.action === pending)) {
    // A confirmation takes the screen: it is the answer to what the responder just asked. What the status
    // line said before is not about it: `✖ step rollback is under way already` (a second Enter) stood
    // above `Enter confirm`, read as if Enter would not work.
    next = { ...next, dialog: { kind: 'confirm', action: pending, typed: '' }, asked: pending, status: next.status?.tone === 'bad' && pending !== next.asked ? null : next.status };
  }

  if (next.starting !== undefined && view.confirmation?.action !== next.starting) {
    const { starting: _taken, ...rest } = next;
    next = rest;
  }
  const running = new Set(view.running.map((action) => action.action));
  if (next.dialog?.kind === 'cancel-running' && next.dialog.ended === undefined && !running.has(next.dialog.action)) next = { ...next, dialog: { ...next.dialog, ended: true } };
  if (next.dialog?.kind === 'quit-running' && next.dialog.ended === undefined) {
    // Read as it is now: the question showed a check's `5m burn 4.72x ≥ 1x` seven minutes after it had fallen to 0.10x.
    const work = runningWork(view, next.starting);
    if (work.length === 0) next = { ...next, dialog: { ...next.dialog, ended: true } };
    else if (work.join('\n') !== next.dialog.actions.join('\n')) next = { ...next, dialog: { ...next.dialog, actions: work } };
  }
  return next;
}

function editText(before: UiState, edit: (text: string) => string): UiState {
  const dialog = before.dialog;
  if (dialog === null) return before;
  // A refusal was about the text as it was: "✖ Type exactly …" stayed beside "✓ matches".
  const state = before.status?.tone === 'bad' ? { ...before, status: null } : before;
  switch (dialog.kind) {
    case 'confirm':
      return { ...state, dialog: { ...dialog, typed: edit(dialog.typed) } };
    case 'skip':
    case 'note':
    case 'role':
    case 'severity':
    case 'status':
    case 'override':
    case 'comms':
    case 'reopen':
      return { ...state, dialog: { ...dialog, text: edit(dialog.text) } };
    case 'cancel-running':
    case 'quit-running':
    case 'quit-unsent':
    case 'help':
    case 'timeline-entry':
    case 'step-read':
      return state;
    default:
      return assertNever(dialog);
  }
}

function cycleChoice(state: UiState, delta: number): UiState {
  const dialog = state.dialog;
  if (dialog?.kind === 'role') return { ...state, dialog: { ...dialog, choice: wrap(dialog.choice + delta, ROLES.length) } };
  if (dialog?.kind === 'severity') return { ...state, dialog: { ...dialog, choice: wrap(dialog.choice + delta, SEVERITIES.length) } };
  // Each page from its top: the keys page scrolled down opened the symbols page as far down.
  if (dialog?.kind === 'help') return { ...state, dialog: { ...dialog, page: wrap((dialog.page ?? 0) + delta, 2), top: 0 } };
  // Older to the left, newer to the right; it stops at either end rather than wrapping around.
  if (dialog?.kind === 'timeline-entry') return { ...state, dialog: { ...dialog, index: clamp(dialog.index + delta, 0, Math.max(0, dialog.count - 1)) } };
  return state;
}

function clamp(value: number, low: number, high: number): number {
  return Math.min(Math.max(value, low), high);
}

function wrap(value: number, size: number): number {
  return ((value % size) + size) % size;
}

export function assertNever(value: never): never {
  throw new Error(`unhandled case: ${JSON.stringify(value)}`);
}

/** A store holding `UiState`: `get()` is synchronous, so two keys in one chunk see each other's effect. */
export interface UiStore {
  get(): UiState;
  dispatch(action: UiAction): void;
  subscribe(listener: () => void): () => void;
}

export function createUiStore(initial: UiState): UiStore {
  let state = initial;
  const listeners = new Set<() => void>();
  return {
    get: () => state,
    dispatch(action) {
      const next = reduceUi(state, action);
      if (next === state) return;
      state = next;
      for (const listener of listeners) listener();
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
