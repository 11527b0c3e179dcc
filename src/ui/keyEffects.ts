import { ROLES } from '../core/events';
import { isMitigation } from '../core/nextStep';
import { SEVERITIES } from '../core/runbookModel';
import type { Intent } from '../session/intents';
import type { CockpitView, StepView } from '../session/viewModel';
import { STEP_COMMANDS, WRITE_COMMANDS, type Command, type DialogKey, type Routed } from './keys';
import { helpLastTop, saidLines, type HelpRoom } from './helpLines';
import type { PlanScroll } from './ConfirmDialog';
import { runningWork } from './runningWork';
import { assertNever, stepStanding, unsentText, type Dialog, type UiAction, type UiState } from './uiState';

/**
 * What a routed key does, as data: UI actions to apply, at most one intent for the session, and
 * whether to quit. Pure: it reads the state and view it is given (the latest, from the stores),
 * so the App applies it and tests assert on it without a terminal.
 */
export interface KeyEffect {
  readonly ui: readonly UiAction[];
  readonly intent?: Intent;
  readonly quit?: boolean;
}

const NOTHING: KeyEffect = { ui: [] };

export interface KeyContext {
  readonly state: UiState;
  readonly view: CockpitView;
  /** Timeline lines visible: PgUp/PgDn move by this much. */
  readonly timelinePage: number;
  /** Deploy rows the deploys panel shows at a time: `[` and `]` move by this much. */
  readonly deploysPage: number;
  /** The first flag of the flags panel's next page: 0 after the last (absent: the panel shows them all). */
  readonly flagsNext?: number;
  /** Help rows the help dialog shows at a time, and how wide (absent: one row a screen, as in tests of other keys). */
  readonly helpRoom?: HelpRoom;
  /** Whether the runbook panel shows a step (absent: it does). */
  readonly stepsOnScreen?: boolean;
  /** How the open confirmation's plan scrolls, when it is cut to fit. */
  readonly plan?: PlanScroll;
}


export function keyEffect(routed: Routed, context: KeyContext): KeyEffect {
  if (routed.layer === 'command') return commandEffect(routed.command, context, routed.input);
  const dialog = context.state.dialog;
  return dialog === null ? NOTHING : dialogEffect(dialog, routed.key, context);
}

