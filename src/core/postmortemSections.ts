import { withoutKeyHint } from './burnNow';
import { maskedText, roseText, type RollbackJudgement } from './burnWentOn';
import { decidingReasons, passedReasons } from './actions';
import type { Change } from './changesBefore';
import { formatDuration } from './duration';
import type { ActionState, IncidentState } from './incident';
import type { PostmortemFacts } from './postmortemFacts';
import type { StatusUpdateMissed } from './statusUpdateMissed';
import { cell, describeCall, fence, relative, span, utc } from './postmortemText';
import { tookNothingBack, undoneBy } from './undo';

/**
 * The postmortem's sections that list what the log says: what changed before, the response
 * timeline, the status updates, who held which role when, and each action with its outcome.
 */

const OUTPUT_LINES = 20;

/** `read`: whether the incident read any deploy, any flag (a provider that never answered read none: no change in the window says nothing then). */
export function changesSection(changes: readonly Change[], reference: { readonly at: number; readonly name: string; readonly precisionMs?: number; readonly afterOpening?: true }, lookbackMs: number, read: { readonly deploys: boolean; readonly flags: boolean } = { deploys: true, flags: true }): string[] {
  const out = [
    '## What changed before',
    '',
    `Deploys and flag changes made from ${formatDuration(lookbackMs)} before the ${reference.name} until ${reference.afterOpening ? `the latest the ${reference.name} can be (it may have come after the opening)` : 'the opening'}, and the last deploy and the last flag change before the ${reference.name} however old; each dated by the change's own time (\`cockpit export --changes-since\` reaches further).`,
    '',
  ];
  const unread = [...(read.deploys ? [] : ['deploys']), ...(read.flags ? [] : ['flags'])];
  // With nothing read of them, "no change" was a claim about deploys nobody saw (a cockpit whose providers never answered).
  const notRead = unread.length === 0 ? '' : ` No ${unread.join(' and no ')} were read during the incident (their providers did not answer, or the runbook has none): changes there are not known.`;
  if (changes.length === 0) return [...out, `No deploy or flag change with a recorded time in that window.${notRead}`];
  if (notRead !== '') out.push(notRead.trim(), '');
  return [
    ...out,
    `| time (UTC) | relative to ${reference.name} | change | by | details |`,
    '|---|---|---|---|---|',
    ...changes.map((c) => `| ${utc(c.at)} | ${relative(Date.parse(c.at) - reference.at, reference.name, reference.precisionMs)} | ${cell(c.label)} | ${cell(c.by ?? 'unknown')} | ${cell(c.details) || '—'} |`),
  ];
}

export function timelineSection(facts: PostmortemFacts): string[] {
  return [
    '## Response timeline',
    '',
    'Actor `cockpit`: what the cockpit observed or did itself (deploys and flags it saw, SLO triggers, checks, reminders).',
    '',
    '| time (UTC) | actor | event |',
    '|---|---|---|',
    ...facts.timelineRows(),
  ];
}

export function commsSection(facts: PostmortemFacts): string[] {
  if (facts.comms.length === 0) return ['## Communications', '', `No status update was recorded on the timeline${missedText(facts.statusUpdateMissed)}.`];
  return [
    '## Communications',
    '',
    'Status updates the responders recorded as posted (the cockpit records them; it sends nothing itself).',
    '',
    '| time (UTC) | recorded by | channel | message |',
    '|---|---|---|---|',
    ...facts.comms.map((c) => `| ${utc(c.at)} | ${cell(c.by)} | ${cell(c.channel)} | ${cell(c.message)} |`),
  ];
}

/**
 * Who held each role from when to when (the next assignment of the role ends the previous one), in the order they were
 * assigned: one queued while the shared store was out of reach and recorded after a later one (core/lateDecision.ts)
 * made a row that ended before it began.
 */
