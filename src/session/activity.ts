import type { ActionRunner, Clock, PluginInstance } from '../plugins/contract';

/**
 * Knows whether provider work is under way: a call into a plugin is "busy" unless the plugin is
 * waiting on its clock. A max-speed drill moves virtual time only when nothing is busy, which
 * keeps it deterministic however slow the machine is.
 */
export class ActivityMeter {
  private calls = 0;
  private sleeps = 0;
  private waiters: (() => void)[] = [];

  busy(): boolean {
    return this.calls > this.sleeps;
  }

  /** Resolves once no call is busy (at once when none is): a wait, not a spin of the event loop. */
  quiet(): Promise<void> {
    if (!this.busy()) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  /** The clock a plugin gets: its sleeps count as idle time. */
  clock(inner: Clock): Clock {
    return {
      now: () => inner.now(),
      sleep: (ms, signal) => this.during(inner.sleep(ms, signal), 'sleeps'),
    };
  }

  /** The plugin instance with every asynchronous capability call counted. */
  instance(inner: PluginInstance): PluginInstance {
    const track = <A extends unknown[], R>(fn: (...args: A) => Promise<R>) => (...args: A) => this.during(fn(...args), 'calls');
    const runner = (r: ActionRunner): ActionRunner => ({
      plan: track(r.plan.bind(r)),
      safety: r.safety.bind(r),
      execute: track(r.execute.bind(r)),
      verify: track(r.verify.bind(r)),
      ...(r.undo ? { undo: r.undo.bind(r) } : {}),
    });
    return {
      ...(inner.deploys ? { deploys: { list: track(inner.deploys.list.bind(inner.deploys)) } } : {}),
      ...(inner.flags ? { flags: { list: track(inner.flags.list.bind(inner.flags)) } } : {}),
      ...(inner.slo ? { slo: { errorRatio: track(inner.slo.errorRatio.bind(inner.slo)), ...(inner.slo.dataSince ? { dataSince: track(inner.slo.dataSince.bind(inner.slo)) } : {}) } } : {}),
      ...(inner.actions ? { actions: Object.fromEntries(Object.entries(inner.actions).map(([name, r]) => [name, runner(r)])) } : {}),
      ...(inner.close ? { close: inner.close.bind(inner) } : {}),
    };
  }

  private during<T>(work: Promise<T>, counter: 'calls' | 'sleeps'): Promise<T> {
    this[counter]++;
    if (counter === 'sleeps') this.wakeIfQuiet();
    return work.finally(() => {
      this[counter]--;
      this.wakeIfQuiet();
    });
  }

  private wakeIfQuiet(): void {
    if (this.busy() || this.waiters.length === 0) return;
    for (const wake of this.waiters.splice(0)) wake();
  }
}
