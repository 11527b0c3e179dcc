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
  readonly incidentId?: string;
  readonly runbookPath: string;
}

export type ModeDecision = { readonly ok: true; readonly mode: IncidentMode } | { readonly ok: false; readonly message: string };

export function decideMode(request: ModeRequest): ModeDecision {
  const { logged, asked, sandbox, runbookPath } = request;
  const id = request.incidentId ?? '';
  if (logged === undefined) {
    if (asked === 'drill-sandbox' && !sandbox) return refuse('a sandbox drill needs a sandbox to run in; start one with `cockpit drill`');
    if (asked !== 'drill-sandbox' && sandbox) return refuse(`a sandbox only runs sandbox drills, not a ${describe(asked)}`);
    return { ok: true, mode: asked };
  }
  if (logged === 'drill-sandbox' && !sandbox) return refuse(`incident ${id} is a sandbox drill; resume it with \`cockpit drill ${runbookPath} --incident ${id}\``);
  if (logged !== 'drill-sandbox' && sandbox) {
    return refuse(`incident ${id} is a ${describe(logged)}, not a sandbox drill; resume it with \`cockpit open ${runbookPath} --incident ${id}\``);
  }
  // `--drill` on a real incident would relax production's confirmations while production is what runs.
  if (logged === 'incident' && asked !== 'incident') {
    return refuse(`incident ${id} is a real incident, not a drill; resume it without --drill: \`cockpit open ${runbookPath} --incident ${id}\``);
  }
  return { ok: true, mode: logged };
}

function describe(mode: IncidentMode): string {
  return mode === 'incident' ? 'real incident' : mode === 'drill-real' ? 'drill on real providers' : 'sandbox drill';
}

function refuse(message: string): ModeDecision {
  return { ok: false, message };
}