export function rolesSection(state: IncidentState, facts: PostmortemFacts): string[] {
  const head = ['## Roles', ''];
  if (facts.roles.length === 0) return [...head, `No role was assigned on the timeline; the incident was opened by ${state.openedBy}.`];
  const assigned = facts.roles.map((r, i) => ({ r, i })).sort((a, b) => Date.parse(a.r.at) - Date.parse(b.r.at) || a.i - b.i).map(({ r }) => r);
  // The log's last event may be one recorded late: never before the last assignment.
  const end = state.resolvedAt ?? [state.lastAt, assigned.at(-1)!.at].sort((a, b) => Date.parse(a) - Date.parse(b)).at(-1)!;
  const rows = assigned.map((r, i) => {
    const next = assigned.slice(i + 1).find((n) => n.role === r.role);
    return `| ${cell(r.role)} | ${cell(r.person)} | ${utc(r.at)} | ${next ? utc(next.at) : `${utc(end)}${state.resolvedAt ? '' : ' (still open)'}`} | ${cell(r.by)} |`;
  });
  return [...head, '| role | person | from (UTC) | until (UTC) | assigned by |', '|---|---|---|---|---|', ...rows];
}

/**
 * What the burn did after a change, for its heading. The call succeeded and then its effect did not
 * (an aborted Rollout): "(succeeded)" alone read as done. Nor a rollback after which the burn went
 * on (bad-flag's wrong rollback read "(succeeded)" alone), or rose, or fell and went on.
 */
function burnAfter(action: ActionState, judged: RollbackJudgement): string {
  const rose = judged.raised.get(action.id);
  if (judged.broughtBack.has(action.id)) return '; the burn had stopped, and came back after it';
  if (judged.worsened.has(action.id)) return '; the burn rose after it';
  if (rose !== undefined) return `; the burn rose after it (${roseText(rose)})`;
  if (judged.outlived.has(action.id) || judged.flagsOutlived.has(action.id)) return '; the burn went on after it';
  const masked = judged.masked.get(action.id);
  if (masked !== undefined) return `; the burn went on after it, ${maskedText(action, masked)}`;
  if (judged.helped.has(action.id)) return '; the burn fell after it, and went on';
  if (judged.undoneClean.has(action.id)) return '; not needed: undone, and every SLO stayed under 1x after its undo';
  const falling = judged.madeWhileFalling.get(action.id);
  if (falling !== undefined) return `; made while the burn fell after ${falling.id}, the errors already over (as the 5m window read after it): not what stopped it`;
  const together = judged.stopped.get(action.id) ?? [];
  if (together.length > 0) return `; the burn stopped after it and ${together.join(' and ')}, made together: the SLO cannot tell which`;
  return judged.stopped.has(action.id) ? '; the burn stopped after it' : '';
}

/** What an undo took back: an Argo Rollout that aborted it left the change it was to undo standing. */
function undoneText(undo: ActionState): string {
  if (undo.status !== 'succeeded') return ' (not made: nothing was taken back)';
  // "act-1's change stands" read as all well, where the Rollout was set to the bad build again (helper-143): said as the screen says it.
  return tookNothingBack(undo)
    ? ` (its check failed: what ${undo.undoes!} deployed still runs, but ${String(undo.facts?.targetRevision)} may still be what the workload is set to, and a retry rolls it out again)`
    : ", the responder's change taken back";
}

