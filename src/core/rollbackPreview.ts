import type { SafetyVerdict } from './actions';
import { shortRevision } from './changeCorrelation';
import type { Deploy } from './deploys';

/**
 * Where a rollback would go now, as the provider's own (dry) plan answers it: the deploys panel,
 * `cockpit status` and the recommendation show this, never a rule of their own.
 */
export type RollbackPreview =
  | {
      readonly status: 'planned';
      /** The runbook step whose action the plan is for. */
      readonly step: string;
      /** `family:N` running now (or being rolled out). */
      readonly current: string;
      /** `family:N` the rollback would deploy. */
      readonly target: string;
      readonly verdict: SafetyVerdict;
      /** When it was planned (ms since the epoch). */
      readonly at: number;
    }
  /** No rollback step, no provider able to plan one, or the plan failed (`reason` says which). */
  | { readonly status: 'none'; readonly step?: string; readonly reason: string; readonly at: number };

const IRREVERSIBLE = new Set(['contract', 'destructive']);

/** "contract migration in :42", from the deploys between target and current; else the verdict's own reason. */
export function blockedBecause(preview: Extract<RollbackPreview, { status: 'planned' }>, deploys: readonly Deploy[]): string {
  const dated = [...deploys].reverse();
  const from = dated.findIndex((d) => d.revision === preview.target);
  const to = dated.findIndex((d) => d.revision === preview.current);
  const between = from !== -1 && to > from ? dated.slice(from + 1, to + 1) : deploys.filter((d) => d.revision === preview.current);
  const migration = between.filter((d) => IRREVERSIBLE.has(d.labels.migration?.trim().toLowerCase() ?? '')).at(-1);
  if (migration) return `${migration.labels.migration!.trim().toLowerCase()} migration in ${shortRevision(migration.revision)}`;
  return preview.verdict.reasons.find((r) => /migration|destructive/.test(r)) ?? preview.verdict.reasons[0] ?? 'the safety check refused it';
}
