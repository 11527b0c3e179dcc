import { Box } from 'ink';
import { memo, type ReactNode } from 'react';
import type { PassedOver } from '../core/nextStep';
import type { StepStatusView, StepView } from '../session/viewModel';
import type { Rect } from './layout';
import { truncate, wrapText } from './format';
import { Line, Span } from './Line';
import type { Tone } from './theme';

const STATUS: Readonly<Record<StepStatusView, { symbol: string; word: string; tone: Tone }>> = {
  pending: { symbol: '○', word: 'to do', tone: 'muted' },
  started: { symbol: '◔', word: 'started', tone: 'info' },
  awaiting: { symbol: '◇', word: 'CONFIRMING', tone: 'info' },
  running: { symbol: '⟳', word: 'RUNNING', tone: 'info' },
  done: { symbol: '✓', word: 'done', tone: 'ok' },
  skipped: { symbol: '↷', word: 'skipped', tone: 'muted' },
  failed: { symbol: '✖', word: 'FAILED', tone: 'bad' },
  interrupted: { symbol: '⚠', word: 'INTERRUPTED', tone: 'warn' },
  unwatched: { symbol: '◌', word: 'NOT WATCHED', tone: 'warn' },
};

/** A step marked done although its action never ran: never drawn like a ✓ done. */
function statusOf(step: StepView): { symbol: string; word: string; tone: Tone } {
  if (step.status === 'done' && step.manual !== undefined) return { symbol: '✎', word: `marked done without running ${step.manual.action}: ${step.manual.reason}`, tone: 'warn' };
  if (step.status === 'done' && step.overridden !== undefined) return { symbol: '✎', word: `check overridden, not passed${step.overridden === '' ? '' : `: ${step.overridden}`}`, tone: 'warn' };
  // Its change was taken back: to do again, though not `○ to do` as if it had never run.
  if (step.status === 'pending' && step.undone !== undefined) return { symbol: '↺', word: `undone by ${step.undone}`, tone: 'warn' };
  return STATUS[step.status];
}

interface Props {
  readonly steps: readonly StepView[];
  readonly selected: number;
  readonly nextStep: number;
  /** The open steps the runbook passes over, and why (the view's `passedOver`). */
  readonly passed: PassedOver;
  readonly size: Rect;
  /** The incident is resolved: nothing is next. */
  readonly resolved?: boolean;
  /** An SLO still burns (the view's `incident.burning`): "all steps handled" is not the end of it. */
  readonly burning?: boolean;
}

interface StepLine {
  readonly step: number;
  readonly node: ReactNode;
  /** A hint line's text: the first to go when the selected step's lines do not fit. */
  readonly hint?: string;
}

/** Whether the panel shows a step at `size` (its title line and one more): the step keys act on what is seen. */
export function stepsOnScreen(size: Rect): boolean {
  return size.height >= 2 && size.width > 0;
}

export const StepsPanel = memo(function StepsPanel({ steps, selected, nextStep, passed, size, resolved = false, burning = false }: Props) {
  const done = steps.filter((step) => step.status === 'done' || step.status === 'skipped').length;
  const lines = steps.flatMap((step, index) => stepLines(step, index, index === selected, index === nextStep, size.width));
  const { visible, hidden } = fitSteps(lines, steps.length, selected, Math.max(0, size.height - 1));
  // No line for the `… not shown` row (a panel of two lines): the heading says it, before its own detail.
  const unsaid = hidden.length === 0 ? shownCount(steps.length, visible) : 0;
  const note = unsaid === 0 ? '' : ` · ${unsaid} more (↑↓)`;
  const headingWidth = size.width - HEADING.length - 1 - note.length;
  return (
    <Box flexDirection="column" width={size.width} height={size.height} overflowY="hidden">
      <Line>
        <Span bold>{HEADING}</Span>
        <Span tone="muted"> {fitted(headingText(steps, done, resolved ? undefined : { nextStep, passed, burning, shown: visible.some((line) => line.step === nextStep) }, headingWidth), note, headingWidth)}</Span>
        <Span tone="muted">{note}</Span>
      </Line>
      {visible.map((line) => line.node)}
      {hidden.length === 0 ? null : <Line tone="muted">{`  … ${hidden.map((i) => `${i + 1}.`).join(' ')} not shown (↑↓ moves)`}</Line>}
    </Box>
  );
});

