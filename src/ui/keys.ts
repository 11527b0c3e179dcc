import type { Key } from 'ink';
import type { IncidentStatus } from '../core/incident';

/**
 * The one key table: named commands, the keys bound to them, and the words the footer and the
 * help dialog show, so what is documented is what is bound. The router applies priorities:
 * Ctrl-C first, then an open dialog (which consumes every key), then the cockpit's commands.
 */

export type Command =
  | 'step.run'
  | 'step.skip'
  | 'step.done'
  | 'step.undo'
  | 'select.up'
  | 'select.down'
  | 'timeline.older'
  | 'timeline.newer'
  | 'timeline.follow'
  | 'timeline.read'
  | 'step.read'
  | 'deploys.page'
  | 'flags.page'
  | 'note'
  | 'role'
  | 'severity'
  | 'mitigated'
  | 'resolved'
  | 'status.update'
  | 'reopen'
  | 'help'
  | 'quit'
  | 'escape';

export interface Binding {
  readonly command: Command;
  /** How the keys are written for humans: "↑/k". */
  readonly keys: string;
  /** How the footer shows it ("Enter run"); bindings without one appear only in help. */
  readonly footer?: string;
  /** How the footer shows it while the advice names it (`· U on step 3`), and only then. */
  readonly footerWhenAsked?: string;
  readonly help: string;
  readonly match: (input: string, key: Key) => boolean;
}

const char = (c: string) => (input: string, key: Key) => input === c && !key.ctrl && !key.meta;

export const BINDINGS: readonly Binding[] = [
  { command: 'step.run', keys: 'Enter', footer: 'Enter run', help: 'run the selected step (asks first if runbook or safety say so)', match: (_i, k) => k.return },
  { command: 'step.skip', keys: 's', footer: 's skip', help: 'skip the selected step, with a reason', match: char('s') },
  { command: 'step.done', keys: 'd', footer: 'd done', help: 'mark the selected step done (a check or an action not run: with a reason)', match: char('d') },
  // In the footer only while the advice asks for an undo (`· U on step 3`); the runbook panel offers it on a step whose change can be undone (`U undoes it: …`).
  { command: 'step.undo', keys: 'U', footerWhenAsked: 'U undo', help: "undo the selected step's change (planned, checked and confirmed like the step's own)", match: char('U') },
  { command: 'select.up', keys: '↑/k', footer: '↑↓ move', help: 'select the previous step', match: (i, k) => k.upArrow || char('k')(i, k) },
  { command: 'select.down', keys: '↓/j', help: 'select the next step', match: (i, k) => k.downArrow || char('j')(i, k) },
  { command: 'timeline.older', keys: 'PgUp', help: 'scroll the timeline back', match: (_i, k) => k.pageUp },
  { command: 'timeline.newer', keys: 'PgDn', help: 'scroll the timeline forward; within a page of the newest it follows them again', match: (_i, k) => k.pageDown },
  { command: 'timeline.follow', keys: 'End', help: 'back to the newest timeline entries, following them', match: (_i, k) => k.end },
  // One line of help for the pair: the key itself says which way (`deploysDirection`).
  { command: 'deploys.page', keys: '[/]', help: 'page the deploys panel to older / newer deploys', match: (i, k) => char('[')(i, k) || char(']')(i, k) },
  { command: 'flags.page', keys: 'f', help: 'page the flags panel (after the last flags, back to the first)', match: char('f') },
  { command: 'timeline.read', keys: 't', footer: 't read', help: 'read a timeline entry whole (←→ older/newer)', match: char('t') },
  // Help only: the runbook panel says it where a hint is cut (`… h more`).
  { command: 'step.read', keys: 'h', help: "read the selected step whole: its hint, check and output", match: char('h') },
  { command: 'note', keys: 'n', footer: 'n note', help: 'add a note to the timeline', match: char('n') },
  { command: 'role', keys: 'c', footer: 'c role', help: 'assign a role (commander, ops, comms)', match: char('c') },
  { command: 'severity', keys: 'S', footer: 'S sev', help: 'change the severity', match: char('S') },
  { command: 'mitigated', keys: 'm', footer: 'm mitigated', help: 'mark the incident mitigated', match: char('m') },
  { command: 'resolved', keys: 'r', footer: 'r resolved', help: 'mark the incident resolved', match: char('r') },
  { command: 'status.update', keys: 'u', footer: 'u update', help: 'record a status update (what was posted, or "posted")', match: char('u') },
  // In the footer once resolved (the next mark there), else help only: the footer's room is for what applies now.
  { command: 'reopen', keys: 'o', footerWhenAsked: 'o reopen', help: 'reopen a mitigated or resolved incident, with a reason', match: char('o') },
  { command: 'escape', keys: 'Esc', help: 'cancel a running action, or stop watching a change made (asks first)', match: (_i, k) => k.escape },
  { command: 'help', keys: '?', footer: '? help', help: 'show this help', match: char('?') },
  { command: 'quit', keys: 'q/Ctrl-C', footer: 'q quit', help: 'quit (the timeline is flushed, pollers stopped)', match: char('q') },
];

