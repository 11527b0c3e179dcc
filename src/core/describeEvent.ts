import type { StoredEvent } from './events';
import { automaticRollbackText } from './deploys';
import { formatWindow } from './duration';
import { ruleWindows } from './triggers';

/**
 * One human line per event, for the timeline table of a postmortem (and any timeline view).
 * `actionName` turns an action's run id into what the runbook called it (`deploys.rollback`).
 */
export function describeEvent(event: StoredEvent, actionName: (id: string) => string | undefined = () => undefined): string {
  const action = (id: string) => {
    const name = actionName(id);
    return name === undefined ? `Action ${id}` : `${name} (${id})`;
  };
  switch (event.kind) {
    case 'incident.opened': {
      const d = event.data;
      const after = d.previousIncident === undefined ? '' : `; after ${d.previousIncident.id}, resolved ${utcMinute(d.previousIncident.resolvedAt)}`;
      return `Incident opened: ${d.service} ${d.severity} in ${d.environment}${d.title ? ` (${d.title})` : ''}${event.drill ? ' [drill]' : ''}${after}`;
    }
    case 'role.assigned':
      return `${event.data.person} is ${event.data.role}`;
    case 'severity.changed':
      return `Severity changed to ${event.data.to}${event.data.reason ? `: ${event.data.reason}` : ''}`;
    case 'note':
      return `Note: ${event.data.text}`;
    case 'step.started':
      return `Step ${event.data.step} started`;
    case 'step.completed':
      if (event.data.manual) return `Step ${event.data.step} marked done without running ${event.data.action ?? 'its action'}: ${event.data.reason ?? 'no reason given'}`;
      return event.data.override ? `Step ${event.data.step} marked done by hand, its check overridden: ${event.data.reason ?? 'no reason given'}` : `Step ${event.data.step} completed`;
    case 'step.skipped':
      return `Step ${event.data.step} skipped${event.data.reason ? `: ${event.data.reason}` : ''}`;
    case 'action.planned':
      return `Planned ${event.data.name} (${event.data.action}): ${event.data.summary}${event.data.safety ? ` (safety: ${event.data.safety.level})` : ''}`;
    case 'action.confirmed':
      return `${action(event.data.action)} confirmed${event.data.by ? ` by ${event.data.by}` : ''}${event.data.override ? ', overriding the safety block (typed the override phrase)' : event.data.typed ? ' (typed confirmation)' : ''}`;
    case 'action.started':
      return `${action(event.data.action)} started`;
    case 'action.output':
      return `${action(event.data.action)} ${event.data.stream}: ${event.data.chunk.trimEnd()}`;
    case 'action.succeeded':
      return `${action(event.data.action)} succeeded: ${event.data.summary}`;
    case 'action.failed':
      return `${action(event.data.action)} failed (${event.data.error.kind}): ${event.data.error.message}`;
    case 'action.cancelled':
      return `${action(event.data.action)} cancelled${event.data.reason ? `: ${event.data.reason}` : ''}`;
    case 'action.unwatched':
      return `${action(event.data.action)} no longer watched: ${event.data.reason}`;
    case 'action.watched':
      return `${action(event.data.action)} watched again: checked in ${event.actor}'s cockpit`;
    case 'action.interrupted':
      return `${action(event.data.action)} interrupted: ${event.data.reason}`;
    case 'deploy.observed': {
      const d = event.data;
      if (d.baseline) {
        // What the first look found: its own time, never the moment the cockpit looked.
        const when = d.startedAt ? `, started ${utcMinute(d.startedAt)}` : '';
        return `Deploy ${d.revision} seen at open: ${d.status}${d.current ? ' (current)' : ''}${when}${d.actor ? ` by ${d.actor}` : ''}`;
      }
      const build = d.formerRevisions?.length ? ` (the build of ${d.formerRevisions.join(', ')})` : '';
      const who = `${d.current ? ' (current)' : ''}${d.actor ? ` by ${d.actor}` : ''}`;
      if (d.automaticRollback) return `Deploy ${d.revision}${build}${who}: ${d.status === 'failed' ? 'failed, ' : ''}${automaticRollbackText(d.status, d.automaticRollback)}`;
      // With when it started: a build that stopped being current during a rollback read as a new
      // deploy ("Deploy checkout-api:42 successful by dave" at the rollback's minute).
      const started = d.startedAt ? `, started ${utcMinute(d.startedAt)}` : '';
      return `Deploy ${d.revision}${build} ${d.status}${d.current ? ' (current)' : d.current === false ? ' (not current)' : ''}${started}${d.actor ? ` by ${d.actor}` : ''}`;
    }
    case 'flag.changed':
    case 'flag.observed': {
      const d = event.kind === 'flag.observed' ? { ...event.data, from: undefined } : event.data;
      if (d.baseline) {
        const last = d.changedAt ? `last changed ${utcMinute(d.changedAt)}${d.by ? ` by ${d.by}` : ''}` : 'last change unknown';
        return `Flag ${d.key} seen at open: ${d.state === 'DISABLED' ? 'disabled' : 'enabled'}, variant ${d.to ?? 'default'}; ${last}`;
      }
      const from = d.from === undefined ? '' : `${d.from ?? 'default'} → `;
      // The variant, then whether the flag serves it: "(ENABLED)" after "on → off" read as still on.
      const state = d.state === undefined ? '' : d.state === 'DISABLED' ? ', flag DISABLED (serves the code default)' : ', flag enabled';
      return `Flag ${d.key}: variant ${from}${d.to ?? 'default'}${state}${d.by ? `, by ${d.by}` : ''}`;
    }
    case 'slo.observed': {
      const d = event.data;
      return `SLO ${d.slo} error ratio ${d.errorRatio === null ? 'no data' : `${(d.errorRatio * 100).toFixed(3)}%`} over ${formatWindow(d.windowMs)}`;
    }
    case 'trigger.fired':
      return `Trigger ${event.data.trigger} fired: ${event.data.slo} burning at ${event.data.burnRate.toFixed(1)}x${event.data.atFirstLook ? " (already firing at the cockpit's first look)" : ''}`;
    case 'trigger.cleared':
      // "Cleared" read as over beside `5m at 13.5x`: the page is off, the burn is not. Said first, where a narrow line keeps it.
      // A 30m short window holds a burn stopped minutes ago: "still burning" beside a 5m window at 0.1x read as the burn on.
      return `Trigger ${event.data.trigger} cleared${typeof event.data.shortBurn === 'number' && event.data.shortBurn >= 1 ? stillOver(event.data.trigger) : ''}${clearedOn(event.data)}`;
    case 'verify.passed':
      return `Verified: ${event.data.summary}${event.data.doneAt === undefined ? '' : ` (done at ${event.data.doneAt.slice(11, 19)} UTC, seen late)`}`;
    case 'verify.failed':
      return `Verification failed: ${event.data.summary}`;
    case 'comms.sent':
      // The responder posted it; the cockpit only wrote down that they did (it sends nothing).
      return `Update recorded (posted to ${event.data.channel} by hand): ${event.data.message}`;
    case 'incident.mitigated':
    case 'incident.resolved': {
      const d = event.data;
      const said = [d.reason, d.summary].filter((text) => text !== undefined && text !== '').join(' · ');
      return `${event.kind === 'incident.mitigated' ? 'Mitigated' : 'Resolved'}${d.burning ? ` while ${d.burning}` : ''}${said ? `: ${said}` : ''}`;
    }
    case 'incident.reopened':
      return `Reopened: ${event.data.reason}`;
    case 'drill.scored':
      return `Drill scored ${event.data.score}/${event.data.max}${event.data.summary ? `: ${event.data.summary}` : ''}`;
  }
}