function commandEffect(command: Command, { state, view, timelinePage, deploysPage, flagsNext, stepsOnScreen = true }: KeyContext, input?: string): KeyEffect {
  // With the runbook panel squeezed off a small terminal, Enter ran a step nobody could see.
  if (!stepsOnScreen && STEP_COMMANDS.has(command)) return refuse('No step on screen: make the terminal larger');
  // Refused before a dialog asks for words the session would refuse after they were typed.
  if (view.incident.readOnly && WRITE_COMMANDS.has(command)) return refuse('Read-only: this cockpit watches, and records nothing');
  // A change takes its target's lease on the shared store: out of reach, its confirmation said SAFE, and after Enter only
  // a pending `refused: the lease …` row said it had not run.
  const change = command === 'step.undo' || (command === 'step.run' && isMitigation(view.steps[state.selected]?.action));
  if (change && view.incident.recordingLocally !== undefined) return refuse('The shared store is out of reach: a change needs its lease there and would be refused; make it once the store is back (the top bar says when)');
  const step = view.steps[state.selected];
  const open = (dialog: Dialog): KeyEffect => ({ ui: [{ type: 'dialog.open', dialog }] });
  switch (command) {
    case 'step.run':
      if (step === undefined) return NOTHING;
      // A recovery check runs too: Enter starts watching it (a bare "started" could never pass).
      return { ui: [], intent: step.action === undefined && step.check === undefined ? { type: 'step.start', step: step.id } : { type: 'step.run', step: step.id } };
    case 'step.skip':
      if (step === undefined) return NOTHING;
      // Refused before the dialog: a reason typed for nothing would be refused only after.
      if (step.status === 'done' || step.status === 'skipped') return refuse(`Step "${step.title}" is already ${step.status}: nothing to skip`);
      return open({ kind: 'skip', step: step.id, text: '' });
    case 'step.done':
      if (step === undefined) return NOTHING;
      // A check, or an action not run yet: done by hand only with a reason (the session asks for it too).
      return (step.check === undefined && step.action === undefined) || step.status === 'done' ? { ui: [], intent: { type: 'step.complete', step: step.id } } : open({ kind: 'override', step: step.id, text: '' });
    case 'step.undo': {
      if (step === undefined) return NOTHING;
      if (step.undo !== undefined) return { ui: [], intent: { type: 'action.undo', action: step.undo.action } };
      const asked = askedUndo(view);
      if (asked !== undefined) return { ui: [{ type: 'select.move', delta: asked.index - state.selected, count: view.steps.length }], intent: { type: 'action.undo', action: asked.action } };
      if (step.status === 'running') return refuseAbout(step, `Step "${step.title}" is still running: U once it has finished`);
      // Its change made, its check stopped: "has no change to undo" was false, and hid the way on.
      if (step.status === 'unwatched' || step.status === 'interrupted') return refuseAbout(step, `Step "${step.title}" is not checked yet: Enter checks it, then U undoes it`);
      // Its change stands and cannot be undone: why (an undo Argo aborted), not "has no change to undo"; without the step's
      // title, which left `act-2, its undo, f…` of it at 80 columns.
      if (step.undoRefused !== undefined) return refuseAbout(step, step.undoRefused);
      // Not "Enter runs it again": that invited redoing the change the screen had called the cause of the rise.
      return refuseAbout(step, step.undone === undefined ? `Step "${step.title}" has no change to undo` : `Step "${step.title}" was undone already (${step.undone})`);
    }
    case 'select.up':
      return { ui: [{ type: 'select.move', delta: -1, count: view.steps.length }] };
    case 'select.down':
      return { ui: [{ type: 'select.move', delta: 1, count: view.steps.length }] };
    case 'timeline.older':
      return { ui: [{ type: 'timeline.page', direction: -1, length: view.timeline.length, page: timelinePage }] };
    case 'timeline.newer':
      return { ui: [{ type: 'timeline.page', direction: 1, length: view.timeline.length, page: timelinePage }] };
    case 'timeline.follow':
      return { ui: [{ type: 'timeline.follow' }] };
    case 'deploys.page':
      // `[` older (further down the newest-first list), `]` newer.
      return { ui: [{ type: 'deploys.page', direction: input === ']' ? -1 : 1, length: view.deploys.data?.length ?? 0, page: deploysPage }] };
    case 'flags.page':
      return flagsNext === undefined ? NOTHING : { ui: [{ type: 'flags.page', next: flagsNext }] };
    case 'timeline.read': {
      const length = view.timeline.length;
      if (length === 0) return NOTHING;
      // The newest entry on screen: the last one, or the bottom of the page scrolled back to.
      const index = state.timelineTop === null ? length - 1 : Math.min(length - 1, state.timelineTop + timelinePage - 1);
      return open({ kind: 'timeline-entry', index, count: length });
    }
    case 'step.read':
      return step === undefined ? NOTHING : open({ kind: 'step-read', index: state.selected });
    case 'note':
      return open({ kind: 'note', text: '' });
    case 'role':
      return open({ kind: 'role', choice: 0, text: '' });
    case 'severity':
      return open({ kind: 'severity', choice: Math.max(0, SEVERITIES.indexOf(view.incident.severity)), text: '' });
    // Refused before asking (the session would refuse after the dialog): a mark the incident has already.
    case 'mitigated':
      return view.incident.status === 'open' ? open({ kind: 'status', to: 'mitigated', text: '' }) : refuse(`The incident is ${view.incident.status} already`);
    case 'resolved':
      return view.incident.status === 'resolved' ? refuse('The incident is resolved already (o reopens it)') : open({ kind: 'status', to: 'resolved', text: '' });
    case 'status.update':
      return open({ kind: 'comms', text: '' });
    case 'reopen':
      return view.incident.status === 'open' ? refuse('The incident is open: nothing to reopen') : open({ kind: 'reopen', text: '' });
    case 'help':
      return open({ kind: 'help' });
    case 'quit': {
      // Ctrl-C in a dialog with words typed: they would go unrecorded, so it asks; Ctrl-C again quits.
      const typed = unsentText(state.dialog);
      if (typed !== undefined) return open({ kind: 'quit-unsent', back: typed });
      return state.dialog?.kind === 'quit-running' ? { ui: [], quit: true } : quitOrAsk(view, state.starting);
    }
    case 'escape': {
      const cancellable = view.running.find((action) => action.cancellable);
      if (cancellable === undefined) return { ui: [{ type: 'status.set', status: null }] };
      return open({ kind: 'cancel-running', action: cancellable.action, name: cancellable.name, phase: cancellable.phase });
    }
    default:
      return assertNever(command);
  }
}