/** What a key means inside a dialog. */
export type DialogKey =
  | { readonly type: 'submit' }
  | { readonly type: 'cancel' }
  | { readonly type: 'cycle'; readonly delta: -1 | 1 }
  | { readonly type: 'erase' }
  /** ↑↓ a line, PgUp/PgDn a page: what a long dialog (help at 80x24) scrolls by. */
  | { readonly type: 'scroll'; readonly delta: number; /** PgUp or PgDn: a dialog that knows its page moves by it. */ readonly page?: true }
  | { readonly type: 'text'; readonly text: string };

/** Dialog keys as dialogs show them, one per `DialogKey` that has a key of its own. */
export const DIALOG_KEYS = {
  submit: 'Enter confirm',
  cancel: 'Esc cancel',
  cycle: 'Tab/←→ choose',
  erase: 'Backspace erase',
} as const satisfies Partial<Record<DialogKey['type'], string>>;

/** Control characters that can arrive inside a chunk of text, as the keys they are. */
const CONTROL_KEYS: Readonly<Record<string, Partial<Key>>> = {
  '\r': { return: true },
  '\n': { return: true },
  '\t': { tab: true },
  '\u007f': { backspace: true },
  '\b': { backspace: true },
};

/**
 * Ink hands over a run of plain text as one input (typed fast, pasted, or a key and Enter read
 * together from the terminal). The cockpit takes it key by key, so "j⏎" moves and then runs
 * the step moved to, and "checkout-api⏎" types the phrase and then confirms.
 */
export function splitKeys(input: string, key: Key): Array<{ input: string; key: Key }> {
  const chars = Array.from(input);
  if (chars.length <= 1) return [{ input, key }];
  return chars.map((char) => {
    const control = CONTROL_KEYS[char];
    return control === undefined
      ? { input: char, key: { ...key, shift: /^[A-Z]$/.test(char) } }
      : { input: '', key: { ...key, shift: false, ...control } };
  });
}

/** A command, with the key that chose it (for a binding of two keys, which one). */
export type Routed = { readonly layer: 'command'; readonly command: Command; readonly input?: string } | { readonly layer: 'dialog'; readonly key: DialogKey };

export function routeKey(input: string, key: Key, dialogOpen: boolean): Routed | null {
  if (key.ctrl && input === 'c') return { layer: 'command', command: 'quit' };
  if (dialogOpen) {
    const dialogKey = toDialogKey(input, key);
    return dialogKey === null ? null : { layer: 'dialog', key: dialogKey };
  }
  const binding = BINDINGS.find((candidate) => candidate.match(input, key));
  return binding === undefined ? null : { layer: 'command', command: binding.command, input };
}

/** Lines PgUp/PgDn move a dialog by: less than the smallest dialog's body, so nothing is jumped over. */
const SCROLL_PAGE = 8;

function toDialogKey(input: string, key: Key): DialogKey | null {
  if (key.return) return { type: 'submit' };
  if (key.escape) return { type: 'cancel' };
  if (key.tab || key.rightArrow) return { type: 'cycle', delta: key.shift ? -1 : 1 };
  if (key.leftArrow) return { type: 'cycle', delta: -1 };
  if (key.backspace || key.delete) return { type: 'erase' };
  if (key.upArrow || key.downArrow) return { type: 'scroll', delta: key.upArrow ? -1 : 1 };
  if (key.pageUp || key.pageDown) return { type: 'scroll', delta: key.pageUp ? -SCROLL_PAGE : SCROLL_PAGE, page: true };
  if (key.ctrl || key.meta || input === '') return null;
  return { type: 'text', text: input };
}

const SEPARATOR = ' · ';
/** Always in the footer, however narrow: the way out and the way to everything else. */
const ESSENTIAL: ReadonlySet<Command> = new Set(['help', 'quit']);

/** What `?` says in the footer when some keys did not fit: the footer never hides that it is partial. */
export const MORE_KEYS = '? more keys';

