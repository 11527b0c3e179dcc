import type { Intent, IntentResult, SessionController } from '../../src/session/intents';
import type { CockpitView } from '../../src/session/viewModel';

/**
 * A SessionController for UI tests: it records every intent, answers with `respond` (ok by
 * default), and lets the test publish new views as the session would.
 */
export class FakeController implements SessionController {
  readonly dispatched: Intent[] = [];
  respond: (intent: Intent) => IntentResult | Promise<IntentResult> = () => ({ ok: true });
  private current: CockpitView;
  private readonly listeners = new Set<(view: CockpitView) => void>();

  constructor(view: CockpitView) {
    this.current = view;
  }

  view = (): CockpitView => this.current;

  subscribe = (listener: (view: CockpitView) => void): (() => void) => {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  };

  dispatch = async (intent: Intent): Promise<IntentResult> => {
    this.dispatched.push(intent);
    return this.respond(intent);
  };

  push(view: CockpitView): void {
    this.current = view;
    for (const listener of this.listeners) listener(view);
  }

  get subscribers(): number {
    return this.listeners.size;
  }
}
