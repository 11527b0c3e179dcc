import { Box, Text } from 'ink';
import { useContext } from 'react';
import wrapAnsi from 'wrap-ansi';
import { decidingReasons, passedReasons, type PlannedCall, type SafetyVerdict } from '../core/actions';
import { argvText } from '../core/argvText';
import type { ConfirmationView } from '../session/viewModel';
import { DialogFrame, DialogRefusal, DialogTextWidth, TextField } from './DialogFrame';
import { DIALOG_KEYS } from './keys';
import type { Rect } from './layout';
import { truncate, wrapText } from './format';
import { Line } from './Line';
import { type Tone, useTheme } from './theme';

const VERDICT: Readonly<Record<SafetyVerdict['level'], { tone: Tone; text: string }>> = {
  ok: { tone: 'ok', text: '✓ SAFE to run after confirmation' },
  typed: { tone: 'warn', text: '⚠ RISKY: type to confirm' },
  blocked: { tone: 'bad', text: '⊘ BLOCKED: refused unless you type the override' },
  unsupported: { tone: 'bad', text: '⊘ NOT POSSIBLE through this provider' },
};

/** Safe, but not what the evidence recommends: `✓ SAFE` right above `⚠ Not the recommended change` read as a contradiction. */
const SAFE_NOT_RECOMMENDED = { tone: 'ok' as Tone, text: '✓ Its safety checks pass, but:' };

/** Safe by its checks, and still typed (a second rollback, a dangerous action): "✓ SAFE to run after confirmation" stood above "Type … to confirm". */
const SAFE_TYPED = { tone: 'ok' as Tone, text: '✓ Its safety checks pass; type to confirm (below)' };

/**
 * An undo asked to be typed: the burn fell after the change it takes back. Under `✓ Its safety
 * checks pass, but:` the undo of the kill switch that had stopped the burn read as a green light.
 */
const UNDO_TYPED = { tone: 'warn' as Tone, text: '⚠ RISKY: the burn fell after the change this undoes; type to confirm (below)' };

const verdictOf = (confirmation: ConfirmationView) => {
  if (confirmation.safety.level !== 'ok') return VERDICT[confirmation.safety.level];
  if (confirmation.undoes !== undefined && confirmation.typeToConfirm !== undefined) return UNDO_TYPED;
  if (confirmation.recommendedInstead !== undefined || confirmation.redoes !== undefined) return SAFE_NOT_RECOMMENDED;
  return confirmation.typeToConfirm === undefined ? VERDICT.ok : SAFE_TYPED;
};

/**
 * The reasons said under the verdict, and the checks that passed, said after the notes. Under "✓ Its
 * safety checks pass, but:" a check that passed read as the caveat (`· one revision back`, then
 * `⚠ Not the recommended change`): there every reason is one that passed.
 */
const reasonsOf = (confirmation: ConfirmationView) =>
  verdictOf(confirmation) === SAFE_NOT_RECOMMENDED ? { deciding: [], passed: confirmation.safety.reasons } : { deciding: decidingReasons(confirmation.safety), passed: passedReasons(confirmation.safety) };

/**
 * Text that decides (the verdict, its reasons, what to type): wrapped, never cut, never shrunk
 * away. After a `marker` ("  · ", "  1. ") the wrapped lines start under the text, not under the
 * marker, so a reason's second line never reads as a line of its own.
 */
function Wrapped({ tone, bold, marker, exact = false, children }: { tone?: Tone; bold?: boolean; marker?: string; exact?: boolean; children: string }) {
  const theme = useTheme();
  const color = theme.tone(tone ?? 'plain');
  const width = useContext(DialogTextWidth);
  // Prose wraps between words (Ink's wrap began a line with the space the line before ended at);
  // a plan's call wraps as Ink does, every character of it kept.
  const text = exact || width === undefined ? children : proseLines(children, width - (marker?.length ?? 0)).join('\n');
  return (
    <Box flexShrink={0}>
      {marker === undefined ? null : (
        <Box flexShrink={0}>
          <Text color={color}>{marker}</Text>
        </Box>
      )}
      <Box flexShrink={1}>
        <Text wrap="wrap" color={color} bold={bold}>
          {text}
        </Text>
      </Box>
    </Box>
  );
}

