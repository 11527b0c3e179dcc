import type { Command } from 'commander';
import { resolveDataDir } from '../../timeline/paths';
import { verifyIncident } from '../../timeline/verifyIncident';
import { EXIT } from '../exit';

export function registerVerify(program: Command): void {
  program
    .command('verify')
    .description("check an incident timeline's hash chain and sequence (exit 0 intact, 1 broken)")
    .argument('<incident-id>', 'incident id (see cockpit incidents)')
    .action(async (id: string) => {
      const result = await verifyIncident(resolveDataDir(), id);
      if (!result.ok) {
        process.stderr.write(`cockpit verify: ${result.error.message}\n`);
        process.exitCode = EXIT.usage;
        return;
      }
      const v = result.value;
      for (const file of v.quarantined) {
        process.stdout.write(`note: a damaged tail was quarantined to ${file} (outside the chain)\n`);
      }
      if (v.problem === undefined) {
        process.stdout.write(`${id}: intact, ${v.events} events, last hash ${v.lastHash}\n`);
        process.exitCode = EXIT.ok;
        return;
      }
      const p = v.problem;
      const hint = p.atTail ? ' (the last line: a torn write; opening the incident quarantines it)' : '';
      process.stdout.write(`${id}: broken at seq ${p.seq}: ${p.reason}${hint}; ${v.events} events before it verify\n`);
      process.exitCode = EXIT.problems;
    });
}
