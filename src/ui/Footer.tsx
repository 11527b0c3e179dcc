import { Box } from 'ink';
import type { IncidentStatus } from '../core/incident';
import { footerLine } from './keys';
import type { Rect } from './layout';
import { Line } from './Line';

/** The keys, generated from the binding table; a dialog shows its own keys inside it; the step keys only with a step on screen. */
export function Footer({ size, dialogOpen, status, steps = true, readOnly = false }: { size: Rect; dialogOpen: boolean; status: IncidentStatus; steps?: boolean; readOnly?: boolean }) {
  return (
    <Box width={size.width} height={size.height} overflowY="hidden">
      <Line tone="muted">{dialogOpen ? 'Ctrl-C quit' : footerLine(size.width, status, steps, readOnly)}</Line>
    </Box>
  );
}
