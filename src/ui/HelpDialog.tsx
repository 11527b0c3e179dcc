import { Box, Text } from 'ink';
import { DialogFrame } from './DialogFrame';
import { helpLastTop, helpRoom, helpRows, KEY_WIDTH } from './helpLines';
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

/** Every key, from the same table the router uses; who to call and where to look; what every symbol means. */
export function HelpDialog({ size, incident, page = 0, top = 0 }: { size: Rect; incident: IncidentView; page?: number; top?: number }) {
  if (page % 2 === 1) {
    return (
      <DialogFrame title="SYMBOLS (one meaning each)" tone="info" size={size} keys={['Tab/←→ keys', 'Esc/? close']}>
        <Wrapped>{LEGEND.map(([symbol, meaning]) => `${symbol} ${meaning}`).join(' · ')}</Wrapped>
      </DialogFrame>
    );
  }
  // What fits shows rows from `top` on; the last page fills the dialog.
  const room = helpRoom(size);
  const rows = helpRows(incident, room.width);
  const from = Math.min(top, helpLastTop(incident, room));
  const shown = rows.slice(from, from + room.rows);
  const more = rows.length > shown.length;
  const keys = more ? ['↑↓/PgUp/PgDn scroll', 'Tab/←→ symbols', 'Esc/? close'] : ['Tab/←→ symbols', 'Esc/? close'];
  return (
    <DialogFrame title="KEYS" tone="info" size={size} keys={keys}>
      {shown.map((row, i) => (
        <Line key={`${from + i}`} {...(row.muted ? { tone: 'muted' as const } : {})}>
          {row.keys === undefined ? (
            row.text
          ) : (
            <>
              <Span bold>{row.keys.padEnd(KEY_WIDTH)}</Span>
              {row.text}
            </>
          )}
        </Line>
      ))}
      {more ? <Line tone="muted">{`lines ${from + 1}-${from + shown.length} of ${rows.length}${from + shown.length < rows.length ? ' · ↓ more below' : ''}`}</Line> : null}
    </DialogFrame>
  );
}
