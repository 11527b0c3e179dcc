import { Box, Text } from 'ink';
import type { ReactNode } from 'react';
import { type Tone, useTheme } from './theme';

/**
 * One line of text that never wraps: cut with "…" at its box's width. It never shrinks either:
 * a box too short for its lines clips the last ones instead of drawing lines over each other.
 */
export function Line({ tone = 'plain', bold, inverse, children }: { tone?: Tone; bold?: boolean; inverse?: boolean; children: ReactNode }) {
  const theme = useTheme();
  return (
    <Box flexShrink={0}>
      <Text wrap="truncate-end" color={theme.tone(tone)} bold={bold} inverse={inverse}>
        {children}
      </Text>
    </Box>
  );
}

/** A coloured run inside a `Line`. */
export function Span({ tone = 'plain', bold, inverse, children }: { tone?: Tone; bold?: boolean; inverse?: boolean; children: ReactNode }) {
  const theme = useTheme();
  return (
    <Text color={theme.tone(tone)} bold={bold} inverse={inverse}>
      {children}
    </Text>
  );
}
