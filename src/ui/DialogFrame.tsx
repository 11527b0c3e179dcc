import { Box, Text } from 'ink';
import { createContext, useContext, type ReactNode } from 'react';
import { wrapText } from './format';
import type { Rect } from './layout';
import { Line, Span } from './Line';
import { type Tone, useTheme } from './theme';

interface Props {
  readonly title: string;
  readonly tone: Tone;
  readonly size: Rect;
  /** The dialog's keys, e.g. ["Enter confirm", "Esc cancel"]: always visible at the bottom. */
  readonly keys: readonly string[];
  /** Where the responder types (a TextField): kept above the keys whatever the text above it needs (cut at 80x24, typing showed nothing). */
  readonly field?: ReactNode;
  readonly children: ReactNode;
}

/**
 * Why the dialog's last key was refused ("A reason is required to skip a step"): said inside the
 * dialog, above its keys, where the responder is looking, not on the screen's bottom line.
 */
export const DialogRefusal = createContext<string | null>(null);

/** The columns a dialog's text has inside its border and padding. */
export const DialogTextWidth = createContext<number | undefined>(undefined);
const FRAME_COLUMNS = 4;

/** A modal box over the body of the screen; its content shrinks (never its keys) when space is short. */
export function DialogFrame({ title, tone, size, keys, field, children }: Props) {
  const theme = useTheme();
  const refusal = useContext(DialogRefusal);
  // The outer box reserves the area; the frame is as tall as its content, up to that.
  return (
    <Box flexDirection="column" width={size.width} height={size.height} overflowY="hidden">
      <Box flexDirection="column" flexShrink={1} borderStyle="round" borderColor={theme.tone(tone)} paddingX={1} overflowY="hidden">
        {/* The title names what is asked (the step, the action): wrapped, never cut. */}
        <Box flexShrink={0}>
          <Text wrap="wrap" color={theme.tone(tone)} bold>
            {title}
          </Text>
        </Box>
        <Box flexDirection="column" flexShrink={1} overflowY="hidden">
          <DialogTextWidth.Provider value={Math.max(1, size.width - FRAME_COLUMNS)}>{children}</DialogTextWidth.Provider>
        </Box>
        {field}
        {refusal === null ? null : (
          <Box flexShrink={0}>
            <Text wrap="wrap" color={theme.tone('bad')}>
              ✖ {refusal}
            </Text>
          </Box>
        )}
        <Box flexShrink={0}>
          <Line tone="muted">{keys.join(' · ')}</Line>
        </Box>
      </Box>
    </Box>
  );
}

/** A dialog's sentence: wrapped at the dialog's width, never cut (what it says decides the answer). */
export function DialogText({ tone = 'plain', bold, children }: { tone?: Tone; bold?: boolean; children: ReactNode }) {
  const theme = useTheme();
  const width = useContext(DialogTextWidth);
  const text = plainText(children);
  // Wrapped here between words: Ink's wrap keeps the space a full line ends before, and the next line began with it.
  const shown = width === undefined || text === undefined ? children : text.split('\n').flatMap((paragraph) => wrapText(paragraph, width)).join('\n');
  return (
    <Box flexShrink={0}>
      <Text wrap="wrap" color={theme.tone(tone)} bold={bold}>
        {shown}
      </Text>
    </Box>
  );
}

/** The children as one string, when they are only text. */
function plainText(children: ReactNode): string | undefined {
  const parts = Array.isArray(children) ? children : [children];
  return parts.every((part) => typeof part === 'string' || typeof part === 'number') ? parts.join('') : undefined;
}

/** A text field: what was typed and a block cursor (no real cursor: the frame is the truth). */
export function TextField({ label, text }: { label: string; text: string }) {
  return (
    <Box flexShrink={0} flexDirection="column">
      <Text wrap="wrap">{label}</Text>
      <Line>
        <Span bold>&gt; {text}</Span>▌
      </Line>
    </Box>
  );
}
