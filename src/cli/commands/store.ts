import type { Command } from 'commander';
import type { PgIncidentStore } from '../../timeline/postgres/pgIncidentStore';
import { resolveDataDir } from '../../timeline/paths';
import { EXIT } from '../exit';
import { DATA_ENV, helpFooter } from '../helpText';
import { locateStore, STORE_ENV_HELP, STORE_OPTION_HELP } from '../storeLocator';

/** The shared store named by --store or COCKPIT_STORE; undefined (said why) when it is not a postgres:// URL. */
async function sharedStore(command: string, store: string | undefined): Promise<PgIncidentStore | undefined> {
  const located = await locateStore(store);
  if (located.incidents.kind === 'postgres') return located.incidents as PgIncidentStore;
  process.stderr.write(`cockpit store ${command}: name the shared store with --store postgres://… or COCKPIT_STORE (${located.incidents.where} is the local store)\n`);
  return undefined;
}

export function registerStore(program: Command): void {
  const store = program.command('store').description('the shared incident store (PostgreSQL): create its schema, upload local incidents');
  store
    .command('migrate')
    .description('create or upgrade the shared store\'s schema (versioned; safe to run twice, and from two machines at once)')
    .option('--store <url>', STORE_OPTION_HELP)
    .addHelpText('after', helpFooter({ examples: ['cockpit store migrate --store postgres://cockpit@db.internal/incidents'], env: [STORE_ENV_HELP, 'PGHOST, PGUSER, PGPASSWORD, PGDATABASE, ~/.pgpass'], exitCodes: '0, 2 no shared store named or it cannot be reached.' }))
    .action(async (options: { store?: string }) => {
      const shared = await sharedStore('migrate', options.store);
      if (shared === undefined) {
        process.exitCode = EXIT.usage;
        return;
      }
      try {
        const { migrate } = await import('../../timeline/postgres/pgSchema');
        const { from, to } = await migrate(shared.pool);
        process.stdout.write(from === to ? `${shared.where}: schema already at version ${to}\n` : `${shared.where}: schema migrated from version ${from} to ${to}\n`);
        process.exitCode = EXIT.ok;
      } catch (error) {
        const { describePgError } = await import('../../timeline/postgres/pgConnect');
        process.stderr.write(`cockpit store migrate: shared store ${shared.where}: ${describePgError(shared.target, error)}\n`);
        process.exitCode = EXIT.usage;
      } finally {
        await shared.close();
      }
    });
  store
    .command('import')
    .description('upload a local incident to the shared store, its hash chain intact (verify passes on the upload)')
    .argument('<incident-id>', 'a local incident (see cockpit incidents)')
    .option('--store <url>', STORE_OPTION_HELP)
    .addHelpText('after', helpFooter({ examples: ['cockpit store import inc-20261122-0230-checkout-api --store postgres://cockpit@db.internal/incidents'], env: [DATA_ENV, STORE_ENV_HELP], exitCodes: '0, 2 no such local incident, it does not verify, the shared store already has it, or it cannot be reached.' }))
    .action(async (id: string, options: { store?: string }) => {
      const shared = await sharedStore('import', options.store);
      if (shared === undefined) {
        process.exitCode = EXIT.usage;
        return;
      }
      try {
        const { importIncident } = await import('../../timeline/postgres/pgImport');
        // From the local data dir, whatever COCKPIT_STORE says: that is where the import goes.
        const imported = await importIncident(shared, resolveDataDir(), id);
        if (!imported.ok) {
          process.stderr.write(`cockpit store import: ${imported.error.message}\n`);
          process.exitCode = EXIT.usage;
          return;
        }
        process.stdout.write(`imported ${id} into ${shared.where}: ${imported.value.events} events, head ${imported.value.head}\n`);
        process.exitCode = EXIT.ok;
      } finally {
        await shared.close();
      }
    });
}
