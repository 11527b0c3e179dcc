import { Box, measureElement, Text, type DOMElement } from 'ink';
import { createContext, useContext, useLayoutEffect, useRef, useState, type ReactNode } from 'react';
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
  /** Says how many lines of its text were cut to fit (the text given whole, as a resolve dialog's is). */
  readonly sayCut?: boolean;
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
export function DialogFrame({ title, tone, size, keys, field, sayCut = false, children }: Props) {
  const theme = useTheme();
  const refusal = useContext(DialogRefusal);
  // What the text needs against what it is given: cut silently, the 80x24 resolve dialog lost "Changed during the
  // incident and still so: …" whole, and the responder resolved without it.
  const shown = useRef<DOMElement>(null);
  const whole = useRef<DOMElement>(null);
  const [cutLines, setCutLines] = useState(0);
  useLayoutEffect(() => {
    if (shown.current === null || whole.current === null) return;
    const cut = sayCut ? Math.max(0, measureElement(whole.current).height - measureElement(shown.current).height) : 0;
    if (cut !== cutLines) setCutLines(cut);
  });
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
        <Box ref={shown} flexDirection="column" flexShrink={1} overflowY="hidden">
          {/* Measured whole only where its text does not fit itself to the room (a confirmation cuts its plan, saying so). */}
          <Box ref={whole} flexDirection="column" flexShrink={sayCut ? 0 : 1}>
            <DialogTextWidth.Provider value={Math.max(1, size.width - FRAME_COLUMNS)}>{children}</DialogTextWidth.Provider>
          </Box>
        </Box>
        {cutLines > 0 ? (
          <Box flexShrink={0}>
            <Text wrap="wrap" color={theme.tone('warn')}>{`… ${cutLines} more line${cutLines === 1 ? '' : 's'} cut to fit: a larger terminal shows them`}</Text>
          </Box>
        ) : null}
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
