import { Box, Text } from 'ink';
import { decidingReasons, passedReasons, type PlannedCall, type SafetyVerdict } from '../core/actions';
import { argvText } from '../core/argvText';
import type { ConfirmationView } from '../session/viewModel';
import { DialogFrame, TextField } from './DialogFrame';
import { DIALOG_KEYS } from './keys';
import type { Rect } from './layout';
import { Line } from './Line';
import { type Tone, useTheme } from './theme';

const VERDICT: Readonly<Record<SafetyVerdict['level'], { tone: Tone; text: string }>> = {
  ok: { tone: 'ok', text: '✓ SAFE to run after confirmation' },
  typed: { tone: 'warn', text: '⚠ RISKY: type to confirm' },
  blocked: { tone: 'bad', text: '⊘ BLOCKED: refused unless you type the override' },
  unsupported: { tone: 'bad', text: '⊘ NOT POSSIBLE through this provider' },
};

/**
 * Text that decides (the verdict, its reasons, what to type): wrapped, never cut, never shrunk
 * away. After a `marker` ("  · ", "  1. ") the wrapped lines start under the text, not under the
 * marker, so a reason's second line never reads as a line of its own.
 */
function Wrapped({ tone, bold, marker, children }: { tone?: Tone; bold?: boolean; marker?: string; children: string }) {
  const theme = useTheme();
  const color = theme.tone(tone ?? 'plain');
  return (
    <Box flexShrink={0}>
      {marker === undefined ? null : (
        <Box flexShrink={0}>
          <Text color={color}>{marker}</Text>
        </Box>
      )}
      <Box flexShrink={1}>
        <Text wrap="wrap" color={color} bold={bold}>
          {children}
        </Text>
      </Box>
    </Box>
  );
}

/** Yoga shrinks boxes in proportion to this: the facts beside the plan shrink (to nothing) before the plan does. */
const SHRINKS_FIRST = 1_000;

interface Props {
  readonly confirmation: ConfirmationView;
  /** The title of the step the action belongs to, when it belongs to one. */
  readonly stepTitle?: string;
  readonly typed: string;
  readonly size: Rect;
  /** A sandbox drill: the calls go to the drill's sandbox, whatever the runbook names (`cluster: prod`). */
  readonly sandbox?: boolean;
}

/**
 * The last look before something changes the world: the exact calls (API operation and
 * arguments, or argv), the safety verdict with its reasons, and, for a risky action, the
 * phrase to type. Enter confirms only when the typed text matches exactly; Esc cancels.
 */
export function ConfirmDialog({ confirmation, stepTitle, typed, size, sandbox }: Props) {
  const verdict = VERDICT[confirmation.safety.level];
  const phrase = confirmation.typeToConfirm;
  const canConfirm = confirmation.safety.level !== 'unsupported' && (phrase === undefined || typed === phrase);
  const keys = canConfirm ? [DIALOG_KEYS.submit, DIALOG_KEYS.cancel] : [DIALOG_KEYS.cancel];
  const step = stepTitle === undefined ? '' : ` · step: ${stepTitle}`;
  return (
    <DialogFrame title={`CONFIRM ${confirmation.name}${step}`} tone={verdict.tone} size={size} keys={keys}>
      {/* What will happen, in one sentence the responder must read whole (a command, its revisions). */}
      <Wrapped bold>{confirmation.summary}</Wrapped>
      <Wrapped tone={verdict.tone} bold>
        {verdict.text}
      </Wrapped>
      {decidingReasons(confirmation.safety).map((reason, i) => (
        <Wrapped key={i} tone={verdict.tone} marker="  · ">
          {reason}
        </Wrapped>
      ))}
      {/*
        Checks that passed ("one revision back") are facts, never shown as what blocks. Short of
        room, these lines give theirs up before the plan does (at 80x24 a blocked rollback's
        dialog dropped the plan's second line, its target, under "exactly").
      */}
      <Box flexDirection="column" flexShrink={SHRINKS_FIRST} overflowY="hidden">
        {passedReasons(confirmation.safety).map((reason, i) => (
          <Wrapped key={`passed-${i}`} tone="muted" marker="  ✓ ">
            {reason}
          </Wrapped>
        ))}
      </Box>
      {/* One line at 80 columns, never cut: cut, "…the names in them are the runbook's," lost "nothing real is touched". */}
      {sandbox ? <Wrapped tone="muted">Calls go to the drill's sandbox: nothing real is touched.</Wrapped> : null}
      <Line>
        Plan, {confirmation.calls.length} {confirmation.calls.length === 1 ? 'call' : 'calls'}, exactly:
      </Line>
      <Box flexDirection="column" flexShrink={1} overflowY="hidden">
        {confirmation.calls.map((call, i) => (
          // The plan wraps inside the box rather than hiding arguments behind "…".
          <Wrapped key={i} marker={`  ${i + 1}. `}>
            {describeCall(call)}
          </Wrapped>
        ))}
      </Box>
      {phrase === undefined ? null : (
        <TextField
          label={`Type "${phrase}" to confirm${confirmation.typeReason === undefined ? '' : ` (${confirmation.typeReason})`}:`}
          text={typed}
        />
      )}
      {phrase !== undefined && typed !== '' ? (
        <Line tone={typed === phrase ? 'ok' : 'warn'}>{typed === phrase ? '✓ matches: Enter to confirm' : '≠ does not match yet'}</Line>
      ) : null}
      {phrase === undefined && canConfirm ? <Line tone="muted">Enter runs it.</Line> : null}
    </DialogFrame>
  );
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
