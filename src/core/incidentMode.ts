import { argvText } from './argvText';
import type { IncidentMode } from './events';

/**
 * Which mode a session runs an incident in. The log decides, never the command line: a drill
 * stays a drill with its guards, and a sandbox drill runs only inside a sandbox, because its
 * runbook's providers are the real ones and its screen still says "sandbox".
 */
export interface ModeRequest {
  /** The mode the log recorded, when resuming; absent for a new incident. */
  readonly logged?: IncidentMode;
  /** What the caller asked for: the mode of a new incident, or the command line's `--drill`. */
  readonly asked: IncidentMode;
  /** The caller runs a sandbox world and confines its providers to it. */
  readonly sandbox: boolean;
  /** Watching only: nothing will be run or written. */
  readonly readOnly?: boolean;
  readonly incidentId?: string;
  readonly runbookPath: string;
  /** The `--store` a printed command needs (empty for the default store): without it, it looked elsewhere. */
  readonly storeArgs?: readonly string[];
}

/**
 * `providers: 'none'`: the session may open, but must start no provider: a read-only watch of a
 * sandbox drill, whose world lives in the drilling cockpit and is reachable from nowhere else
 * (the runbook's own providers would show production under a sandbox banner).
 */
export type ModeDecision =
  | { readonly ok: true; readonly mode: IncidentMode; readonly providers: 'runbook' | 'none' }
  | { readonly ok: false; readonly message: string };

export function decideMode(request: ModeRequest): ModeDecision {
  const { logged, asked, sandbox, runbookPath } = request;
  const id = request.incidentId ?? '';
  const command = (name: 'open' | 'drill', ...more: string[]) => argvText(['cockpit', name, runbookPath, '--incident', id, ...more, ...(request.storeArgs ?? [])]);
  if (logged === undefined) {
    if (asked === 'drill-sandbox' && !sandbox) return refuse('a sandbox drill needs a sandbox to run in; start one with `cockpit drill`');
    if (asked !== 'drill-sandbox' && sandbox) return refuse(`a sandbox only runs sandbox drills, not a ${describe(asked)}`);
    return { ok: true, mode: asked, providers: 'runbook' };
  }
  if (logged === 'drill-sandbox' && !sandbox && request.readOnly) return { ok: true, mode: logged, providers: 'none' };
  // The watch too: while a cockpit drives the drill, the resume is refused, and it named only that.
  if (logged === 'drill-sandbox' && !sandbox) return refuse(`incident ${id} is a sandbox drill; resume it with \`${command('drill')}\`, or watch it with \`${command('open', '--read-only')}\``);
  if (logged !== 'drill-sandbox' && sandbox) {
    return refuse(`incident ${id} is a ${describe(logged)}, not a sandbox drill; resume it with \`${command('open')}\``);
  }
  // `--drill` on a real incident would relax production's confirmations while production is what runs.
  if (logged === 'incident' && asked !== 'incident') {
    return refuse(`incident ${id} is a real incident, not a drill; resume it without --drill: \`${command('open')}\``);
  }
  return { ok: true, mode: logged, providers: 'runbook' };
}

function describe(mode: IncidentMode): string {
  return mode === 'incident' ? 'real incident' : mode === 'drill-real' ? 'drill on real providers' : 'sandbox drill';
}

function refuse(message: string): ModeDecision {
  return { ok: false, message };
}
