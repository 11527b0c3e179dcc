import { decidingReasons, passedReasons } from '../core/actions';
import type { Section, SloSnapshot, StatusSnapshot } from '../session/statusSnapshot';
import { roughDuration } from '../core/roughDuration';
import { windowsLine } from '../core/windowCoverage';

/** `atMost`: an upper bound (`≤`), rounded up so it stays true. */
const pct = (fraction: number | null, atMost = false): string => (fraction === null ? 'no data' : `${(atMost ? Math.ceil(fraction * 1000) / 10 : fraction * 100).toFixed(1)}%`);
const burn = (value: number | null): string => (value === null ? 'no data' : `${value.toFixed(2)}x`);

const STATUS_WORD: Readonly<Record<SloSnapshot['status'], string>> = { burning: 'BURNING', recovering: 'recovering', 'over-budget': 'over budget', ok: 'ok', 'no-data': 'no data' };

/** The snapshot as a responder reads it in a terminal or a chat paste: plain text, no colour. */
export function formatStatus(s: StatusSnapshot): string {
  const lines = [`${s.service} — environment ${s.environment} — ${s.at}`, ''];
  lines.push(...section('DEPLOYS', s.deploys, (deploys) =>
    deploys.map((d) => {
      const marks = [d.current ? 'current' : '', d.rollbackTarget ? 'rollback target' : '', d.automaticRollback ? `rolled back by ${d.automaticRollback.by}: ${d.automaticRollback.reason}` : '', d.labels.migration ? `migration: ${d.labels.migration}` : ''].filter(Boolean);
      const who = d.actor ? ` by ${d.actor}` : '';
      const when = d.startedAt ? ` ${d.startedAt}` : '';
      return `  ${d.current ? '▶' : ' '} ${d.revision}  ${d.status}${when}${who}  ${d.artifacts.join(', ')}${marks.length > 0 ? `  [${marks.join(', ')}]` : ''}`;
    }),
  ));
  if (s.rollback) lines.push(...rollbackLines(s.rollback));
  lines.push(...section('FLAGS', s.flags, (flags) =>
    flags.map((f) => `  ${f.key}  ${f.state}  ${f.defaultVariant ?? '(no default)'}  (variants: ${f.variants.join(', ')})${f.changedAt ? `  changed ${f.changedAt}${f.changedBy ? ` by ${f.changedBy}` : ''}` : ''}`),
  ));
  lines.push(...section('SLO BURN', s.slos, (slos) =>
    slos.map((slo) => `  ${STATUS_WORD[slo.status]}  ${slo.name} (${slo.objective}%)  ${windowsLine(slo.windows, burn, roughDuration)}  budget left ${slo.budgetDataMs === undefined ? '' : '≤'}${pct(slo.budgetRemaining, slo.budgetDataMs !== undefined)}${slo.budgetDataMs === undefined ? '' : ` (${roughDuration(slo.budgetDataMs)} of data)`}`),
  ));
  lines.push('TRIGGERS');
  if (s.triggers.length === 0) lines.push('  none defined');
  for (const t of s.triggers) {
    const state = t.state === 'fired' ? 'FIRED' : t.state === 'quiet' ? 'quiet' : 'no data';
    lines.push(`  ${state}  ${t.slo} ${t.threshold}x on ${t.long}+${t.short}: long ${burn(t.longBurn)}, short ${burn(t.shortBurn)}${t.longDataMs === undefined ? '' : ` (its ${t.long} window: ${roughDuration(t.longDataMs)} of data)`}`);
  }
  const previous = s.previousIncident;
  if (previous !== undefined && s.triggers.some((t) => t.state === 'fired')) {
    lines.push(`  (the longer windows may still hold the errors of ${previous.id}, resolved ${previous.resolvedAt.slice(0, 16).replace('T', ' ')}Z: this burn is not dated before then)`);
  }
  if (s.recommendations.length > 0) lines.push('', 'RECOMMENDATION');
  // Without the burn there is nothing to recommend from: said, not left out (it read as "nothing to do").
  else if (s.slos.status === 'failed') lines.push('', 'RECOMMENDATION', `  none: the SLO provider did not answer, so the burn is unknown`);
  for (const r of s.recommendations) lines.push(`  ${r.text}`, ...r.evidence.map((e) => `    · ${e}`));
  return `${lines.join('\n')}\n`;
}

const VERDICT_WORDS = { ok: 'safe', typed: 'needs the service name typed', blocked: 'BLOCKED', unsupported: 'cannot be done here' } as const;

/** Where the runbook's rollback step would go: the provider's own plan, as the cockpit would confirm it. */
function rollbackLines(preview: NonNullable<StatusSnapshot['rollback']>): string[] {
  const step = preview.step ? `step ${preview.step}: ` : '';
  if (preview.status === 'none') return [`ROLLBACK  ${step}no plan: ${preview.reason}`, ''];
  // What blocks (or asks for typing) first; the checks that passed after it, marked as passed.
  const passed = passedReasons(preview.verdict);
  const reasons = preview.verdict.level === 'ok' ? preview.verdict.reasons : decidingReasons(preview.verdict);
  // A guessed target is typed in full, as the cockpit asks it (status said "the service name").
  const words = preview.verdict.level === 'typed' && preview.verdict.phrase !== undefined ? `needs ${preview.verdict.phrase} typed in full` : VERDICT_WORDS[preview.verdict.level];
  return [`ROLLBACK  ${step}${preview.current} → ${preview.target} (${words})`, ...reasons.map((r) => `  ${r}`), ...passed.map((r) => `  ✓ ${r}`), ''];
}

function section<T>(title: string, s: Section<T>, rows: (data: T) => string[]): string[] {
  if (s.status === 'absent') return [`${title}  (no provider)`, ''];
  if (s.status === 'failed') return [`${title}  ${s.source}`, `  FAILED: ${s.error}`, ''];
  // A partial answer says so, as the TUI's panel does (status printed a DescribeServices-only history as whole).
  return [`${title}  ${s.source}`, ...(s.warning === undefined ? [] : [`  ⚠ ${s.warning}`]), ...rows(s.data), ''];
}
