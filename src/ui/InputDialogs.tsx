import { ROLES } from '../core/events';
import { SEVERITIES } from '../core/runbookModel';
import { DialogFrame, TextField } from './DialogFrame';
import { DIALOG_KEYS } from './keys';
import type { Rect } from './layout';
import { Line, Span } from './Line';

const SUBMIT_CANCEL = [DIALOG_KEYS.submit, DIALOG_KEYS.cancel];
const WITH_CHOICES = [DIALOG_KEYS.cycle, ...SUBMIT_CANCEL];

/** A one-field dialog: skip reason, note, mitigated/resolved summary. */
export function TextDialog({ title, label, text, size }: { title: string; label: string; text: string; size: Rect }) {
  return (
    <DialogFrame title={title} tone="info" size={size} keys={SUBMIT_CANCEL}>
      <TextField label={label} text={text} />
    </DialogFrame>
  );
}

/** Choices (the selected one in brackets, not only highlighted) plus a text field. */
function ChoiceDialog(props: { title: string; choices: readonly string[]; choice: number; label: string; text: string; size: Rect }) {
  return (
    <DialogFrame title={props.title} tone="info" size={props.size} keys={WITH_CHOICES}>
      <Line>
        {props.choices.map((choice, i) =>
          i === props.choice ? (
            <Span key={choice} tone="accent" bold inverse>
              [{choice}]
            </Span>
          ) : (
            <Span key={choice}> {choice} </Span>
          ),
        )}
      </Line>
      <TextField label={props.label} text={props.text} />
    </DialogFrame>
  );
}

export function RoleDialog({ choice, text, size }: { choice: number; text: string; size: Rect }) {
  return <ChoiceDialog title="ASSIGN A ROLE" choices={ROLES} choice={choice} label="Who takes it:" text={text} size={size} />;
}

export function SeverityDialog({ current, choice, text, size }: { current: string; choice: number; text: string; size: Rect }) {
  return (
    <ChoiceDialog
      title={`CHANGE SEVERITY (now ${current})`}
      choices={SEVERITIES}
      choice={choice}
      label="Why (optional):"
      text={text}
      size={size}
    />
  );
}

export function CancelRunningDialog({ name, size }: { name: string; size: Rect }) {
  return (
    <DialogFrame title={`CANCEL ${name}?`} tone="warn" size={size} keys={['Enter cancel it', 'Esc keep it running']}>
      <Line>The action stops where it is: what it already changed stays changed.</Line>
      <Line>Check the deploys and flags panels afterwards.</Line>
    </DialogFrame>
  );
}
