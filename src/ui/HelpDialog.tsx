import { DialogFrame } from './DialogFrame';
import { BINDINGS, DIALOG_KEYS } from './keys';
import type { IncidentView } from '../session/viewModel';
import type { Rect } from './layout';
import { Line, Span } from './Line';

const KEY_WIDTH = 10;

/** Every key, from the same table the router uses; then who to call and where to look. */
export function HelpDialog({ size, incident }: { size: Rect; incident: IncidentView }) {
  return (
    <DialogFrame title="KEYS" tone="info" size={size} keys={['Esc/? close']}>
      {BINDINGS.map((binding) => (
        <Line key={binding.command}>
          <Span bold>{binding.keys.padEnd(KEY_WIDTH)}</Span>
          {binding.help}
        </Line>
      ))}
      <Line tone="muted">
        In a dialog: {Object.values(DIALOG_KEYS).join(' · ')}
      </Line>
      <Line tone="muted">Panels: ✓ fresh · ⚠ STALE (old data) · ✖ ERROR (last good data kept) · — not configured</Line>
      {incident.escalation.length === 0 ? null : <Line>Escalation: {incident.escalation.join(' → ')}</Line>}
      {Object.entries(incident.links).map(([name, url]) => (
        <Line key={name}>
          {name}: {url}
        </Line>
      ))}
    </DialogFrame>
  );
}
