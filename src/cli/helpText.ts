/**
 * The part of a command's `--help` after its options: examples to copy, the environment variables
 * and paths it reads or writes, and its exit codes. An on-call engineer reads `--help` at 3 a.m.;
 * what they need must be there, not only in the README.
 */
export interface HelpFooter {
  readonly examples: readonly string[];
  readonly env?: readonly string[];
  readonly paths?: readonly string[];
  readonly exitCodes?: string;
}

/** Every command that reads or writes incidents uses these. */
export const DATA_ENV = 'COCKPIT_DATA_DIR (incidents, and settings.json and cockpit.log when it is set; default: the platform data dir, ~/.local/share/incident-cockpit or $XDG_DATA_HOME/incident-cockpit)';
/** Where the TUI logs. */
export const LOG_PATH = 'logs to cockpit.log in the state dir, ~/.local/state/incident-cockpit or $XDG_STATE_HOME/incident-cockpit (the TUI never writes to the terminal)';
export const SETTINGS_PATH = 'reads settings.json in the config dir, ~/.config/incident-cockpit or $XDG_CONFIG_HOME/incident-cockpit';
export const DEBUG_ENV = 'COCKPIT_DEBUG=1 (an internal error prints its stack trace)';
export const COLOR_ENV = 'NO_COLOR, FORCE_COLOR, TERM (colour and whether the full-screen TUI can be drawn; --no-color wins)';
export const INCIDENTS_PATH = '$COCKPIT_DATA_DIR/incidents/<id>/events.jsonl and incident.json';

export function helpFooter(footer: HelpFooter): string {
  const block = (title: string, lines: readonly string[] | undefined) => (lines && lines.length > 0 ? [``, `${title}:`, ...lines.map((l) => `  ${l}`)] : []);
  return [
    ...block('Examples', footer.examples.map((e) => `$ ${e}`)),
    ...block('Environment', footer.env),
    ...block('Paths', footer.paths),
    ...(footer.exitCodes ? ['', `Exit codes: ${footer.exitCodes}`] : []),
  ].join('\n');
}

// Kept here rather than in open.ts, which others change too: its examples and environment.
export const OPEN_HELP = helpFooter({
  examples: ['cockpit open runbooks/checkout-api.yaml', 'cockpit open runbooks/checkout-api.yaml --env staging --drill', 'cockpit open runbooks/checkout-api.yaml --incident inc-20261122-0230-checkout-api --read-only'],
  env: ['${NAME} in the runbook: read from the environment', 'AWS_PROFILE, AWS_REGION and the other AWS SDK variables (the ecs plugin)', DATA_ENV, COLOR_ENV, DEBUG_ENV],
  paths: [`writes ${INCIDENTS_PATH}`, LOG_PATH, SETTINGS_PATH],
  exitCodes: '0 on quit, 1 the runbook has problems, 2 refused or bad input (one line on stderr), 4 the data dir takes no writes.',
});