/** "2026-11-16 02:30Z": a baseline's own time may be days before the incident, so the date stays. */
function utcMinute(iso: string): string {
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? iso : `${new Date(ms).toISOString().slice(0, 16).replace('T', ' ')}Z`;
}

/** Its short window still over 1x: the burn itself when that window is the newest (5m), else that window's words. */
function stillOver(trigger: string): string {
  const short = ruleWindows(trigger)?.short;
  return short === undefined || short === '5m' ? ', still burning (over 1x)' : `, its ${short} window still over 1x`;
}

/** `: 5m at 12.9x, under 14.4 (1h 15.2x)`: the reading a trigger cleared on, read between the minute's recorded samples. */
function clearedOn(d: { readonly trigger: string; readonly threshold?: number; readonly longBurn?: number | null; readonly shortBurn?: number | null }): string {
  const windows = ruleWindows(d.trigger);
  if (d.threshold === undefined || windows === undefined) return '';
  const { long, short } = windows;
  const burn = (value: number | null | undefined) => (value === null || value === undefined ? 'no data' : `${value.toFixed(1)}x`);
  const under = [
    [short, d.shortBurn],
    [long, d.longBurn],
  ] as const;
  const fell = under.find(([, value]) => value === null || value === undefined || value < d.threshold!) ?? under[0];
  const other = under.find((w) => w !== fell)!;
  const why = fell[1] === null || fell[1] === undefined ? `no ${fell[0]} reading` : `${fell[0]} at ${underText(fell[1], d.threshold)}x, under ${d.threshold}`;
  return `: ${why} (${other[0]} ${burn(other[1])})`;
}

/** `5.97` under 6: as many decimals as it takes to read under the threshold (`30m at 6.0x, under 6` read as a contradiction). */
function underText(value: number, threshold: number): string {
  const digits = [1, 2, 3].find((places) => Number(value.toFixed(places)) < threshold);
  // Closer still: cut, not rounded up to the threshold.
  return digits === undefined ? (Math.floor(value * 1000) / 1000).toFixed(3) : value.toFixed(digits);
}