/** The keys that record on the incident: a read-only watch refuses them before any dialog asks for words, and its footer leaves them out. */
export const WRITE_COMMANDS: ReadonlySet<Command> = new Set(['step.run', 'step.skip', 'step.done', 'step.undo', 'note', 'role', 'severity', 'mitigated', 'resolved', 'status.update', 'reopen']);

/** The keys that act on the selected step: with no step line on screen they are refused and left out of the footer. */
export const STEP_COMMANDS: ReadonlySet<Command> = new Set(['step.run', 'step.skip', 'step.done', 'step.undo', 'select.up', 'select.down']);

/** The step keys that move the selection, not act on a step. */
const MOVES: ReadonlySet<Command> = new Set(['select.up', 'select.down']);
const NEXT_MARK: Partial<Record<IncidentStatus, Command>> = { mitigated: 'resolved', resolved: 'reopen' };
/** Keys that mark what the incident already is: left out of the footer then, for those that apply. */
const DONE_WHEN: Partial<Record<Command, readonly IncidentStatus[]>> = { mitigated: ['mitigated', 'resolved'], resolved: ['resolved'] };

export interface FooterOptions {
  readonly status?: IncidentStatus;
  /** With no step on screen (a terminal too small for the runbook panel) the step keys are left out. */
  readonly stepsOnScreen?: boolean;
  readonly readOnly?: boolean;
  /** The keys the advice names (`· m mitigated`, `· U on step 3`): kept right after the step keys, as the next mark is. */
  readonly asked?: readonly Command[];
}

/**
 * The footer for a width: help and quit always, then as many other keys as fit, in table
 * order; when one does not fit, `?` reads "? more keys". A mitigated incident's footer has
 * `r resolved`, not `m mitigated` (at 80 columns it kept offering `m` and never showed `r`), and
 * a key the advice names comes before the rest (at 100 columns "· m mitigated" stood above a
 * footer without it; `U undo` is there only then).
 */
export function footerLine(width: number, options: FooterOptions = {}): string {
  const { status = 'open', stepsOnScreen = true, readOnly = false } = options;
  // Resolved, reopening is what is left to do (a search-api resolved at 8x: the footer offered no way back).
  const asked = new Set<Command>([...(options.asked ?? []), ...(status === 'resolved' ? (['reopen'] as const) : [])]);
  const footerOf = (binding: Binding) => binding.footer ?? (asked.has(binding.command) ? binding.footerWhenAsked : undefined);
  const applying = BINDINGS.filter(
    (binding) =>
      footerOf(binding) !== undefined &&
      !DONE_WHEN[binding.command]?.includes(status) &&
      (stepsOnScreen || !STEP_COMMANDS.has(binding.command)) &&
      !(readOnly && WRITE_COMMANDS.has(binding.command)),
  );
  // What the incident waits for comes right after the keys that act on steps, where a narrow footer still has room: after
  // `↑↓ move`, the advice's `m mitigated` was dropped at 80 columns beside its `U undo`.
  const wanted = new Set<Command | undefined>([...asked, NEXT_MARK[status]]);
  const next = applying.filter((binding) => wanted.has(binding.command) && !STEP_COMMANDS.has(binding.command));
  const acting = applying.filter((binding) => STEP_COMMANDS.has(binding.command) && !MOVES.has(binding.command));
  const moves = applying.filter((binding) => MOVES.has(binding.command));
  const withFooter = next.length === 0 ? applying : [...acting, ...next, ...moves, ...applying.filter((binding) => !next.includes(binding) && !STEP_COMMANDS.has(binding.command))];
  const essential = withFooter.filter((binding) => ESSENTIAL.has(binding.command));
  const chosen = new Set<Binding>(essential);
  let partial = false;
  const text = () =>
    withFooter
      .filter((binding) => chosen.has(binding))
      .map((binding) => (partial && binding.command === 'help' ? MORE_KEYS : footerOf(binding)))
      .join(SEPARATOR);
  for (const binding of withFooter) {
    if (chosen.has(binding)) continue;
    chosen.add(binding);
    if (Array.from(text()).length > width) {
      chosen.delete(binding);
      partial = true;
    }
  }
  // "? more keys" is longer than "? help": drop keys from the end until it fits again.
  const optional = withFooter.filter((binding) => chosen.has(binding) && !ESSENTIAL.has(binding.command));
  while (Array.from(text()).length > width && optional.length > 0) chosen.delete(optional.pop()!);
  return text();
}