const proseLines = (text: string, width: number) => wrapText(text, Math.max(1, width));

interface Props {
  readonly confirmation: ConfirmationView;
  /** The title of the step the action belongs to, when it belongs to one. */
  readonly stepTitle?: string;
  readonly typed: string;
  /** The first line of the plan shown, when it is cut (↑↓ PgUp PgDn scroll it). */
  readonly planTop?: number;
  readonly size: Rect;
  /** A sandbox drill: the calls go to the drill's sandbox, whatever the runbook names (`cluster: prod`). */
  readonly sandbox?: boolean;
}

/**
 * The last look before something changes the world: the exact calls (API operation and
 * arguments, or argv), the safety verdict with its reasons, and, for a risky action, the
 * phrase to type. Enter confirms only when the typed text matches exactly; Esc cancels.
 */
export function ConfirmDialog({ confirmation, stepTitle, typed, planTop = 0, size, sandbox }: Props) {
  const verdict = verdictOf(confirmation);
  const phrase = confirmation.typeToConfirm;
  const refusal = useContext(DialogRefusal);
  const shown = shownOf(confirmation, stepTitle, typed, sandbox === true, refusal);
  const { title, labels, canConfirm } = shown;
  const keys = canConfirm ? [DIALOG_KEYS.submit, DIALOG_KEYS.cancel] : [DIALOG_KEYS.cancel];
  const { fit, mismatchShown } = fitTyped(confirmation, shown, size);
  const label = labels?.[fit.label];
  const plan = planLines(confirmation.calls, size.width - 4);
  const top = Math.max(0, Math.min(planTop, plan.length - fit.planRows));
  return (
    <DialogFrame title={fit.titleOneLine ? truncate(title, size.width - 4) : title} tone={verdict.tone} size={size} keys={keys}>
      {/* What will happen, in one sentence the responder must read whole (a command, its revisions). */}
      <Wrapped bold>{confirmation.summary}</Wrapped>
      <Wrapped tone={verdict.tone} bold>
        {verdict.text}
      </Wrapped>
      {reasonsOf(confirmation).deciding.map((reason, i) => (
        <Wrapped key={i} tone={verdict.tone} marker={REASON}>
          {reason}
        </Wrapped>
      ))}
      {notesOf(confirmation, fit.adviceInOneLine).map((note, i) => (
        <Wrapped key={`note-${i}`} tone={note.tone} marker={note.marker}>
          {note.text}
        </Wrapped>
      ))}
      {/* Checks that passed ("one revision back") are facts, never shown as what blocks; short of room they go first. */}
      {fit.passed
        ? reasonsOf(confirmation).passed.map((reason, i) => (
            <Wrapped key={`passed-${i}`} tone="muted" marker={PASSED}>
              {reason}
            </Wrapped>
          ))
        : null}
      {/*
        One line at 80 columns, never cut: cut, "…the names in them are the runbook's," lost "nothing
        real is touched". True only of provider calls: a runbook's command runs on this machine.
      */}
      {sandbox ? <Wrapped tone={runsCommand(confirmation) ? 'warn' : 'muted'}>{sandboxText(confirmation)}</Wrapped> : null}
      {fit.plan === 'none' ? (
        <Line tone="warn">{planNoneText(confirmation.calls.length)}</Line>
      ) : (
        <>
          <Line>{planHeading(confirmation.calls.length)}</Line>
          {/* The only part that gives lines up: what decides and what to type stay whole. */}
          {fit.plan === 'whole' ? (
            <Box flexDirection="column" flexShrink={1} overflowY="hidden">
              {confirmation.calls.map((call, i) => (
                // The plan wraps inside the box rather than hiding arguments behind "…".
                <Wrapped key={i} marker={callMarker(i)} exact>
                  {describeCall(call)}
                </Wrapped>
              ))}
            </Box>
          ) : (
            // Cut, it scrolls: at 80x24 a typed confirmation was made with its plan's last calls never shown.
            <>
              {plan.slice(top, top + fit.planRows).map((line, i) => (
                <Line key={top + i}>{line}</Line>
              ))}
              <Line tone="warn">{planCutText(top, fit.planRows, plan.length)}</Line>
            </>
          )}
        </>
      )}
      {label === undefined ? null : <TextField label={label} text={typed} />}
      {phrase !== undefined && typed === phrase ? <Line tone="ok">✓ matches: Enter to confirm</Line> : mismatchShown ? <Line tone="warn">≠ does not match yet</Line> : null}
      {phrase === undefined && canConfirm ? <Line tone="muted">Enter runs it.</Line> : null}
    </DialogFrame>
  );
}

