import { Box, Text } from 'ink';
import type { StepView } from '../session/viewModel';
import { DialogFrame } from './DialogFrame';
import type { Rect } from './layout';
import { Line } from './Line';

/**
 * The selected step, whole: the runbook panel cuts its hint where the screen is short (at 80x24,
 * "…rolling back …" hid "will not help then"), and the hint often holds the condition the step
 * is for.
 */
export function StepDialog({ step, index, size }: { step: StepView | undefined; index: number; size: Rect }) {
  const keys = ['Esc/Enter close'];
  if (step === undefined) {
    return (
      <DialogFrame title="RUNBOOK STEP" tone="info" size={size} keys={keys}>
        <Line tone="muted">no such step</Line>
      </DialogFrame>
    );
  }
  const lines = [
    ...(step.hint === undefined ? [] : [`hint: ${step.hint}`]),
    ...(step.check === undefined ? [] : [`check: ${step.check}`]),
    ...(step.verify === undefined ? [] : [`verify: ${step.verify}`]),
    ...(step.detail === undefined || step.detail === step.verify ? [] : [step.detail]),
    ...(step.skipReason === undefined ? [] : [`skipped: ${step.skipReason}`]),
    ...(step.output === undefined ? [] : [`output${step.output.more ? ` (last ${step.output.lines.length} lines; t reads the timeline)` : ''}:`, ...step.output.lines.map((line) => `  ${line}`)]),
  ];
  return (
    <DialogFrame title={`RUNBOOK STEP ${index + 1}. ${step.title}${step.action === undefined ? '' : ` [${step.action}]`}`} tone="info" size={size} keys={keys}>
      <Box flexDirection="column" flexShrink={1} overflowY="hidden">
        {lines.length === 0 ? <Line tone="muted">no hint, check or output</Line> : lines.map((line, i) => <Text key={i} wrap="wrap">{line}</Text>)}
      </Box>
    </DialogFrame>
  );
}