function actionSection(action: ActionState, index: number, overridden: boolean, judged: RollbackJudgement, undoer: ActionState | undefined, drill: boolean): string[] {
  const status = action.verification?.outcome === 'failed' ? `${action.status}, then its check failed` : `${action.status}${burnAfter(action, judged)}`;
  const out = [`### ${index + 1}. ${action.summary} — \`${action.name}\` (${status})`, ''];
  if (action.step !== undefined) out.push(`- Step: ${action.step}`);
  if (action.undoes !== undefined) out.push(`- Undoes: ${action.undoes}${undoneText(action)}`);
  if (undoer !== undefined) out.push(`- **Undone** by ${undoer.id} at ${utc(undoer.finishedAt ?? undoer.plannedAt)} UTC`);
  const masked = judged.masked.get(action.id);
  if (masked !== undefined) out.push(`- Whether ${String(action.facts?.currentRevision)} was a cause is not known: the burn went on ${maskedText(action, masked)}, and fell after ${masked.id}`);
  out.push(`- Planned: ${utc(action.plannedAt)} UTC`);
  if (action.safety !== undefined) {
    const deciding = decidingReasons(action.safety);
    const passed = passedReasons(action.safety);
    out.push(`- Safety: ${action.safety.level}${deciding.length > 0 ? ` — ${deciding.join('; ')}` : ''}${passed.length > 0 ? ` (checks passed: ${passed.join('; ')})` : ''}`);
  }
  if (overridden) out.push('- **Safety block overridden by typed confirmation**');
  if (action.confirmedAt !== undefined) out.push(`- Confirmed: ${utc(action.confirmedAt)} UTC${action.confirmedBy ? ` by ${action.confirmedBy}` : ''}`);
  // The safety verdict was ok: what the dialog warned of is not in it (it read `Safety: ok` alone).
  if (action.confirmedAgainst !== undefined) out.push(`- **Confirmed though not the recommended change**: ${withoutKeyHint(action.confirmedAgainst)}`);
  // Beside `Safety: ok`, a phrase typed through a warning the verdict does not hold (an undo of the change the burn stopped after).
  if (action.typedBecause !== undefined && action.safety?.level !== 'typed') out.push(`- **Confirmed by typing a phrase**, asked because: ${action.typedBecause}`);
  // A plan that never started made no call: saying "returned" or listing its calls as made would lie.
  const ran = action.startedAt !== undefined;
  if (ran) out.push(`- Started: ${utc(action.startedAt!)} UTC`);
  if (action.interrupted !== undefined) {
    // No call returned: its cockpit stopped, and how far it got is for the team to find out.
    // A sandbox drill's times are its clock's; the lease's expiry is the store's (18:31 beside 02:34).
    const expired = drill ? 'expired' : `expired ${utc(action.interrupted.leaseExpiredAt)} UTC`;
    out.push(`- **Interrupted**: ${action.interrupted.responder}'s cockpit stopped; its lease ${expired}. Check the provider for what it did.`);
  } else if (ran && action.status === 'cancelled' && action.finishedAt !== undefined) {
    // Stopped while its call ran: it never returned (a hung plugin's execute read "Provider call returned" and "the call took 29s").
    out.push(`- **Cancelled while its call ran**: ${utc(action.finishedAt)} UTC, ${span(Date.parse(action.startedAt!), Date.parse(action.finishedAt))} after it started; the call never returned, so whether it changed anything is not known: check the provider`);
  } else if (action.finishedAt !== undefined) out.push(ran ? `- Provider call returned: ${utc(action.finishedAt)} UTC` : `- Ended without running: ${utc(action.finishedAt)} UTC`);
  if (!(ran && action.status === 'cancelled')) out.push(`- ${ran ? effectLine(action, drill) : 'Not run: no provider call was made'}`);
  // The call's own words ("Rolled … back to …"): not what became of it when its check then failed.
  if (action.outcome !== undefined) out.push(`- ${action.verification?.outcome === 'failed' ? 'Outcome of the call (its check then failed)' : 'Outcome'}: ${action.outcome}`);
  if (action.error !== undefined) out.push(`- Error (${action.error.kind}): ${action.error.message}`);
  if (action.calls.length > 0) out.push('', ran ? 'Calls:' : 'Planned calls (not made):', '', fence(action.calls.map(describeCall).join('\n')));
  if (action.outputChars > 0) {
    // The output as it was printed, line for line (chunks are joined as they came, breaks kept).
    const lines = action.outputTail.replace(/\r\n/g, '\n').trimEnd().split('\n').slice(-OUTPUT_LINES);
    out.push('', `Output (last ${lines.length} lines of ${action.outputChars} characters):`, '', fence(lines.join('\n')));
  }
  return out;
}

/**
 * An action lasts until its effect is verified (a rollback's call returns at once, its tasks take
 * a minute to replace): a "took 0s" for a rollback would mislead the reader.
 */
