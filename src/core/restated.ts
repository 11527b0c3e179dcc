import { burnRate } from './burnRate';
import type { EventOf, NewEvent, StoredEvent } from './events';
import type { IncidentState } from './incidentState';
import { REMINDER_TAG } from './statusUpdateMissed';

/** Made this close to a teammate's, an event was made without knowing of it: the same moment. */
export const SAME_MOMENT_MS = 5_000;

type Candidate = Pick<NewEvent, 'kind' | 'data' | 'at'>;

/**
 * What a teammate's cockpit on a shared store may say at the same moment as this one: a fact of
 * the world its polls saw (a deploy's status, a flag's variant, a trigger firing or clearing), or
 * a mark of the incident. Two cockpits that opened in the same second each recorded
 * `trigger.fired`; after an outage both uploaded `Deploy checkout-api:2 successful (current)`;
 * two `r` pressed together recorded two resolves, two `o` two reopens; each put its SLO sample of
 * the same moment on the timeline. Keyed by what the event is about: the last event recorded under
 * a key is the one that says it now.
 */
export function factKey(event: Pick<NewEvent, 'kind' | 'data'>): string | undefined {
  switch (event.kind) {
    case 'deploy.observed':
      return `deploy:${(event.data as EventOf<'deploy.observed'>['data']).id}`;
    case 'flag.changed':
    case 'flag.observed':
      return `flag:${(event.data as EventOf<'flag.changed'>['data']).key}`;
    case 'trigger.fired':
    case 'trigger.cleared':
      return `trigger:${(event.data as EventOf<'trigger.fired'>['data']).trigger}`;
    case 'incident.mitigated':
      return 'incident:mitigated';
    case 'incident.resolved':
      return 'incident:resolved';
    case 'incident.reopened':
      return 'incident:reopened';
    case 'action.succeeded':
    case 'action.failed':
    case 'action.cancelled':
    case 'action.interrupted':
      return `outcome:${(event.data as EventOf<'action.interrupted'>['data']).action}`;
    case 'slo.observed': {
      const d = event.data as EventOf<'slo.observed'>['data'];
      return `slo:${d.slo}:${d.windowMs}`;
    }
    case 'step.completed':
    case 'step.skipped':
      return `step:${(event.data as EventOf<'step.completed'>['data']).step}`;
    case 'note':
      // The status-update reminder is given once an incident: three cockpits out of reach of the store each queued it.
      return (event.data as EventOf<'note'>['data']).tag === REMINDER_TAG ? 'note:reminder' : undefined;
    default:
      return undefined;
  }
}

/** The events recorded so far, the last under each key (`factKey`): what the timeline says of each fact now. */
export class LastSaid {
  private readonly last = new Map<string, StoredEvent>();

  take(events: Iterable<StoredEvent>): void {
    for (const event of events) {
      const key = factKey(event);
      if (key !== undefined) this.last.set(key, event);
    }
  }

  get(key: string): StoredEvent | undefined {
    return this.last.get(key);
  }
}

/**
 * The event already recorded that says what `event` would say, given the incident as the log
 * folds it now (`state`); undefined when `event` says something new. A deploy seen as the log has
 * it, a flag serving what the log says, a trigger already firing (or cleared), an incident already
 * mitigated or resolved: recording it again would only repeat a teammate. A reopen in between
 * makes a mark new again, as a clear makes a trigger's firing new.
 */
