import { Box } from 'ink';
import { memo, type ReactNode } from 'react';
import type { StepStatusView, StepView } from '../session/viewModel';
import type { Rect } from './layout';
import { Line, Span } from './Line';
import type { Tone } from './theme';

const STATUS: Readonly<Record<StepStatusView, { symbol: string; word: string; tone: Tone }>> = {
  pending: { symbol: '○', word: 'to do', tone: 'muted' },
  running: { symbol: '◐', word: 'RUNNING', tone: 'info' },
  done: { symbol: '✓', word: 'done', tone: 'ok' },
  skipped: { symbol: '↷', word: 'skipped', tone: 'muted' },
  failed: { symbol: '✖', word: 'FAILED', tone: 'bad' },
  interrupted: { symbol: '⚠', word: 'INTERRUPTED', tone: 'warn' },
  unwatched: { symbol: '◌', word: 'NOT WATCHED', tone: 'warn' },
};

interface Props {
  readonly steps: readonly StepView[];
  readonly selected: number;
  readonly nextStep: number;
  readonly size: Rect;
}

interface StepLine {
  readonly step: number;
  readonly node: ReactNode;
}

export const StepsPanel = memo(function StepsPanel({ steps, selected, nextStep, size }: Props) {
  const done = steps.filter((step) => step.status === 'done' || step.status === 'skipped').length;
  const lines = steps.flatMap((step, index) => stepLines(step, index, index === selected, index === nextStep));
  const visible = windowAround(lines, selected, Math.max(0, size.height - 1));
  return (
    <Box flexDirection="column" width={size.width} height={size.height} overflowY="hidden">
      <Line>
        <Span bold>RUNBOOK</Span>
        <Span tone="muted">
          {' '}
          {done}/{steps.length} done or skipped{nextStep >= 0 ? ` · next: ${nextStep + 1}. ${steps[nextStep]?.title ?? ''}` : ' · all steps handled'}
        </Span>
      </Line>
      {visible.map((line) => line.node)}
    </Box>
  );
});

function stepLines(step: StepView, index: number, selected: boolean, next: boolean): StepLine[] {
  const status = STATUS[step.status];
  const lines: StepLine[] = [
    {
      step: index,
      node: (
        <Line key={step.id} bold={selected} inverse={selected}>
          {selected ? '› ' : '  '}
          <Span tone={status.tone}>{status.symbol}</Span> {index + 1}. {step.title}
          {step.action === undefined ? '' : <Span tone="info"> [{step.action}]</Span>}
          <Span tone={status.tone}> {status.word}</Span>
          {next ? <Span tone="accent"> ◀ next</Span> : ''}
        </Line>
      ),
    },
  ];
  const detail = (key: string, tone: Tone, text: string) => lines.push({ step: index, node: <Line key={`${step.id}-${key}`} tone={tone}>{`      ${text}`}</Line> });
  if (selected && step.hint !== undefined) detail('hint', 'info', `hint: ${step.hint}`);
  // Until the check has a word of its own (progress or failure): what it checks and how to start it, within wantedLines' three.
  if (selected && step.check !== undefined && step.verify === undefined && step.status !== 'running' && step.status !== 'done') detail('check', 'info', `check: ${step.check} · Enter starts it, d overrides it`);
  if ((selected || step.status === 'running') && step.verify !== undefined) detail('verify', 'plain', `verify: ${step.verify}`);
  if (step.detail !== undefined && (selected || step.status === 'failed' || step.status === 'interrupted' || step.status === 'unwatched')) detail('detail', status.tone, step.detail);
  if (selected && step.skipReason !== undefined) detail('skip', 'muted', `skipped: ${step.skipReason}`);
  return lines;
}

/** The lines to show in `height`: all of the selected step's lines, with one line of context above when possible. */
function windowAround(lines: readonly StepLine[], selected: number, height: number): readonly StepLine[] {
  if (lines.length <= height) return lines;
  const first = lines.findIndex((line) => line.step === selected);
  const last = lines.length - 1 - [...lines].reverse().findIndex((line) => line.step === selected);
  let start = Math.max(0, first - 1);
  if (last >= start + height) start = last - height + 1;
  start = Math.min(start, lines.length - height);
  return lines.slice(Math.max(0, start), Math.max(0, start) + height);
}