function effectLine(action: ActionState, drill: boolean): string {
  const start = action.startedAt;
  const v = action.verification;
  if (v?.outcome === 'unwatched') return `Not verified: ${v.summary}`;
  if (start !== undefined && v !== undefined) {
    const took = span(Date.parse(start), Date.parse(v.at));
    // Dated by the provider's record when the check that saw it ran late (quit mid-check, resumed later): nothing was verified then.
    if (v.outcome === 'passed' && v.seenAt !== undefined) return `Done: ${utc(v.at)} UTC by the provider's record — took ${took} from start; verified late, by a check at ${utc(v.seenAt)} UTC (${v.summary})`;
    return v.outcome === 'passed' ? `Verified: ${utc(v.at)} UTC — took ${took} from start to verified (${v.summary})` : `Verification failed: ${utc(v.at)} UTC, ${took} after start (${v.summary})`;
  }
  if (start !== undefined && action.interrupted !== undefined) return interruptedSpan(start, action.lastOutputAt, drill ? undefined : action.interrupted.leaseExpiredAt);
  if (start !== undefined && action.finishedAt !== undefined) return `Not verified; the call took ${span(Date.parse(start), Date.parse(action.finishedAt))}`;
  return 'Not verified';
}

/**
 * How long an action whose cockpit stopped ran: at least until its last output, and no longer than its lease. A drain killed
 * 12 s in (its output stopped at 4/20) read `the call took 44s`, until the teammate's cockpit recorded the lease's expiry.
 */
function interruptedSpan(start: string, lastOutputAt: string | undefined, leaseExpiredAt: string | undefined): string {
  // A sandbox drill's timeline runs on the drill's clock, the lease on the store's: no span between the two.
  const expired = leaseExpiredAt === undefined ? undefined : `its lease expired at ${utc(leaseExpiredAt)} UTC, ${span(Date.parse(start), Date.parse(leaseExpiredAt))} after it started`;
  const ran = lastOutputAt === undefined ? undefined : `it ran at least ${span(Date.parse(start), Date.parse(lastOutputAt))} (its last output at ${utc(lastOutputAt)} UTC)`;
  return `Not verified; interrupted: ${[ran, expired].filter((part) => part !== undefined).join('; ') || 'its cockpit stopped'}${ran === undefined ? '; when it stopped is not known' : ''}`;
}

export function actionsSection(state: IncidentState, facts: PostmortemFacts, judged: RollbackJudgement): string[] {
  if (state.actions.length === 0) return ['## Actions', '', 'No action was run from the cockpit.'];
  return ['## Actions', '', ...state.actions.flatMap((a, i) => [...actionSection(a, i, facts.overridden.has(a.id), judged, undoneBy(state.actions, a.id), state.mode === 'drill-sandbox'), ''])].slice(0, -1);
}

/** The sections only the team can write, marked so nobody mistakes an empty one for "none". */
export function teamSections(): string[][] {
  return [
    ['## Contributing factors', '', '_TO FILL IN (team): root cause and the conditions that let it reach users (tests, review, rollout, alerting)._', '', '- '],
    [
      '## Action items',
      '',
      '_TO FILL IN (team): one row per follow-up, each with an owner and a ticket._',
      '',
      '| item | type (mitigate / prevent / process) | owner | ticket |',
      '|---|---|---|---|',
      '| _TO FILL IN_ | | | |',
    ],
    ['## Lessons learned', '', '_TO FILL IN (team)._', '', '- What went well:', '- What went wrong:', '- Where we got lucky:'],
  ];
}

/** ", though the runbook asks for one after 10m (in #incidents): the cockpit reminded at …". */
function missedText(missed: StatusUpdateMissed | undefined): string {
  if (missed === undefined) return '';
  return `, though the runbook asks for one${missed.asks === undefined ? '' : ` ${missed.asks}`}: the cockpit reminded the responders at ${utc(missed.remindedAt)} UTC`;
}
