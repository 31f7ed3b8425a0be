/**
 * `rootctl db init | status | migrate | copy`: the store itself (library: src/store/admin.ts). A
 * SQLite file (the default, ~/.rootctl/rootctl.db) or a shared PostgreSQL database (postgres://...;
 * password from PGPASSWORD or ~/.pgpass, never in --db). `init` is the only way, besides the default
 * file's first use, that a database comes to exist.
 */
import type { Command } from 'commander';
import type { CommandSpec } from '../main.js';
import type { CliIo } from '../io.js';
import { addOutputOption } from '../options.js';
import { RootctlError } from '../../core/errors.js';
import type { CopyCounts } from '../../store/admin.js';
import { renderStatus } from '../db-render.js';
import { addDbOption, checkDbFlag, storePath, type DbOptions } from './remediate-shared.js';

interface DbOpts extends DbOptions {
  output: 'table' | 'json';
}

interface CopyOpts {
  from?: string;
  to?: string;
  output: 'table' | 'json';
}

const json = (v: unknown) => JSON.stringify(v, null, 2);

async function init(io: CliIo, opts: DbOpts): Promise<void> {
  const { initDatabase } = await import('../../store/admin.js');
  const status = await initDatabase(storePath(opts));
  io.out(opts.output === 'json' ? json(status) : `Ready: ${status.location}\n${renderStatus(status)}`);
}

async function status(io: CliIo, opts: DbOpts): Promise<void> {
  const { dbStatus } = await import('../../store/admin.js');
  const s = await dbStatus(storePath(opts));
  io.out(opts.output === 'json' ? json(s) : renderStatus(s));
}

async function migrate(io: CliIo, opts: DbOpts): Promise<void> {
  const { migrateDatabase } = await import('../../store/admin.js');
  const { applied, status: s } = await migrateDatabase(storePath(opts));
  if (opts.output === 'json') io.out(json({ applied, status: s }));
  else io.out(`${applied ? `Applied ${applied} migration(s).` : 'Already up to date.'}\n${renderStatus(s)}`);
}

async function copy(io: CliIo, opts: CopyOpts): Promise<void> {
  if (opts.from === undefined || opts.to === undefined)
    throw new RootctlError('UsageError', 'db copy needs --from <file|url> and --to <file|url>.');
  checkDbFlag(opts.from);
  checkDbFlag(opts.to);
  const { copyDatabase } = await import('../../store/admin.js');
  const counts: CopyCounts = await copyDatabase(opts.from, opts.to);
  if (opts.output === 'json') io.out(json({ copied: counts }));
  else
    io.out(
      `Copied ${counts.audits} audit(s), ${counts.journal_runs} journal run(s) with ${counts.journal_steps} step(s), ${counts.exceptions} exception(s).`,
    );
}

export const dbCommand: CommandSpec = {
  register(program, io) {
    const db = program
      .command('db')
      .description(
        'The store: init a database (SQLite file or PostgreSQL), status, migrate, copy between them',
      )
      .addHelpText(
        'after',
        `
A --db (or ROOTCTL_DB) that does not exist is refused by every command; only the default
~/.rootctl/rootctl.db is created on first use. PostgreSQL: --db postgres://user@host:5432/name, the
usual PG* variables, the password from PGPASSWORD or ~/.pgpass (never in --db).

Examples:
  rootctl db init --db postgres://rootctl@db.internal/rootctl
  rootctl db status
  rootctl db copy --from sqlite:$HOME/.rootctl/rootctl.db --to postgres://rootctl@db.internal/rootctl`,
      );
    const add = (name: string, description: string, run: (opts: DbOpts) => Promise<void>) => {
      const c: Command = db
        .command(name)
        .description(description)
        .addHelpText(
          'after',
          `\nExamples:\n  rootctl db ${name}\n  rootctl db ${name} --db postgres://rootctl@db.internal/rootctl --output json`,
        );
      addOutputOption(c, ['table', 'json']);
      addDbOption(c).action(run);
    };
    add(
      'init',
      'Create a new database: a SQLite file (0600) or the tables of an existing PostgreSQL database',
      (o) => init(io, o),
    );
    add('status', 'Backend, location, schema version and counts (reads only)', (o) => status(io, o));
    add('migrate', "Upgrade an older database to this rootctl's schema (forward only)", (o) =>
      migrate(io, o),
    );
    const c: Command = db
      .command('copy')
      .description('Copy every audit, journal run and exception into a new, empty database (ids kept)')
      .option('--from <file|url>', 'the database to read (sqlite:PATH, a path, or postgres://...)')
      .option(
        '--to <file|url>',
        'the database to write: created if it is a new SQLite file; must hold no rows',
      )
      .addHelpText(
        'after',
        '\nExamples:\n  rootctl db copy --from sqlite:$HOME/.rootctl/rootctl.db --to postgres://rootctl@db.internal/rootctl',
      );
    addOutputOption(c, ['table', 'json']);
    c.action((opts: CopyOpts) => copy(io, opts));
  },
};
