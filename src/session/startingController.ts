import type { Intent, IntentResult, SessionController } from './intents';
import type { CockpitView } from './viewModel';

type Listener = (view: CockpitView) => void;

/**
 * The controller the cockpit is drawn with while its session starts (the log opened, the
 * providers created, a drill's sandbox started): it shows `startingView`'s frame, then, once
 * `attach`ed, passes everything to the session, whose views replace the frame on screen.
 *
 * Before the session is there, intents that would change the incident are refused with a reason;
 * `quit` waits for the start to end (then quits the session, or, if the start failed, ends at once),
 * so nothing the start created is left behind half-made.
 */
export class StartingController implements SessionController {
  private current: SessionController | undefined;
  private readonly listeners = new Set<Listener>();
  private unsubscribe: (() => void) | undefined;
  private readonly ready: Promise<SessionController | undefined>;
  private settle!: (controller: SessionController | undefined) => void;
  private quitEarly = false;

  constructor(private readonly skeleton: CockpitView) {
    this.ready = new Promise((resolve) => {
      this.settle = resolve;
    });
  }

  readonly view = (): CockpitView => this.current?.view() ?? this.skeleton;

  readonly subscribe = (listener: Listener): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  readonly dispatch = async (intent: Intent): Promise<IntentResult> => {
    if (this.current) return this.current.dispatch(intent);
    if (intent.type !== 'quit') return { ok: false, reason: 'the cockpit is still starting: try again in a moment' };
    this.quitEarly = true;
    const controller = await this.ready;
    return controller ? controller.dispatch(intent) : { ok: true };
  };

  /**
   * The responder quit before the session was there: the session is then never drawn (the quit
   * waiting for it ends it), and a drill is not played.
   */
  quitWhileStarting(): boolean {
    return this.quitEarly;
  }

  /** The session is open: its views are drawn from now on, and intents go to it. */
  attach(controller: SessionController): void {
    if (this.current) throw new Error('StartingController: attached twice');
    this.current = controller;
    this.settle(controller);
    if (this.quitEarly) return;
    this.unsubscribe = controller.subscribe((view) => this.publish(view));
    this.publish(controller.view());
  }

  /** The start failed: a `quit` waiting for it ends now (the caller closes the screen and says why). */
  failed(): void {
    this.settle(undefined);
  }

  /** Stops forwarding the session's views (the screen is gone). */
  detach(): void {
    this.unsubscribe?.();
    this.unsubscribe = undefined;
    this.listeners.clear();
  }

  private publish(view: CockpitView): void {
    for (const listener of this.listeners) listener(view);
  }
}