const HEADING = 'RUNBOOK';

/**
 * The count and where the runbook is, in `width` when it can be. As the width shrinks, what goes:
 * words of the count, then the end of the next step's title, then the title, where the list shows
 * the next step (`◀ next`); why steps are passed over stays. Where the list does not show it, why
 * goes before the title does (their numbers stay): at 80x24 it read `next: 1. (3. passed over: not
 * needed unless the burn goes on)` with another step the only one on screen.
 */
function headingText(steps: readonly StepView[], done: number, next: { readonly nextStep: number; readonly passed: PassedOver; readonly burning: boolean; readonly shown: boolean } | undefined, width: number): string {
  const count = `${done}/${steps.length}`;
  if (next === undefined) return `${count} done or skipped${undone(steps)}`;
  const where = whereNext(steps, next.nextStep, next.passed, next.burning);
  const brief = { ...where, short: where.brief };
  // The short word counts what it says: `2/5 done` stood for a skipped step and the rollback.
  const short = `${count} ${steps.some((step) => step.status === 'skipped') ? 'handled' : 'done'}`;
  const candidates = [
    `${count} done or skipped${where.full}`,
    `${short}${where.full}`,
    ...cutTitle(short, where, width),
    ...(where.briefFull === undefined || next.shown ? [] : [`${short}${where.briefFull}`, ...cutTitle(short, brief, width)]),
    `${count} done or skipped${where.short}`,
    `${short}${where.short}`,
  ];
  return candidates.find((text) => text.length <= width) ?? candidates.at(-1)!;
}

/** The least of the next step's title worth showing: fewer letters say nothing the `◀ next` mark does not. */
const MIN_NEXT_TITLE = 12;

/** `next: 1. Confirm custo… (2. passed over: …)`: the title cut, rather than dropped, where some of it fits. */
function cutTitle(count: string, where: { readonly title?: string; readonly short: string }, width: number): string[] {
  if (where.title === undefined) return [];
  const at = where.short.indexOf(' (');
  const [head, because] = at < 0 ? [where.short, ''] : [where.short.slice(0, at), where.short.slice(at)];
  const room = width - count.length - head.length - 1 - because.length;
  return room >= MIN_NEXT_TITLE ? [`${count}${head} ${truncate(where.title, room)}${because}`] : [];
}

/** A resolved incident's runbook: nothing is next; what was left undone is named (a step whose change was taken back, as such). */
function undone(steps: readonly StepView[]): string {
  const left = steps.flatMap((step, index) => (step.status === 'done' || step.status === 'skipped' || step.undone !== undefined ? [] : [`${index + 1}.`]));
  const takenBack = undoneSteps(steps);
  if (left.length === 0) return takenBack === '' ? allHandled(steps) : ` · resolved with ${takenBack}`;
  return ` · resolved with ${left.join(', ')} not done${takenBack === '' ? '' : `, ${takenBack}`}`;
}

/**
 * `3. undone`: the open steps whose change was taken back. Never next, they are no step left to
 * do; but "all steps handled" alone stood beside `↺ undone by act-3` and the resolve dialog's
 * `3. Roll back (undone by act-3)`.
 */
function undoneSteps(steps: readonly StepView[]): string {
  const indexes = steps.flatMap((step, index) => (step.status === 'pending' && step.undone !== undefined ? [`${index + 1}.`] : []));
  return indexes.length === 0 ? '' : `${indexes.join(', ')} undone`;
}

