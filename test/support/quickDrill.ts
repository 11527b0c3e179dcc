import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

const RUNBOOK = new URL('../../runbooks/checkout-api.yaml', import.meta.url).pathname;
const SCRIPT = new URL('../../runbooks/scripts/db-health.sh', import.meta.url).pathname;
const FLAGS = new URL('../../runbooks/flags/checkout.flagd.json', import.meta.url).pathname;

/**
 * checkout-api's runbook without its mitigations (kill switch, rollback) and its recovery check,
 * written into `dir`: an autopilot drill of it starts as every drill does (sandbox, providers,
 * session, the database check's real child process) and ends at once, NOT RECOVERED (exit 1),
 * instead of watching a recovery check for the autopilot's hour of drill time. For tests about
 * what happens around a drill rather than in it.
 */
export async function runbookWithoutMitigations(dir: string): Promise<string> {
  const runbook = (await readFile(RUNBOOK, 'utf8'))
    .replace(/  - id: disable-flag[\s\S]*?(?=  - id: page-db)/, '')
    .replace(/^recovery:\n(?:  .*\n)+/m, '')
    .replace('./scripts/db-health.sh', SCRIPT)
    // Its flag file where it is: the drill says when a runbook's is not there.
    .replace('./flags/checkout.flagd.json', FLAGS);
  if (/^recovery:|id: rollback|id: disable-flag|\.\/scripts\/|\.\/flags\//m.test(runbook)) throw new Error('checkout-api.yaml changed: runbookWithoutMitigations no longer trims it');
  const file = join(dir, 'checkout-api-without-mitigations.yaml');
  await writeFile(file, runbook);
  return file;
}
