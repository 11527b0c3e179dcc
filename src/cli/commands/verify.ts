import type { Command } from 'commander';
import { describeAnchorCheck, isHeadHash } from '../../core/anchor';
import { locateStore, storeFailure, STORE_ENV_HELP, STORE_OPTION_HELP } from '../storeLocator';
import type { Verification } from '../../timeline/verifyIncident';
import { EXIT } from '../exit';
import { DATA_ENV, helpFooter, INCIDENTS_PATH } from '../helpText';

interface VerifyOptions {
  expectHead?: string;
  json?: boolean;
  store?: string;
}

export function registerVerify(program: Command): void {
  program
    .command('verify')
    .description("check an incident timeline's hash chain and sequence against its anchor (exit 0 intact, 1 broken)")
    .argument('<incident-id>', 'incident id (see cockpit incidents)')
    .option('--expect-head <sha256:…>', 'a head hash kept elsewhere (e.g. from the postmortem): it must be in the chain')
    .option('--json', 'print the verification as JSON')
    .option('--store <url|dir>', STORE_OPTION_HELP)
    .addHelpText(
      'after',
      helpFooter({
        examples: ['cockpit verify inc-20261122-0230-checkout-api', 'cockpit verify inc-20261122-0230-checkout-api --expect-head sha256:…   # the head the postmortem printed', 'cockpit verify inc-20261122-0230-checkout-api --json | jq .intact'],
        env: [DATA_ENV, STORE_ENV_HELP],
        paths: [`reads ${INCIDENTS_PATH}`],
        exitCodes: '0 intact, 1 broken or not anchored, 2 no such incident or a bad --expect-head.',
      }),
    )
    .action(async (id: string, options: VerifyOptions) => {
      if (options.expectHead !== undefined && !isHeadHash(options.expectHead)) {
        process.stderr.write(`cockpit verify: --expect-head takes sha256: and 64 hex digits, not ${JSON.stringify(options.expectHead)}\n`);
        process.exitCode = EXIT.usage;
        return;
      }
      const { incidents, dataDir } = await locateStore(options.store);
      const { isIntact, verifyIncident } = await import('../../timeline/verifyIncident');
      const result = await verifyIncident(dataDir, id, { source: incidents.source, ...(options.expectHead === undefined ? {} : { expectHead: options.expectHead }) }).catch(storeFailure);
      await incidents.close();
      if (!result.ok) {
        process.stderr.write(`cockpit verify: ${result.error.message}\n`);
        process.exitCode = EXIT.usage;
        return;
      }
      const intact = isIntact(result.value);
      // The shared store keeps its anchor in the incident's row, not in a file.
      const anchoredIn = incidents.kind === 'postgres' ? "the incident's row in the shared store" : 'incident.json';
      process.stdout.write(options.json ? `${JSON.stringify({ id, intact, ...result.value }, null, 2)}\n` : report(id, result.value, intact, anchoredIn));
      process.exitCode = intact ? EXIT.ok : EXIT.problems;
    });
}

function headline(id: string, v: Verification, intact: boolean): string {
  if (v.events === 0 && v.problem === undefined) return `${id}: broken: the log holds no event (an empty log proves nothing)`;
  if (v.problem !== undefined) {
    const p = v.problem;
    // One the anchor counted was written whole and acknowledged: damage, as opening says when it sets it aside.
    const counted = v.anchor !== undefined && p.seq <= v.anchor.anchor.events;
    const hint = !p.atTail ? '' : counted ? ` (the last line, which the anchor counted: damage, not an interrupted write; opening the incident sets it aside, noted)` : ' (the last line: a torn write; opening the incident quarantines it)';
    return `${id}: broken at seq ${p.seq}: ${p.reason}${hint}; ${v.events} events before it verify`;
  }
  return `${id}: ${intact ? 'intact' : 'NOT intact (the chain verifies, but see below)'}, ${v.events} events, last hash ${v.lastHash}`;
}

function report(id: string, v: Verification, intact: boolean, anchoredIn: string): string {
  const lines = [headline(id, v, intact)];
  if (v.anchor === undefined) {
    lines.push(`anchor: ${anchoredIn} holds none (written before anchors, or removed), so lines cut from the end would not show${v.expected === undefined ? '; check against a head kept elsewhere with --expect-head' : ''}`);
  } else if (v.problem !== undefined && v.anchor.check.status === 'log-short') {
    // Broken mid-log, the events after the break are there but do not verify: "the log lost events at its end" sent a reader looking for a cut.
    lines.push(`anchor: ${anchoredIn} says ${v.anchor.anchor.events} events (head ${v.anchor.anchor.head}); the ${v.anchor.check.missing} from seq ${v.problem.seq} on do not verify (above)`);
  } else {
    lines.push(`anchor: the log ${describeAnchorCheck(v.anchor.check, v.anchor.anchor, anchoredIn)}`);
  }
  if (v.expected !== undefined) {
    lines.push(
      v.expected.seq === undefined
        ? `expected head ${v.expected.head}: no event in the log has it; the log was cut or rewritten after that head was recorded`
        : `expected head ${v.expected.head}: found at seq ${v.expected.seq}${v.expected.seq === v.events ? ' (the head)' : `, ${v.events - v.expected.seq} event(s) after it`}`,
    );
  }
  for (const file of v.quarantined) lines.push(`note: a damaged tail was quarantined to ${file} (outside the chain)`);
  for (const note of v.repairNotes) lines.push(`note: seq ${note.seq} records a repair: ${note.text}`);
  return `${lines.join('\n')}\n`;
}
