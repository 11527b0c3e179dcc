import { Box, Text } from 'ink';
import { DialogFrame } from './DialogFrame';
import { BINDINGS, DIALOG_KEYS } from './keys';
import type { IncidentView } from '../session/viewModel';
import type { Rect } from './layout';
import { Line, Span } from './Line';
import { LEGEND } from './symbols';
import { type Tone, useTheme } from './theme';

function Wrapped({ tone = 'plain', children }: { tone?: Tone; children: string }) {
  const theme = useTheme();
  return (
    <Box flexShrink={0}>
      <Text wrap="wrap" color={theme.tone(tone)}>
        {children}
      </Text>
    </Box>
  );
}

const KEY_WIDTH = 10;

/** Every key, from the same table the router uses; who to call and where to look; what every symbol means. */
export function HelpDialog({ size, incident, page = 0 }: { size: Rect; incident: IncidentView; page?: number }) {
  if (page % 2 === 1) {
    return (
      <DialogFrame title="SYMBOLS (one meaning each)" tone="info" size={size} keys={['Tab/←→ keys', 'Esc/? close']}>
        <Wrapped>{LEGEND.map(([symbol, meaning]) => `${symbol} ${meaning}`).join(' · ')}</Wrapped>
      </DialogFrame>
    );
  }
  return (
    <DialogFrame title="KEYS" tone="info" size={size} keys={['Tab/←→ symbols', 'Esc/? close']}>
      {BINDINGS.map((binding) => (
        <Line key={binding.command}>
          <Span bold>{binding.keys.padEnd(KEY_WIDTH)}</Span>
          {binding.help}
        </Line>
      ))}
      <Line tone="muted">
        In a dialog: {Object.values(DIALOG_KEYS).join(' · ')}
      </Line>
      {incident.escalation.length === 0 ? null : <Wrapped>{`Escalation: ${incident.escalation.join(' → ')}`}</Wrapped>}
      {Object.entries(incident.links).map(([name, url]) => (
        // A URL is copied from here: never cut.
        <Wrapped key={name}>{`${name}: ${url}`}</Wrapped>
      ))}
    </DialogFrame>
  );
}