export function restatedBy(event: Candidate, state: IncidentState, said: LastSaid): StoredEvent | undefined {
  const key = factKey(event);
  if (key === undefined) return undefined;
  // Said of a moment, not of a state: the same only when a teammate's was made at the same moment.
  if (event.kind === 'incident.reopened' || event.kind === 'slo.observed') return sameMoment(event, said.get(key), state);
  if (!saidAlready(event, state)) return undefined;
  // A step marked done or skipped by two responders the same moment (both were recorded, the skip overridden unsaid).
  if (event.kind === 'step.completed' || event.kind === 'step.skipped') return sameMomentAs(event, said.get(key));
  if (event.kind !== 'incident.mitigated' && event.kind !== 'incident.resolved') return said.get(key);
  // A resolve marks it mitigated too (when nobody had): whichever said so last.
  const marks = [said.get(key), said.get('incident:resolved')].filter((e): e is StoredEvent => e !== undefined);
  const standing = event.kind === 'incident.resolved' ? said.get(key) : marks.sort((a, b) => b.seq - a.seq)[0];
  // A mark made well apart from the one that stands (queued while the store was away) is recorded, with its words: the
  // fold leaves it as made before, or after, the one that stands (core/statusMarks.ts), and the timeline says so.
  return sameMomentAs(event, standing);
}

/** Whether `event` was made within SAME_MOMENT_MS of `standing`; one with no time of its own yet is made now (`now`). */
const within = (event: Candidate, standing: StoredEvent, now: boolean): boolean => (event.at === undefined ? now : Math.abs(Date.parse(event.at) - Date.parse(standing.at)) <= SAME_MOMENT_MS);

/** `standing`, when `event` was made within SAME_MOMENT_MS of it (or has no time of its own yet). */
function sameMomentAs(event: Candidate, standing: StoredEvent | undefined): StoredEvent | undefined {
  return standing !== undefined && within(event, standing, true) ? standing : undefined;
}

/**
 * A reopen made the same moment as the last one, with nothing marked since (two `o` together: the second took the
 * incident from mitigated back to open, which nobody asked); an SLO sample of the same window the same moment, its burn
 * on the same side of 1x (a sample that crosses it is news).
 */
function sameMoment(event: Candidate, last: StoredEvent | undefined, state: IncidentState): StoredEvent | undefined {
  if (last === undefined || !within(event, last, false)) return undefined;
  if (event.kind === 'incident.reopened') return state.resolvedAt === undefined && (state.mitigatedAt === undefined || Date.parse(state.mitigatedAt) <= Date.parse(last.at)) ? last : undefined;
  const burn = (e: Pick<NewEvent, 'data'>) => {
    const d = e.data as EventOf<'slo.observed'>['data'];
    return burnRate(d.errorRatio, d.objective);
  };
  const [mine, theirs] = [burn(event), burn(last)];
  return (mine === null) === (theirs === null) && (mine === null || mine < 1 === theirs! < 1) ? last : undefined;
}

function saidAlready(event: Candidate, state: IncidentState): boolean {
  switch (event.kind) {
    case 'deploy.observed': {
      const d = event.data as EventOf<'deploy.observed'>['data'];
      const known = state.deploys[d.id];
      return known !== undefined && known.revision === d.revision && known.status === d.status && Boolean(known.current) === Boolean(d.current);
    }
    case 'flag.changed':
    case 'flag.observed': {
      const d = event.data as EventOf<'flag.changed'>['data'];
      const known = state.flags[d.key];
      return known !== undefined && known.variant === d.to && known.state === d.state;
    }
    case 'trigger.fired':
    case 'trigger.cleared': {
      const known = state.triggers[(event.data as EventOf<'trigger.fired'>['data']).trigger];
      return known !== undefined && known.active === (event.kind === 'trigger.fired');
    }
    case 'note':
      return state.remindedAt !== undefined;
    case 'incident.mitigated':
      return state.mitigatedAt !== undefined;
    case 'incident.resolved':
      return state.resolvedAt !== undefined;
    case 'step.completed':
    case 'step.skipped': {
      const status = state.steps.find((s) => s.id === (event.data as EventOf<'step.completed'>['data']).step)?.status;
      return status === 'done' || status === 'skipped';
    }
    case 'action.interrupted': {
      // Two cockpits that saw its cockpit leave: the first one's says it.
      const status = state.actions.find((a) => a.id === (event.data as EventOf<'action.interrupted'>['data']).action)?.status;
      return status === 'interrupted' || status === 'succeeded' || status === 'failed' || status === 'cancelled';
    }
    default:
      return false;
  }
}