/**
 * The step whose undo the advice asks for (`· U on step 3`), where that step has one: `U undo` is in
 * the footer then, and U anywhere makes it (on the recovery check `◀ next` had moved to, it said
 * "has no change to undo"). Its confirmation names what it undoes.
 */
function askedUndo(view: CockpitView): { readonly index: number; readonly action: string } | undefined {
  for (const r of view.recommendations) {
    const undo = r.undoStep === undefined ? undefined : view.steps[r.undoStep - 1]?.undo;
    if (undo !== undefined) return { index: r.undoStep! - 1, action: undo.action };
  }
  return undefined;
}

/** Quits, or first asks when actions or checks still run. */
function quitOrAsk(view: CockpitView, starting?: string): KeyEffect {
  const work = runningWork(view, starting);
  if (work.length === 0) return { ui: [{ type: 'dialog.close' }], quit: true };
  return { ui: [{ type: 'dialog.open', dialog: { kind: 'quit-running', actions: work } }] };
}

/** The fewest letters a reason to close an incident that still burns may have: a key pressed twice is none. */
const MIN_REASON = 3;

function dialogEffect(dialog: Dialog, key: DialogKey, { view, helpRoom, plan }: KeyContext): KeyEffect {
  switch (key.type) {
    case 'text':
      // Help has nothing to type into: its own key closes it again.
      if (dialog.kind === 'help') return key.text === '?' || key.text === 'q' ? close() : NOTHING;
      if (dialog.kind === 'timeline-entry') return key.text === 't' || key.text === 'q' ? close() : NOTHING;
      if (dialog.kind === 'step-read') return key.text === 'h' || key.text === 'q' ? close() : NOTHING;
      // While work runs, not q: a double press (or a bounce) of the key that asked went straight past the question.
      if (dialog.kind === 'quit-running') return key.text === 'q' && dialog.ended === true ? { ui: [{ type: 'dialog.close' }], quit: true } : NOTHING;
      if (dialog.kind === 'quit-unsent') return NOTHING;
      return { ui: [{ type: 'dialog.type', text: key.text }] };
    case 'erase':
      return { ui: [{ type: 'dialog.erase' }] };
    case 'cycle':
      return { ui: [{ type: 'dialog.cycle', delta: key.delta }] };
    case 'scroll':
      // A confirmation's plan cut to fit scrolls; help is longer than a short screen; the other dialogs have nothing to scroll.
      // A page of it at a time: a plan with room for one line skipped seven at each PgDn.
      if (dialog.kind === 'confirm') return plan === undefined ? NOTHING : { ui: [{ type: 'dialog.scroll', delta: key.page ? Math.sign(key.delta) * plan.rows : key.delta, last: plan.lastTop }] };
      return dialog.kind === 'help' ? { ui: [{ type: 'dialog.scroll', delta: key.delta, last: helpLastTop(view.incident, helpRoom ?? { rows: 1, width: 80 }, dialog.page, saidLines(view.reminders, view.notices)) }] } : NOTHING;
    case 'cancel':
      if (dialog.kind === 'confirm') {
        return { ui: [{ type: 'confirm.answered', action: dialog.action }], intent: { type: 'cancel', action: dialog.action } };
      }
      // Back to the words typed, as they were.
      if (dialog.kind === 'quit-unsent') return { ui: [{ type: 'dialog.open', dialog: dialog.back }] };
      return close();
    case 'submit':
      return submit(dialog, view);
    default:
      return assertNever(key);
  }
}