/**
 * ` · all steps handled`; ` · nothing next (3. undone)` with a step whose change was taken back: "all steps handled (3.
 * undone)" stood above the resolve dialog's list of that step as not done.
 */
function allHandled(steps: readonly StepView[]): string {
  const takenBack = undoneSteps(steps);
  return takenBack === '' ? ' · all steps handled' : ` · nothing next (${takenBack})`;
}

/**
 * The step to start next, and the open steps before it, which the runbook passes over
 * (core/nextStep.ts): mitigations not needed unless the burn goes on after one that was done, or, next
 * to the change the evidence recommends, one of the other kind. Said, so a step left "to do" is
 * not read as forgotten, nor "all steps handled" as a lie.
 */
function whereNext(steps: readonly StepView[], nextStep: number, passed: PassedOver, burning: boolean): { readonly full: string; readonly short: string; readonly brief: string; readonly briefFull?: string; readonly title?: string } {
  // A step passed over "unless the burn goes on" that its safety check blocks is no fallback: ⊘ says so first (a 80x24
  // heading read `3. passed over: not needed unless th…` of the rollback a contract migration blocks).
  const numbered = (index: number) => `${index + 1}.${steps[index]?.blocked ? '⊘' : ''}`;
  const why = passed.indexes.length === 0 ? '' : `${passed.indexes.map(numbered).join(', ')} passed over: ${passed.why}`;
  if (nextStep < 0) {
    // Beside a burn, the runbook is spent, not the incident (search-api at 15.8x read "all steps handled").
    const takenBack = undoneSteps(steps);
    // A look placed before the change that worked, left to do by hand: "all steps handled" stood above `○ 1. Confirm
    // customer impact to do`.
    const left = steps.flatMap((step, index) => (step.status !== 'done' && step.status !== 'skipped' && step.status !== 'running' && step.undone === undefined && !passed.indexes.includes(index) ? [`${index + 1}.`] : []));
    const reasons = [...(left.length === 0 ? [] : [`${left.join(', ')} to do`]), ...(why === '' ? [] : [why]), ...(takenBack === '' ? [] : [takenBack])];
    const text = why === '' && left.length === 0 ? `${allHandled(steps)}${burning ? ', still burning' : ''}` : ` · nothing next (${reasons.join('; ')})`;
    return { full: text, short: text, brief: text };
  }
  const because = why === '' ? '' : ` (${why})`;
  const numbers = passed.indexes.length === 0 ? '' : ` (${passed.indexes.map(numbered).join(', ')} passed over)`;
  const title = steps[nextStep]?.title ?? '';
  return {
    full: ` · next: ${nextStep + 1}. ${title}${because}`,
    short: ` · next: ${nextStep + 1}.${because}`,
    brief: ` · next: ${nextStep + 1}.${numbers}`,
    ...(numbers === '' ? {} : { briefFull: ` · next: ${nextStep + 1}. ${title}${numbers}` }),
    title,
  };
}

/**
 * "◀ next" marks the step to start next; a step already running says RUNNING, which is where the
 * runbook is (with the marker too, a long title's line wrapped at 80 columns for one word more).
 */
const pointsAt = (step: StepView, next: boolean) => next && step.status !== 'running';

/** Where the selected step's hint is cut for room: `h` reads it whole (StepDialog). */
const CUT = ' … h more';
const hintLine = (key: string, text: string) => (
  <Line key={key} tone="info">
    {`      ${text}`}
  </Line>
);

/** Continuation lines of a wrapped step line start under its title. */
const TITLE_INDENT = '      ';

/**
 * The selected step's line in words: its title and status are never cut, the line wraps instead
 * (the responder decides on them). Other steps keep one line each.
 */
export function selectedStepText(step: StepView, index: number, next: boolean, width: number): string[] {
  const status = statusOf(step);
  const text = `› ${status.symbol} ${index + 1}. ${step.title}${step.action === undefined ? '' : ` [${step.action}]`} ${status.word}${pointsAt(step, next) ? ' ◀ next' : ''}`;
  return wrapText(text, width, TITLE_INDENT);
}

