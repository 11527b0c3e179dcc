import { Box, Text } from 'ink';
import { DialogFrame } from './DialogFrame';
import { helpLastTop, helpLines, helpRoom } from './helpLines';
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
export function HelpDialog({ size, incident, page = 0, top = 0 }: { size: Rect; incident: IncidentView; page?: number; top?: number }) {
  if (page % 2 === 1) {
    return (
      <DialogFrame title="SYMBOLS (one meaning each)" tone="info" size={size} keys={['Tab/←→ keys', 'Esc/? close']}>
        <Wrapped>{LEGEND.map(([symbol, meaning]) => `${symbol} ${meaning}`).join(' · ')}</Wrapped>
      </DialogFrame>
    );
  }
  const lines = helpLines(incident);
  // What fits shows lines from `top` on; the last page fills the dialog.
  const room = helpRoom(size);
  const from = Math.min(top, helpLastTop(incident, room));
  const shown = lines.slice(from, from + room);
  const more = lines.length > shown.length;
  const keys = more ? ['↑↓/PgUp/PgDn scroll', 'Tab/←→ symbols', 'Esc/? close'] : ['Tab/←→ symbols', 'Esc/? close'];
  return (
    <DialogFrame title="KEYS" tone="info" size={size} keys={keys}>
      {shown.map((line, i) =>
        line.kind === 'key' ? (
          <Line key={`${from + i}`}>
            <Span bold>{line.keys.padEnd(KEY_WIDTH)}</Span>
            {line.help}
          </Line>
        ) : (
          <Wrapped key={`${from + i}`} tone={line.muted ? 'muted' : 'plain'}>
            {line.text}
          </Wrapped>
        ),
      )}
      {more ? <Line tone="muted">{`lines ${from + 1}-${from + shown.length} of ${lines.length}${from + shown.length < lines.length ? ' · ↓ more below' : ''}`}</Line> : null}
    </DialogFrame>
  );
}