const REASON = '  · ';
const INSTEAD = '  ⚠ ';
const ASKED = '  » ';

/**
 * What the dialog says beside the verdict, in order: a plan made again, advice against it or for it, a change it puts back.
 * `adviceInOneLine`: the advice against it said in a line, short of room (it is on the screen behind the dialog).
 */
function notesOf(confirmation: ConfirmationView, adviceInOneLine = false): { readonly tone: Tone; readonly marker: string; readonly text: string }[] {
  const instead = confirmation.recommendedInstead === undefined ? undefined : adviceInOneLine ? INSTEAD_IN_ONE_LINE : insteadText(confirmation.recommendedInstead);
  const notes: { tone: Tone; marker: string; text: string | undefined }[] = [
    { tone: 'warn', marker: INSTEAD, text: confirmation.afterResolve },
    { tone: 'warn', marker: INSTEAD, text: confirmation.replanned },
    { tone: 'warn', marker: INSTEAD, text: confirmation.teammate },
    { tone: 'warn', marker: INSTEAD, text: instead },
    { tone: 'warn', marker: INSTEAD, text: confirmation.redoes },
    { tone: 'info', marker: ASKED, text: confirmation.asked === undefined ? undefined : `The undo the advice asks for: ${confirmation.asked}` },
    { tone: 'info', marker: ASKED, text: confirmation.cleanUp === undefined ? undefined : `A clean-up: ${confirmation.cleanUp}` },
  ];
  return notes.flatMap((note) => (note.text === undefined ? [] : [{ ...note, text: note.text }]));
}
const insteadText = (recommendation: string) => `Not the recommended change: ${recommendation}`;
/**
 * At 80x24 the undo of a rollback that worked gave the plan and "the burn stopped after act-1:
 * undoing it may bring the burn back" up to the advice in full, three lines saying the same.
 */
// "behind this dialog" pointed at advice the dialog covers: Esc is the way to it (the plan is asked again after).
const INSTEAD_IN_ONE_LINE = 'Not the recommended change (Esc, and the advice says why)';

/** What to type, with the reason in full, with only what the block's reasons above it do not say, or alone: as room allows. */
function labelsOf(phrase: string, confirmation: ConfirmationView): Labels {
  const label = (reason: string | undefined) => `Type "${phrase}" to confirm${reason === undefined ? '' : ` (${reason})`}:`;
  return { short: label(undefined), beyondBlock: label(confirmation.typeReasonBeyondBlock), full: label(confirmation.typeReason) };
}
type Labels = { readonly short: string; readonly beyondBlock: string; readonly full: string };
const PASSED = '  ✓ ';
const runsCommand = (confirmation: ConfirmationView) => confirmation.calls.some((call) => call.kind === 'argv');
/** A drill's confirmation said "nothing real is touched" above `$ ./scripts/pause-consumers.sh`, which ran on the host. */
const sandboxText = (confirmation: ConfirmationView) =>
  runsCommand(confirmation) ? '⚠ Commands run for real on this machine; only provider calls are sandboxed.' : "Calls go to the drill's sandbox: nothing real is touched.";
/** Where the plan shown is in the whole: `… plan lines 1-5 of 14: ↑↓ PgUp PgDn scroll it`. */
const planCutText = (top: number, rows: number, total: number) => `… plan ${rows === 1 ? `line ${top + 1}` : `lines ${top + 1}-${top + rows}`} of ${total}: ↑↓ PgUp PgDn scroll it`;
const calls = (n: number) => `${n} ${n === 1 ? 'call' : 'calls'}`;
const planHeading = (n: number) => `Plan, ${calls(n)}, exactly:`;
const planNoneText = (n: number) => `Plan, ${calls(n)}: too long for this terminal; a larger one shows it`;
const callMarker = (i: number) => `  ${i + 1}. `;