function submit(dialog: Dialog, view: CockpitView): KeyEffect {
  switch (dialog.kind) {
    case 'confirm': {
      const confirmation = view.confirmation;
      if (confirmation === undefined || confirmation.action !== dialog.action) return close();
      if (confirmation.safety.level === 'unsupported') return refuse('This action cannot be done through this provider: Esc to close');
      const phrase = confirmation.typeToConfirm;
      if (phrase !== undefined && dialog.typed !== phrase) return refuse(`Type exactly "${phrase}" to confirm, or Esc to cancel`);
      return {
        ui: [{ type: 'confirm.answered', action: dialog.action, confirmed: true }],
        intent: phrase === undefined ? { type: 'confirm', action: dialog.action } : { type: 'confirm', action: dialog.action, typed: dialog.typed },
      };
    }
    case 'skip': {
      const reason = dialog.text.trim();
      if (reason === '') return refuse('A reason is required to skip a step');
      return closeWith({ type: 'step.skip', step: dialog.step, reason });
    }
    case 'note': {
      const text = dialog.text.trim();
      return text === '' ? refuse('The note is empty') : closeWith({ type: 'note', text });
    }
    case 'role': {
      const person = dialog.text.trim();
      const role = ROLES[dialog.choice];
      if (role === undefined || person === '') return refuse('Type who takes the role');
      return closeWith({ type: 'role.assign', role, person });
    }
    case 'severity': {
      const to = SEVERITIES[dialog.choice];
      const reason = dialog.text.trim();
      // Enter on the severity it has changes nothing: recorded, it read `Severity changed to SEV2` (from SEV2) in the
      // postmortem. With a reason typed, the words are not dropped without a word.
      if (to !== undefined && to === view.incident.severity && reason !== '') return refuse(`The severity is ${to} already: ←→ chooses another, Esc leaves it`);
      if (to === undefined || to === view.incident.severity) return close();
      return closeWith(reason === '' ? { type: 'severity.change', to } : { type: 'severity.change', to, reason });
    }
    case 'status': {
      const text = dialog.text.trim();
      const type = dialog.to === 'mitigated' ? 'incident.mitigated' : 'incident.resolved';
      // While it burns the text is the reason for closing anyway (the session asks for it too).
      // A word at least: `m m Enter` marked it mitigated at 15.7x with the reason "m" (the second press).
      const why = view.incident.burning ?? view.incident.burnUnknown;
      // Not the burn again: the dialog says it as it is now, and a refusal kept its figure of the moment Enter was pressed
      // (`⚠ processing is burning 1.2x on 5m` above `✖ processing is burning 2.7x on 5m: say why`).
      const over = view.incident.burning === undefined ? 'the burn is not known' : 'it burns';
      if (why !== undefined) return text.replace(/\s/g, '').length < MIN_REASON ? refuse(`${over}: say why in words (required), or Esc to leave it open`) : closeWith({ type, reason: text });
      return closeWith(text === '' ? { type } : { type, summary: text });
    }
    case 'override': {
      const reason = dialog.text.trim();
      if (reason === '') return refuse('A reason is required to mark a step done by hand');
      return closeWith({ type: 'step.complete', step: dialog.step, reason });
    }
    case 'comms':
      return closeWith({ type: 'comms.sent', message: dialog.text.trim() || 'posted' });
    case 'reopen': {
      const reason = dialog.text.trim();
      return reason === '' ? refuse('Say why the incident is reopened') : closeWith({ type: 'incident.reopen', reason });
    }
    case 'cancel-running':
      // Its action ended by itself: there is nothing left to cancel, and the Enter ends here.
      return dialog.ended ? close() : closeWith({ type: 'cancel', action: dialog.action });
    case 'quit-running':
      return { ui: [{ type: 'dialog.close' }], quit: true };
    case 'quit-unsent':
      return quitOrAsk(view);
    case 'help':
    case 'timeline-entry':
    case 'step-read':
      return close();
    default:
      return assertNever(dialog);
  }
}

function close(): KeyEffect {
  return { ui: [{ type: 'dialog.close' }] };
}

function closeWith(intent: Intent): KeyEffect {
  return { ui: [{ type: 'dialog.close' }], intent };
}

/** A refusal about a step: it goes from the status line once the step changes. */
function refuseAbout(step: StepView, text: string): KeyEffect {
  return { ui: [{ type: 'status.set', status: { text, tone: 'bad', about: { step: step.id, was: stepStanding(step) } } }] };
}

function refuse(text: string): KeyEffect {
  return { ui: [{ type: 'status.set', status: { text, tone: 'bad' } }] };
}
