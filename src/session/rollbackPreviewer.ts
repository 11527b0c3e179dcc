import type { BurnSamples } from '../core/burnWentOn';
import type { IncidentState } from '../core/incident';
import { planContextOf } from '../core/ranHere';
import { failFromThrown } from '../core/result';
import type { RollbackPreview } from '../core/rollbackPreview';
import { rollbackStep, stepParams } from '../core/stepAction';
import type { ActionRunner, Clock, Deploy, Logger, PlanContext, Result, SafetyVerdict } from '../plugins/contract';
import { withinReadLimit } from '../plugins/readLimit';
import type { Runbook } from '../runbook/schema';
import type { ProviderSet } from './providers';

export interface PreviewDeps {
  readonly runbook: Runbook;
  readonly deploysKey: string | undefined;
  readonly providers: ProviderSet;
  readonly clock: Clock;
  readonly log: Logger;
  readonly signal: AbortSignal;
  readonly changed: () => void;
}

/**
 * Asks the deploys provider's own planner where the runbook's rollback step would go, without
 * running anything: one rule for the deploys panel, `cockpit status` and the step itself.
 */
export async function previewRollback(deps: PreviewDeps, context: PlanContext | undefined): Promise<RollbackPreview | undefined> {
  const at = deps.clock.now().getTime();
  const step = rollbackStep(deps.runbook, deps.deploysKey);
  if (!step) return undefined;
  const runner: ActionRunner | undefined = deps.deploysKey === undefined ? undefined : deps.providers.providers.get(deps.deploysKey)?.instance.actions?.rollback;
  if (!runner) return { status: 'none', step: step.id, reason: `the ${deps.deploysKey ?? 'deploys'} provider cannot plan a rollback now`, at };
  // Within a poll's limit: a frozen ECS held `cockpit status` 30 s (10 s a request, three attempts).
  const planned: Result<{ current: unknown; target: unknown; verdict: SafetyVerdict }> = await withinReadLimit((signal) => runner.plan(stepParams(step, deps.runbook, deps.deploysKey), signal, context), deps.signal)
    .then((answer) => (answer.ok ? { ok: true as const, value: { current: answer.value.facts.currentRevision, target: answer.value.facts.targetRevision, verdict: runner.safety(answer.value) } } : answer))
    .catch(failFromThrown);
  if (!planned.ok) return { status: 'none', step: step.id, reason: planned.error.message, at };
  const { current, target, verdict } = planned.value;
  if (typeof current !== 'string' || typeof target !== 'string') return { status: 'none', step: step.id, reason: 'the plan names no revisions', at };
  return { status: 'planned', step: step.id, current, target, verdict, at };
}

/**
 * The session's preview, planned again whenever the deploys or what the incident knows to be bad
 * change; one plan at a time, the latest change last.
 */
export class RollbackPreviewer {
  private preview: RollbackPreview | undefined;
  private basis = '';
  private planning: Promise<void> | undefined;
  private again = false;
  private latest: readonly Deploy[] = [];

  constructor(
    private readonly deps: PreviewDeps,
    private readonly state: () => IncidentState,
    private readonly burns: () => BurnSamples,
  ) {}

  /** What the incident knows (bad, ran here), as its rollback step's plan will. */
  private context(): PlanContext {
    return planContextOf(this.state(), this.burns());
  }

  current(): RollbackPreview | undefined {
    return this.preview;
  }

  /** After each deploys observation. */
  refresh(deploys: readonly Deploy[]): void {
    this.latest = deploys;
    const basis = JSON.stringify([deploys.map((d) => [d.id, d.status, d.current]), this.context()]);
    if (basis === this.basis) return;
    this.basis = basis;
    if (this.planning) {
      this.again = true;
      return;
    }
    this.planning = this.plan().finally(() => {
      this.planning = undefined;
      if (this.again && !this.deps.signal.aborted) {
        this.again = false;
        this.basis = '';
        this.refresh(this.latest);
      }
    });
  }

  /** Resolves when no plan is being made (tests, shutdown). */
  async idle(): Promise<void> {
    while (this.planning) await this.planning;
  }

  private async plan(): Promise<void> {
    const preview = await previewRollback(this.deps, this.context()).catch((error: unknown) => {
      this.deps.log.warn('could not preview the rollback', { error: String(error) });
      return undefined;
    });
    if (this.deps.signal.aborted) return;
    this.preview = preview;
    this.deps.changed();
  }
}
