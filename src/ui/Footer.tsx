import { Box } from 'ink';
import { footerLine, type FooterOptions } from './keys';
import type { Rect } from './layout';
import { Line } from './Line';

/** The keys, generated from the binding table; a dialog shows its own keys inside it; the step keys only with a step on screen. */
export function Footer({ size, dialogOpen, keys }: { size: Rect; dialogOpen: boolean; keys: FooterOptions }) {
  return (
    <Box width={size.width} height={size.height} overflowY="hidden">
      <Line tone="muted">{dialogOpen ? 'Ctrl-C quit' : footerLine(size.width, keys)}</Line>
    </Box>
  );
}