/**
 * The fit with what is typed so far: `≠ does not match yet` gives its line up to the plan (typing the first letter of an
 * Argo undo's phrase at 80x24 took the plan's last line, and the plan could no longer be read as Enter was pressed).
 */
function fitTyped(confirmation: ConfirmationView, shown: Shown, size: Rect): { readonly fit: ReturnType<typeof fitConfirmation>; readonly mismatchShown: boolean } {
  const fit = fitConfirmation(confirmation, shown, size);
  const mismatch = shown.labels !== undefined && shown.typed !== '' && shown.typed !== confirmation.typeToConfirm;
  return !mismatch || fit.plan === 'whole' ? { fit, mismatchShown: mismatch } : { fit: fitConfirmation(confirmation, { ...shown, typed: '' }, size), mismatchShown: false };
}

/** Lines `text` takes wrapped at `width`, as Ink wraps it (`wrap="wrap"`). */
function wrappedLines(text: string, width: number): number {
  return width <= 0 ? 1 : wrapAnsi(text, width, { trim: false, hard: true }).split('\n').length;
}

/** The plan's lines at `inner` columns, as its calls are drawn whole: each wrapped after its number, and under its text. */
function planLines(calls: readonly PlannedCall[], inner: number): string[] {
  return calls.flatMap((call, i) => {
    const marker = callMarker(i);
    const lines = inner - marker.length <= 0 ? [describeCall(call)] : wrapAnsi(describeCall(call), inner - marker.length, { trim: false, hard: true }).split('\n');
    return lines.map((line, j) => `${j === 0 ? marker : ' '.repeat(marker.length)}${line}`);
  });
}

type Shown = { title: string; labels: Labels | undefined; typed: string; sandbox: boolean; canConfirm: boolean; refusal: string | null };

/** What the dialog shows besides the confirmation itself: its title, what to type, and what was typed. */
function shownOf(confirmation: ConfirmationView, stepTitle: string | undefined, typed: string, sandbox: boolean, refusal: string | null): Shown {
  const phrase = confirmation.typeToConfirm;
  const step = stepTitle === undefined ? '' : ` · ${confirmation.undoes === undefined ? 'step' : `undoes ${confirmation.undoes.action} of step`}: ${stepTitle}`;
  return {
    title: `CONFIRM ${confirmation.name}${step}`,
    labels: phrase === undefined ? undefined : labelsOf(phrase, confirmation),
    typed,
    sandbox,
    canConfirm: confirmation.safety.level !== 'unsupported' && (phrase === undefined || typed === phrase),
    refusal,
  };
}

/** How a plan cut to fit scrolls at `size`: the first line of its last page (where ↓ stops), and its lines shown (a page); none when it is shown whole, or not at all. */
export function planScroll(confirmation: ConfirmationView, stepTitle: string | undefined, typed: string, sandbox: boolean, refusal: string | null, size: Rect): PlanScroll | undefined {
  const { fit } = fitTyped(confirmation, shownOf(confirmation, stepTitle, typed, sandbox, refusal), size);
  return fit.plan === 'cut' ? { lastTop: Math.max(0, planLines(confirmation.calls, size.width - 4).length - fit.planRows), rows: fit.planRows } : undefined;
}

export interface PlanScroll {
  readonly lastTop: number;
  readonly rows: number;
}

/**
 * What the dialog has room for at `size`, most needed first: the plan, then the reason beside the
 * phrase to type (what the block's reasons above it do not say, then all of it), then the checks
 * that passed; and whether the plan is cut. Short of room for the plan and that reason, the advice
 * against the change takes a line, then the title one. Counted here, not left to Yoga: given two
 * boxes to shrink, one before the other, it shrank neither far enough, and an Argo Rollout's plan
 * (its whole pod template) ran over the dialog's border and hid the phrase to type at 80x24.
 */
