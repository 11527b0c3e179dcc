import { useApp, useFocusManager, useInput, useStdin } from 'ink';
import { useCallback, useEffect, useRef } from 'react';
import type { Intent, SessionController } from '../session/intents';
import { keyEffect } from './keyEffects';
import { refusalStatus } from './refusalStatus';
import type { HelpRoom } from './helpLines';
import type { PlanScroll } from './ConfirmDialog';
import { routeKey, splitKeys } from './keys';
import { asksConfirmation, confirmationSettled, ignoredText, refused, typedAhead, typesText, type TypeAhead } from './typeAhead';
import type { UiStore } from './uiState';

/**
 * The one input handler: routes each key, applies its effect to the UI store, sends its intent
 * to the session and shows a refusal in the status line. It reads the stores at the moment of
 * the key, never values from a render, so two keys in one chunk see each other's effect.
 */
export function useKeys(controller: SessionController, store: UiStore, pages: () => { readonly timeline: number; readonly deploys: number; readonly flags: number | undefined; readonly help: HelpRoom; readonly steps: boolean; readonly plan: PlanScroll | undefined }): void {
  const { exit } = useApp();
  const { isRawModeSupported } = useStdin();
  const { disableFocus } = useFocusManager();
  const quitting = useRef(false);
  // Keys typed ahead of a confirmation that has not opened (typeAhead.ts): `said`, the refusal the line said of the key
  // that asked; `shown`, what it says now.
  const ahead = useRef<{ guard?: TypeAhead; said?: string; shown?: string }>({});

  // Nothing here is focusable; Ink's focus manager would otherwise also react to Tab and Esc.
  useEffect(() => disableFocus(), [disableFocus]);

  const send = useCallback(
    async (intent: Intent) => {
      try {
        const result = await controller.dispatch(intent);
        if (result.ok) {
          store.dispatch({ type: 'status.set', status: null });
          return;
        }
        store.dispatch({ type: 'status.set', status: refusalStatus(intent, result.reason, controller.view()) });
        ahead.current = { ...ahead.current, guard: refused(ahead.current.guard, performance.now()) };
        if (intent.type === 'confirm' || intent.type === 'cancel') {
          // The session kept the confirmation: show it again rather than hide it behind the refusal.
          store.dispatch({ type: 'confirm.reopen' });
          store.dispatch({ type: 'view.changed', view: controller.view() });
        }
      } catch (error) {
        // A note not recorded keeps its words, in its dialog again (typed while the disk was full, it was gone), which
        // then says why. A throwing controller is a bug, or a timeline that cannot be written: said, without `Error:`.
        if (intent.type === 'note') store.dispatch({ type: 'dialog.open', dialog: { kind: 'note', text: intent.text } });
        store.dispatch({ type: 'status.set', status: { text: `${intent.type} failed: ${error instanceof Error ? error.message : String(error)}`, tone: 'bad' } });
      }
    },
    [controller, store],
  );

  const quit = useCallback(() => {
    quitting.current = true;
    store.dispatch({ type: 'status.set', status: { text: 'quitting: flushing the timeline…', tone: 'info' } });
    // Whatever the session answers, the terminal must come back: exit in every case.
    void controller
      .dispatch({ type: 'quit' })
      .catch(() => undefined)
      .finally(() => exit());
  }, [controller, store, exit]);

  /** Whether the key is typed ahead of a confirmation that has not opened: ignored, and said so. */
  const ignoredAhead = useCallback(
    (input: string, key: Parameters<typeof typesText>[1]): boolean => {
      const { guard } = ahead.current;
      if (guard === undefined) return false;
      const { dialog } = store.get();
      const settled = confirmationSettled(guard, controller.view(), dialog?.kind === 'confirm');
      const next = typedAhead(guard, performance.now(), typesText(input, key, dialog !== null), settled);
      if (!next.ignore || next.guard === undefined) {
        ahead.current = next.guard === undefined ? {} : { ...ahead.current, guard: next.guard };
        return false;
      }
      // What the line said of the key that asked (a refusal, perhaps come meanwhile) stays before the count.
      const status = store.get().status;
      const said = status?.tone === 'bad' && status.text !== ahead.current.shown ? status.text : ahead.current.said;
      const shown = ignoredText(said, next.guard.ignored);
      ahead.current = { guard: next.guard, ...(said === undefined ? {} : { said }), shown };
      store.dispatch({ type: 'status.set', status: { text: shown, tone: 'bad' } });
      return true;
    },
    [controller, store],
  );

  useInput(
    (chunk, chunkKey) => {
      for (const { input, key } of splitKeys(chunk, chunkKey)) {
        if (quitting.current) return;
        if (ignoredAhead(input, key)) continue;
        const routed = routeKey(input, key, store.get().dialog !== null);
        if (routed === null) continue;
        const selected = controller.view().steps[store.get().selected];
        if (asksConfirmation(routed, selected)) ahead.current = { guard: { ...(selected === undefined ? {} : { step: selected.id }), lastAt: performance.now(), ignored: 0 } };
        const page = pages();
        const effect = keyEffect(routed, { state: store.get(), view: controller.view(), timelinePage: page.timeline, deploysPage: page.deploys, flagsNext: page.flags, helpRoom: page.help, stepsOnScreen: page.steps, ...(page.plan === undefined ? {} : { plan: page.plan }) });
        // A refusal answers the key that caused it: the next command key clears it (a watcher's
        // "✖ Read-only" stayed on screen for fourteen minutes after the one key it refused).
        if (routed.layer === 'command' && store.get().status?.tone === 'bad' && !effect.ui.some((action) => action.type === 'status.set')) store.dispatch({ type: 'status.set', status: null });
        for (const action of effect.ui) store.dispatch(action);
        // Refused at once (nothing to undo): what is typed next is the phrase meant for it (typeAhead.ts AFTER_REFUSAL_MS).
        if (ahead.current.guard !== undefined && effect.ui.some((action) => action.type === 'status.set' && action.status?.tone === 'bad')) ahead.current = { ...ahead.current, guard: refused(ahead.current.guard, performance.now()) };
        if (effect.quit === true) quit();
        else if (effect.intent !== undefined) void send(effect.intent);
      }
    },
    // Without a TTY there are no keys to read (and Ink refuses raw mode).
    { isActive: isRawModeSupported },
  );
}
