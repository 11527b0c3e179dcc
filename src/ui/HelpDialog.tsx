import { DialogFrame } from './DialogFrame';
import { helpLastTop, helpRoom, helpRows, KEY_WIDTH } from './helpLines';
import type { IncidentView } from '../session/viewModel';
import type { Rect } from './layout';
import { Line, Span } from './Line';

/** Every key, from the same table the router uses; who to call and where to look; what every symbol means. */
export function HelpDialog({ size, incident, said = [], page = 0, top = 0 }: { size: Rect; incident: IncidentView; said?: readonly string[]; page?: number; top?: number }) {
  const symbols = page % 2 === 1;
  // What fits shows rows from `top` on; the last page fills the dialog.
  const room = helpRoom(size);
  const rows = helpRows(incident, room.width, page, said);
  const from = Math.min(top, helpLastTop(incident, room, page, said));
  const shown = rows.slice(from, from + room.rows);
  const more = rows.length > shown.length;
  const other = symbols ? 'Tab/←→ keys' : 'Tab/←→ symbols';
  const keys = more ? ['↑↓/PgUp/PgDn scroll', other, 'Esc/? close'] : [other, 'Esc/? close'];
  return (
    <DialogFrame title={symbols ? 'SYMBOLS (one meaning each)' : 'KEYS'} tone="info" size={size} keys={keys}>
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