function fitConfirmation(
  confirmation: ConfirmationView,
  shown: Shown,
  size: Rect,
): { readonly passed: boolean; readonly label: keyof Labels; readonly plan: 'whole' | 'cut' | 'none'; readonly planRows: number; readonly titleOneLine: boolean; readonly adviceInOneLine: boolean } {
  // A round border and one column of padding each side.
  const inner = size.width - 4;
  const lines = (text: string, marker = '') => wrappedLines(text, inner - marker.length);
  const prose = (text: string, marker = '') => proseLines(text, inner - marker.length).length;
  const sum = (values: readonly number[]) => values.reduce((a, b) => a + b, 0);
  const { labels } = shown;
  const notes = (adviceInOneLine: boolean) => sum(notesOf(confirmation, adviceInOneLine).map((note) => prose(note.text, note.marker)));
  const fixed =
    prose(confirmation.summary) +
    prose(verdictOf(confirmation).text) +
    sum(reasonsOf(confirmation).deciding.map((reason) => prose(reason, REASON))) +
    (shown.sandbox ? prose(sandboxText(confirmation)) : 0) +
    1 + // "Plan, 1 call, exactly:", or the line that says it is too long
    (labels === undefined ? 0 : lines(labels.short) + 1) +
    (labels !== undefined && shown.typed !== '' ? 1 : 0) +
    (labels === undefined && shown.canConfirm ? 1 : 0) +
    (shown.refusal === null ? 0 : lines(`✖ ${shown.refusal}`)) +
    1; // the keys
  const plan = sum(confirmation.calls.map((call, i) => lines(describeCall(call), callMarker(i))));
  const reasonLines = (label: keyof Labels) => (labels === undefined ? 0 : lines(labels[label]) - lines(labels.short));
  const needed = plan + Math.min(reasonLines('beyondBlock'), reasonLines('full'));
  const layouts = [
    { adviceInOneLine: false, titleLines: lines(shown.title) },
    ...(confirmation.recommendedInstead === undefined ? [] : [{ adviceInOneLine: true, titleLines: lines(shown.title) }]),
    { adviceInOneLine: confirmation.recommendedInstead !== undefined, titleLines: 1 },
  ].map((layout) => ({ ...layout, room: size.height - 2 - fixed - layout.titleLines - notes(layout.adviceInOneLine) }));
  // A plan too long for any of them (an Argo Rollout's whole template) is cut, or said in a line, in the first that
  // keeps what the block's reasons do not say and the field to type in.
  const reason = reasonLines('beyondBlock');
  const chosen =
    layouts.find((layout) => needed <= layout.room) ??
    layouts.find((layout) => plan <= layout.room) ??
    layouts.find((layout) => layout.room - reason >= 2) ??
    layouts.find((layout) => layout.room - reason >= 0) ??
    layouts.find((layout) => layout.room >= 0) ??
    layouts.at(-1)!;
  const { room } = chosen;
  const whole = plan <= room;
  // Whole, the plan first, then the reason to type; cut anyway, what the block's reasons do not say comes before the
  // plan's lines (the undo of a rollback on an Argo Rollout lost "the burn stopped after act-1", and its field, to them).
  const label = labels === undefined ? 'short' : whole ? ((['full', 'beyondBlock'] as const).find((label) => plan + reasonLines(label) <= room) ?? 'short') : reason > 0 && reason <= room ? 'beyondBlock' : 'short';
  const left = room - (whole ? 0 : reasonLines(label));
  const passed = sum(reasonsOf(confirmation).passed.map((reason) => prose(reason, PASSED)));
  // Cut, the plan needs a line to say so; with no room for a line of it besides, its heading says it
  // all in one line; and with none even for that, the title takes one line (the phrase to type was
  // lost below an Argo plan at 80x24 with the status banner on screen).
  const planShown = whole ? 'whole' : left >= 2 ? 'cut' : 'none';
  return {
    passed: plan + reasonLines(label) + passed <= room,
    label,
    plan: planShown,
    // Cut, the line that says where it is takes one.
    planRows: planShown === 'cut' ? left - 1 : 0,
    titleOneLine: chosen.titleLines === 1 || (planShown === 'none' && left < 0),
    adviceInOneLine: chosen.adviceInOneLine,
  };
}

export function describeCall(call: PlannedCall): string {
  switch (call.kind) {
    case 'api':
      // A space after each separator: the same JSON, and it wraps between arguments, not inside a word.
      return `${call.operation} ${JSON.stringify(call.args, null, 1).replace(/\n */g, ' ')}`;
    case 'argv':
      return `$ ${argvText(call.argv)}${call.cwd === undefined ? '' : `   (in ${call.cwd})`}`;
    case 'file':
      return `edit ${call.path}: ${call.change}`;
  }
}
