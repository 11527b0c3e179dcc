import { ROLES } from '../core/events';
import { SEVERITIES } from '../core/runbookModel';
import { DialogFrame, DialogText, TextField } from './DialogFrame';
import { DIALOG_KEYS } from './keys';
import { CHECK_PREFIX } from './runningWork';
import type { Rect } from './layout';
import { Span } from './Line';
import type { TypedDialog } from './uiState';
import type { IncidentView } from '../session/viewModel';

const SUBMIT_CANCEL = [DIALOG_KEYS.submit, DIALOG_KEYS.cancel];
const WITH_CHOICES = [DIALOG_KEYS.cycle, ...SUBMIT_CANCEL];

/** A one-field dialog: skip reason, note. */
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
      <DialogText>
        {props.choices.map((choice, i) =>
          i === props.choice ? (
            <Span key={choice} tone="accent" bold inverse>
              [{choice}]
            </Span>
          ) : (
            <Span key={choice}> {choice} </Span>
          ),
        )}
      </DialogText>
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

export function CancelRunningDialog({ name, phase, ended = false, size }: { name: string; phase: 'executing' | 'verifying'; ended?: boolean; size: Rect }) {
  if (ended) {
    return (
      <DialogFrame title={`${name} HAS ENDED`} tone="info" size={size} keys={['Enter or Esc close']}>
        <DialogText>It ended by itself while this question was up: nothing is left to cancel.</DialogText>
        <DialogText>Whether it succeeded is on its step and the timeline.</DialogText>
      </DialogFrame>
    );
  }
  if (phase === 'verifying') {
    return (
      <DialogFrame title={`STOP WATCHING ${name}?`} tone="warn" size={size} keys={['Enter stop watching', 'Esc keep watching']}>
        <DialogText>The change is made and goes on in the provider: stopping does not undo it.</DialogText>
        <DialogText>Enter stops watching: the step shows NOT WATCHED, and Enter on it checks it again.</DialogText>
        {/* Said of any platform: the words named ECS and Argo Rollouts to a responder on plain Kubernetes, or changing a flag. */}
        <DialogText tone="muted">Abort is not offered: a change stopped half way leaves neither the old state nor the new one in place.</DialogText>
      </DialogFrame>
    );
  }
  return (
    <DialogFrame title={`CANCEL ${name}?`} tone="warn" size={size} keys={['Enter cancel it', 'Esc keep it running']}>
      <DialogText>The action stops where it is: what it already changed stays changed.</DialogText>
      <DialogText>Check the deploys and flags panels afterwards.</DialogText>
    </DialogFrame>
  );
}

/**
 * How a responder comes back to what they quit: `o` is the reopen of a resolved incident, not this.
 * The command itself, with the runbook's path and the store, is printed as the cockpit exits.
 */
function comeBack(incident: Pick<IncidentView, 'id' | 'mode'>): string {
  return `${incident.mode === 'drill-sandbox' ? `resume the drill (cockpit drill … --incident ${incident.id}` : `open the incident again (cockpit open …`}, printed in full as the cockpit exits)`;
}

export function QuitRunningDialog({ actions, incident, ended = false, size }: { actions: readonly string[]; incident: Pick<IncidentView, 'id' | 'mode'>; ended?: boolean; size: Rect }) {
  if (ended) {
    return (
      <DialogFrame title="QUIT? NOTHING RUNS ANY MORE" tone="info" size={size} keys={['Enter, q or Ctrl-C quit', 'Esc stay']}>
        <DialogText>The actions you were asked about have ended; their outcomes are on the timeline.</DialogText>
      </DialogFrame>
    );
  }
  const checksOnly = actions.every((action) => action.startsWith(CHECK_PREFIX));
  // A check left records nothing (its step stays started, and is watched again on reopening): only an action's quit is on the timeline.
  return (
    <DialogFrame title={checksOnly ? 'QUIT WHILE A CHECK RUNS?' : 'QUIT WHILE ACTIONS RUN?'} tone="warn" size={size} keys={['Enter or Ctrl-C quit', 'Esc stay']}>
      {actions.map((action) => (
        <DialogText key={action}>⟳ {action}</DialogText>
      ))}
      {checksOnly ? (
        <DialogText>The check stops counting; to watch it again, from the SLO's samples, {comeBack(incident)}.</DialogText>
      ) : (
        <>
          {/* Of a check only when one is listed: it read so beside a rollback alone. */}
          {actions.some((action) => action.startsWith(CHECK_PREFIX)) ? <DialogText>A check stops counting, and starts again from the SLO's samples when you come back.</DialogText> : null}
          <DialogText>The timeline records that you quit while an action ran; {comeBack(incident)} and Enter on its step to check it.</DialogText>
        </>
      )}
    </DialogFrame>
  );
}

/** What the typed words were for, as the question names them. */
const TYPED_FOR: Record<TypedDialog['kind'], string> = {
  note: 'The note',
  skip: 'The reason for skipping',
  override: 'The reason for marking the step done',
  status: 'What you typed for the status change',
  comms: 'The status update',
  reopen: 'The reason for reopening',
  role: 'Who takes the role',
  severity: 'The reason for the severity change',
};

export function QuitUnsentDialog({ back, size }: { back: TypedDialog; size: Rect }) {
  return (
    <DialogFrame title="QUIT WITHOUT RECORDING WHAT YOU TYPED?" tone="warn" size={size} keys={['Enter or Ctrl-C quit', `Esc back to it`]}>
      <DialogText>{TYPED_FOR[back.kind]} is not on the timeline: quitting now drops it.</DialogText>
      <DialogText tone="muted">"{back.text.trim()}"</DialogText>
    </DialogFrame>
  );
}
