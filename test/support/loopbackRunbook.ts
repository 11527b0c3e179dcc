import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = new URL('../..', import.meta.url).pathname;

/**
 * The checkout-api runbook with one environment, `local`, whose real providers point at closed
 * loopback ports: a real cockpit in a terminal test starts them, and nothing leaves this machine.
 * Returns the file written in `dir`.
 */
export function writeLoopbackRunbook(dir: string): string {
  const runbook = join(dir, 'checkout-api.yaml');
  writeFileSync(
    runbook,
    readFileSync(join(ROOT, 'runbooks/checkout-api.yaml'), 'utf8').replace(
      /environments:\n(?: {2}.*\n)+/,
      'environments:\n  local:\n    deploys: { endpoint: "http://127.0.0.1:9" }\n    slo: { url: "http://127.0.0.1:9" }\n',
    ),
  );
  return runbook;
}

/** Throwaway AWS credentials and no instance-metadata lookups, for `env` in a tmux command line. */
export const OFFLINE_AWS_ENV = 'AWS_ACCESS_KEY_ID=AKIATEST AWS_SECRET_ACCESS_KEY=test AWS_EC2_METADATA_DISABLED=true';
