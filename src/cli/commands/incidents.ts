import type { Command } from 'commander';
import { newestFirst, ranAt, type IncidentSummary } from '../../core/summary';
import { stripTerminalControls } from '../../core/terminalText';
import { locateStore, STORE_ENV_HELP, STORE_OPTION_HELP } from '../storeLocator';
import { EXIT } from '../exit';
import { DATA_ENV, helpFooter, INCIDENTS_PATH } from '../helpText';

function table(rows: readonly (readonly string[])[]): string {
  const widths = rows[0]?.map((_, col) => Math.max(...rows.map((row) => (row[col] ?? '').length))) ?? [];
  return rows.map((row) => row.map((text, col) => text.padEnd(widths[col] ?? 0)).join('  ').trimEnd()).join('\n');
}

/**
 * A sandbox drill's row says `sandbox` and when it ran; a drill against real providers says `drill`.
 * Each cell as plain text: what a store holds was written by whoever could write it (a shared
 * store's title set the terminal's title and wrote the clipboard of everyone who listed it).
 */
function row(s: IncidentSummary): string[] {
  return [s.id, s.service, s.severity, `${ranAt(s).slice(0, 16).replace('T', ' ')}Z`, s.unverified === undefined ? s.status : `${s.status} ⚠ UNVERIFIED`, s.mode === 'drill-sandbox' ? 'sandbox' : s.drill ? 'drill' : '', s.title ?? ''].map((cell) =>
    stripTerminalControls(String(cell)).replace(/\s+/g, ' '),
  );
}

/** Under the table, for each log that does not verify: why, and where to look. */
function unverifiedNotes(incidents: readonly IncidentSummary[]): string {
  return incidents
    .flatMap((s) => (s.unverified === undefined ? [] : [`⚠ ${s.id}: its timeline does not verify (${stripTerminalControls(s.unverified)}); its row is what verifies of it. \`cockpit verify ${s.id}\` says more.\n`]))
    .join('');
}

/** Said under a table listing sandbox drills: their timelines' times are not when they ran. */
const SANDBOX_NOTE = "Sandbox drills: OPENED is when the drill ran; their timelines keep the scenario's clock.\n";

export function registerIncidents(program: Command): void {
  program
    .command('incidents')
    .description('list stored incidents (id, service, opened, state, drill or not)')
    .option('--json', 'machine-readable output')
    .option('--store <url|dir>', STORE_OPTION_HELP)
    .option('--drills', 'include drills (hidden by default: rehearsals would bury the real incidents)')
    .addHelpText('after', helpFooter({ examples: ['cockpit incidents', 'cockpit incidents --drills --json | jq -r \'.[] | select(.drill | not) | .id\''], env: [DATA_ENV, STORE_ENV_HELP], paths: [`reads ${INCIDENTS_PATH}`], exitCodes: '0; 2 when the store cannot be read (a shared store unreachable, a bad --store).' }))
    .action(async (options: { json?: boolean; drills?: boolean; store?: string }) => {
      const { incidents: store } = await locateStore(options.store);
      let all;
      try {
        all = await store.list();
      } catch (error) {
        process.stderr.write(`cockpit incidents: ${(error as Error).message}\n`);
        process.exitCode = EXIT.usage;
        return;
      } finally {
        await store.close();
      }
      // Newest first by when each ran (the stores order by the recorded time).
      const incidents = (options.drills ? all : all.filter((s) => !s.drill)).sort(newestFirst);
      const hidden = all.length - incidents.length;
      // Said under the table so hidden drills are never mistaken for none (JSON stays just the list).
      const hint = hidden > 0 ? `${hidden} drill${hidden === 1 ? '' : 's'} hidden; --drills shows them.\n` : '';
      if (options.json) {
        process.stdout.write(`${JSON.stringify(incidents, null, 2)}\n`);
      } else if (incidents.length === 0) {
        process.stdout.write(`No incidents in ${store.where}.\n${hint}`);
      } else {
        // A TITLE column blank on every row (no incident given one) says nothing: left out.
        const titled = incidents.some((s) => s.title !== undefined && s.title !== '');
        const header = ['ID', 'SERVICE', 'SEV', 'OPENED (UTC)', 'STATE', 'DRILL', ...(titled ? ['TITLE'] : [])];
        const rows = incidents.map((s) => row(s).slice(0, header.length));
        const note = incidents.some((s) => s.mode === 'drill-sandbox') ? SANDBOX_NOTE : '';
        process.stdout.write(`${table([header, ...rows])}\n${unverifiedNotes(incidents)}${note}${hint}`);
      }
      process.exitCode = EXIT.ok;
    });
}
