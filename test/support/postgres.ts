/**
 * A real PostgreSQL for tests: a cluster made by initdb in a temp dir (as the `postgres` user when
 * the suite runs as root: the server refuses root), started with pg_ctl on a free loopback port,
 * its socket in the same dir. `stop`/`start` take it away and bring it back on the same port and
 * data; `destroy` removes everything. With `password`, connections need it (scram-sha-256) instead
 * of trust.
 */
import { createHash } from 'node:crypto';
import { chown, mkdir, mkdtemp, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { freePort } from './localServer';

export const POSTGRES_MISSING = 'PostgreSQL is not installed: run the tests as root so scripts/ensure-test-deps.sh installs it, or apt-get install -y postgresql';

export interface PostgresServer {
  readonly port: number;
  /** postgres://postgres@127.0.0.1:PORT/postgres (with the password when one was set). */
  readonly url: string;
  /** The same server, another database (created on demand by `createDatabase`). */
  urlOf(database: string): string;
  createDatabase(name: string): Promise<string>;
  /** `psql -c` as the superuser; returns stdout. */
  sql(statement: string, database?: string): Promise<string>;
  stop(): Promise<void>;
  start(): Promise<void>;
  destroy(): Promise<void>;
}

async function pgBin(): Promise<string> {
  const versions = await readdir('/usr/lib/postgresql').catch(() => [] as string[]);
  const newest = versions.sort((a, b) => Number(b) - Number(a))[0];
  if (newest === undefined) throw new Error(POSTGRES_MISSING);
  return join('/usr/lib/postgresql', newest, 'bin');
}

/**
 * Where a fresh cluster of each kind is kept (node_modules, so a new install starts afresh, as
 * vitest's own cache): initdb costs ~0.9 s of CPU on a 2-core machine, a copy of its result a
 * tenth of that, and eight test files start a server (issue #12).
 */
const TEMPLATES = new URL('../../node_modules/.cache/cockpit-test-postgres/', import.meta.url).pathname;

type Run = (file: string, args: readonly string[]) => Promise<{ exitCode?: number; stderr: string }>;

/**
 * A new cluster in `dir`: a copy of the one initdb made with the same binaries, arguments and
 * password, made here and kept when there is none. `cp -a` keeps the owner (postgres) and modes.
 */
async function initCluster(bin: string, dir: string, initArgs: readonly string[], password: string | undefined, run: Run): Promise<void> {
  const kind = createHash('sha256').update(JSON.stringify([bin, initArgs.filter((arg) => arg !== dir && !arg.endsWith('/pw')), password ?? null])).digest('hex').slice(0, 16);
  const template = join(TEMPLATES, kind);
  if (await stat(join(template, 'PG_VERSION')).catch(() => undefined)) {
    const copied = await execa('cp', ['-a', template, dir], { reject: false });
    if (copied.exitCode === 0) return;
    await rm(dir, { recursive: true, force: true });
  }
  const init = await run('initdb', initArgs);
  if (init.exitCode !== 0) throw new Error(`initdb failed: ${init.stderr}`);
  // Kept for the next server; two files racing to keep theirs both succeed (one rename wins).
  await mkdir(TEMPLATES, { recursive: true });
  const aside = `${template}.${process.pid}-${Date.now()}`;
  if ((await execa('cp', ['-a', dir, aside], { reject: false })).exitCode === 0) await rename(aside, template).catch(() => undefined);
  await rm(aside, { recursive: true, force: true });
}

export async function startPostgres(options: { readonly password?: string } = {}): Promise<PostgresServer> {
  const bin = await pgBin();
  const root = await mkdtemp(join(tmpdir(), 'cockpit-pg-'));
  const dir = join(root, 'data');
  const asRoot = process.getuid?.() === 0;
  let uid = 0;
  let gid = 0;
  if (asRoot) {
    const ids = await execa('id', ['-u', 'postgres'], { reject: false });
    const gids = await execa('id', ['-g', 'postgres'], { reject: false });
    if (ids.exitCode !== 0) throw new Error('the postgres user does not exist: ' + POSTGRES_MISSING);
    uid = Number(ids.stdout);
    gid = Number(gids.stdout);
    await chown(root, uid, gid);
  }
  const run = (file: string, args: readonly string[]) =>
    execa(join(bin, file), args, { reject: false, stdin: 'ignore', cwd: root, ...(asRoot ? { uid, gid } : {}), env: { LC_ALL: 'C' } });
  const initArgs = ['-D', dir, '-U', 'postgres', '--no-sync', '-E', 'UTF8'];
  if (options.password === undefined) {
    initArgs.push('-A', 'trust');
  } else {
    const pwfile = join(root, 'pw');
    await writeFile(pwfile, `${options.password}\n`);
    if (asRoot) await chown(pwfile, uid, gid);
    initArgs.push('-A', 'scram-sha-256', '--pwfile', pwfile);
  }
  await initCluster(bin, dir, initArgs, options.password, run);
  let port = 0;
  const start = async () => {
    // A free port can be taken by another process before the server binds it: try a few (the first start only).
    for (let attempt = 1; ; attempt++) {
      if (port === 0 || attempt > 1) port = await freePort();
      const started = await run('pg_ctl', ['-D', dir, '-w', '-t', '60', '-l', join(root, 'server.log'), '-o', `-c listen_addresses=127.0.0.1 -p ${port} -k ${root} -c synchronous_commit=on -c fsync=on`, 'start']);
      if (started.exitCode === 0) return;
      if (attempt >= 3 || server.started) throw new Error(`pg_ctl start failed: ${started.stderr || started.stdout}`);
    }
  };
  const auth = options.password === undefined ? 'postgres' : `postgres:${encodeURIComponent(options.password)}`;
  const server = {
    started: false,
    get port() {
      return port;
    },
    get url() {
      return `postgres://${auth}@127.0.0.1:${port}/postgres`;
    },
    urlOf: (database: string) => `postgres://${auth}@127.0.0.1:${port}/${database}`,
    async sql(statement: string, database = 'postgres') {
      const psql = await execa(join(bin, 'psql'), ['-h', '127.0.0.1', '-p', String(port), '-U', 'postgres', '-d', database, '-At', '-c', statement], {
        reject: false,
        stdin: 'ignore',
        env: options.password === undefined ? {} : { PGPASSWORD: options.password },
      });
      if (psql.exitCode !== 0) throw new Error(`psql failed: ${psql.stderr}`);
      return psql.stdout;
    },
    async createDatabase(name: string) {
      await server.sql(`CREATE DATABASE ${name}`);
      return server.urlOf(name);
    },
    async stop() {
      await run('pg_ctl', ['-D', dir, '-w', '-m', 'fast', 'stop']);
    },
    async start() {
      await start();
    },
    async destroy() {
      await run('pg_ctl', ['-D', dir, '-w', '-m', 'immediate', 'stop']);
      await rm(root, { recursive: true, force: true });
    },
  };
  await start();
  server.started = true;
  return server;
}