/** Lines the selected step takes at `width`, with its hint, verify and detail lines. */
export function selectedStepLines(step: StepView | undefined, index: number, next: boolean, width: number): number {
  if (step === undefined) return 0;
  return stepLines(step, index, true, next, width).length;
}

/** Lines every step takes at `width` (the selected one whole, the others' failures and checks): what the panel could fill. */
export function allStepsLines(steps: readonly StepView[], selected: number, nextStep: number, width: number): number {
  return steps.reduce((sum, step, index) => sum + stepLines(step, index, index === selected, index === nextStep, width).length, 0);
}

/**
 * A step's one line at `width`: the title gives way (cut, then the action tag dropped) before its
 * status and "◀ next", which the line's end cut (`✓ 3. Roll the Rollout back … [deploys.rollback] do…`).
 */
function fitStepLine(step: StepView, index: number, word: string, next: boolean, width: number): { title: string; action?: string } {
  const length = (text: string) => Array.from(text).length;
  const fixed = length(`› ○ ${index + 1}. `) + length(` ${word}${next ? ' ◀ next' : ''}`);
  const tag = step.action === undefined ? 0 : length(` [${step.action}]`);
  if (fixed + length(step.title) + tag <= width) return { title: step.title, ...(step.action === undefined ? {} : { action: step.action }) };
  // The tag goes before the title is cut to almost nothing: the title is what the responder reads.
  const keepTag = step.action !== undefined && width - fixed - tag >= MIN_TITLE;
  return { title: truncate(step.title, Math.max(1, width - fixed - (keepTag ? tag : 0))), ...(keepTag ? { action: step.action! } : {}) };
}

/** Title characters kept beside the action tag before the tag gives way. */
const MIN_TITLE = 16;

function stepLines(step: StepView, index: number, selected: boolean, next: boolean, width: number): StepLine[] {
  const status = statusOf(step);
  // A selected step too long for one line wraps as plain words (inverse, so still the selection).
  const wrapped = selected ? selectedStepText(step, index, next, width) : [];
  const { title, action } = fitStepLine(step, index, status.word, pointsAt(step, next), width);
  const oneLine: StepLine = {
    step: index,
    node: (
      <Line key={step.id} bold={selected} inverse={selected}>
        {selected ? '› ' : '  '}
        <Span tone={status.tone}>{status.symbol}</Span> {index + 1}. {title}
        {action === undefined ? '' : <Span tone="info"> [{action}]</Span>}
        <Span tone={status.tone}> {status.word}</Span>
        {pointsAt(step, next) ? <Span tone="accent"> ◀ next</Span> : ''}
      </Line>
    ),
  };
  const lines: StepLine[] =
    wrapped.length > 1
      ? wrapped.map((text, i) => ({ step: index, node: <Line key={`${step.id}-title-${i}`} bold inverse>{text}</Line> }))
      : [oneLine];
  const detail = (key: string, tone: Tone, text: string) => lines.push({ step: index, node: <Line key={`${step.id}-${key}`} tone={tone}>{`      ${text}`}</Line> });
  // The selected step's hint often says where to look: wrapped like its title, cut only when its status would not fit.
  if (selected && step.hint !== undefined) {
    // Room for the ` …` a cut hint ends with: half a sentence read as its whole ("…; rolling back").
    wrapText(`hint: ${step.hint}`, Math.max(1, width - TITLE_INDENT.length - CUT.length)).forEach((text, i) =>
      lines.push({ step: index, node: hintLine(`${step.id}-hint-${i}`, text), hint: text }),
    );
  }
  // Until the check has a word of its own (progress or failure): what it checks and how to start it, within wantedLines' three.
  if (selected && step.check !== undefined && step.verify === undefined && step.status !== 'running' && step.status !== 'done') detail('check', 'info', `check: ${step.check} · Enter starts it, d overrides it`);
  if ((selected || step.status === 'running') && step.verify !== undefined) detail('verify', 'plain', `verify: ${step.verify}`);
  // A failed check's detail is its verify line's words: said once.
  const detailSaid = (selected || step.status === 'running') && step.verify !== undefined && step.detail === step.verify;
  // A done step's detail is the burn come back after its check passed: said whether selected or not, as a warning.
  if (step.detail !== undefined && !detailSaid && (selected || step.status === 'failed' || step.status === 'interrupted' || step.status === 'unwatched' || step.status === 'done')) detail('detail', step.status === 'done' ? 'warn' : status.tone, step.detail);
  if (selected && step.skipReason !== undefined) detail('skip', 'muted', `skipped: ${step.skipReason}`);
  if (selected && step.undo !== undefined && step.status !== 'running') detail('undo', 'muted', `U undoes it: ${step.undo.summary}`);
  // What its command printed, where it was run (while it runs, the running line shows its newest).
  if (selected && step.output !== undefined && step.status !== 'running') {
    detail('output', 'muted', `output${step.output.more ? ` (last ${step.output.lines.length} lines; t reads the timeline)` : ''}:`);
    step.output.lines.forEach((text, i) => detail(`output-${i}`, 'plain', `  ${text}`));
  }
  return lines;
}

/** The heading cut to leave room for the note after it: the terminal cut the line's end, and with it `· 4 more (↑↓)`. */
const fitted = (heading: string, note: string, width: number) => (note === '' ? heading : truncate(heading, Math.max(1, width)));

/** How many steps no line shows. */
const shownCount = (count: number, visible: readonly StepLine[]) => count - new Set(visible.map((line) => line.step)).size;

/**
 * The lines to show in `height`, and the steps they leave out: with three lines or more, one says
 * which (at 80x24 a runbook of three steps showed the first alone, with nothing said of the rest).
 */
function fitSteps(lines: readonly StepLine[], count: number, selected: number, height: number): { visible: readonly StepLine[]; hidden: readonly number[] } {
  const all = windowAround(lines, selected, height);
  if (all.length === lines.length || height < 3) return { visible: all, hidden: [] };
  const visible = windowAround(lines, selected, height - 1);
  const shown = new Set(visible.map((line) => line.step));
  return { visible, hidden: Array.from({ length: count }, (_, i) => i).filter((i) => !shown.has(i)) };
}

/**
 * The lines to show in `height`: all of the selected step's lines, with one line of context above
 * when possible. When they do not fit, its title and status stay and what its check said, and
 * the hint's lines go first (the runbook keeps the hint; `FAILED` and why are only here).
 */
function windowAround(lines: readonly StepLine[], selected: number, height: number): readonly StepLine[] {
  if (lines.length <= height) return lines;
  const first = lines.findIndex((line) => line.step === selected);
  const own = lines.filter((line) => line.step === selected);
  if (own.length > height) {
    // The hint's last lines go first: what is left of it still starts with "hint:", and says it is cut.
    const hints = own.filter((line) => line.hint !== undefined);
    const kept = Math.max(0, hints.length - (own.length - height));
    const lastKept = kept > 0 && kept < hints.length ? hints[kept - 1] : undefined;
    return own
      .filter((line) => line.hint === undefined || hints.indexOf(line) < kept)
      .map((line) => (line === lastKept ? { ...line, node: hintLine(`cut-${selected}`, `${line.hint}${CUT}`) } : line))
      .slice(0, height);
  }
  const last = first + own.length - 1;
  let start = Math.max(0, first - 1);
  if (last >= start + height) start = last - height + 1;
  start = Math.max(0, Math.min(start, lines.length - height));
  // Never a step's later lines without its title (a failure's detail stood alone, its step counted as shown).
  while (start < first && start > 0 && lines[start - 1]!.step === lines[start]!.step) start += 1;
  return lines.slice(start, start + height);
}
