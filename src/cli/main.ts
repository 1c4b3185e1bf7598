import { Command, CommanderError } from 'commander';
import { EXIT, UsageError } from '../errors.ts';
import { type GlobalFlags, runCommand } from './run-command.ts';

// Each command's module is imported only when that command runs, so `vigil --help` and
// light commands start fast.
// A reader that stops early (`vigil incidents --json | head`) is not an error.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(EXIT.ok);
  throw error;
});

const program = new Command()
  .name('vigil')
  .description(
    'Turns reports of violence against civilians into a corroborated, mapped, tamper-evident record.',
  )
  .option('--db <path|url>', 'store: a SQLite file or a postgres:// URL (default ./vigil.db, or VIGIL_DB)')
  .option('--blobs <dir>', 'where original bytes are kept (default: beside the database)')
  .option('--actor <name>', 'who is acting, recorded in the ledger (default cli)')
  .option('--debug', 'print stack traces on errors')
  .showHelpAfterError()
  .exitOverride();

const globals = (cmd: Command): GlobalFlags => cmd.optsWithGlobals() as GlobalFlags;

program
  .command('ingest')
  .description('ingest files, folders (recursively), URLs, feeds, or - for standard input')
  .argument('<targets...>', 'files, folders, http(s) URLs, or -')
  .option('--published <date>', 'publication date (YYYY-MM-DD) for every input')
  .option('--source <name>', 'source name for every input')
  .option('--json', 'one JSON line per input')
  .option('--enqueue', 'queue the inputs for `vigil worker` processes instead (PostgreSQL store)')
  .action(async (targets: string[], flags, cmd: Command) => {
    const { ingestCommand } = await import('./commands/ingest.ts');
    await runCommand(globals(cmd), (config) => ingestCommand(config, targets, flags));
  });

program
  .command('worker')
  .description('work on queued ingest, extraction and resolution jobs (PostgreSQL store)')
  .option('--concurrency <n>', 'jobs of each kind at once in this process (default 1)')
  .option('--until-idle', 'stop once the queues are empty')
  .action(async (flags, cmd: Command) => {
    const { workerCommand } = await import('./commands/worker.ts');
    await runCommand(globals(cmd), (config) => workerCommand(config, flags));
  });

program
  .command('migrate')
  .description('move an embedded (SQLite) store to a PostgreSQL server, ledger included')
  .requiredOption('--from <file>', 'the SQLite store to move')
  .requiredOption('--to <url>', 'the PostgreSQL database (postgres://…), empty')
  .option('--blobs-from <dir>', 'where the SQLite store keeps original bytes (default: beside it)')
  .option('--blobs-to <dir>', 'copy the original bytes to this folder (default: leave them where they are)')
  .option('--json', 'JSON summary')
  .action(async (flags, cmd: Command) => {
    const { migrateCommand } = await import('./commands/migrate.ts');
    await runCommand(globals(cmd), (config) => migrateCommand(config, flags));
  });

program
  .command('reprocess')
  .description('parse kept originals that were unparsed again; --all re-extracts every report')
  .option('--all', 'also extract and resolve every parsed report again')
  .action(async (flags, cmd: Command) => {
    const { reprocessCommand } = await import('./commands/reprocess.ts');
    await runCommand(globals(cmd), (config) => reprocessCommand(config, flags));
  });

program
  .command('reports')
  .description('list reports, or show one: reports [list] | reports show ID')
  .argument('[action]', 'list (default) or show')
  .argument('[id]', 'report id, for show')
  .option('--status <status>', 'parsed or unparsed')
  .option('--text <words>', 'full-text search')
  .option('--limit <n>', 'at most this many')
  .option('--json', 'JSON output')
  .action(async (action: string | undefined, id: string | undefined, flags, cmd: Command) => {
    const { reportsCommand } = await import('./commands/reports.ts');
    await runCommand(globals(cmd), (config) => reportsCommand(config, action, id, flags));
  });

program
  .command('incidents')
  .description('list incidents as a table, JSON Lines (--json) or CSV (--csv)')
  .option('--json', 'JSON Lines')
  .option('--csv', 'CSV')
  .option('--type <type>', 'event type')
  .option('--grade <grade>', 'grade')
  .option('--from <date>', 'on or after YYYY-MM-DD')
  .option('--to <date>', 'on or before YYYY-MM-DD')
  .option('--bbox <w,s,e,n>', 'bounding box in degrees')
  .action(async (flags, cmd: Command) => {
    const { incidentsCommand } = await import('./commands/incidents.ts');
    await runCommand(globals(cmd), (config) => incidentsCommand(config, flags));
  });

const collect = (value: string, previous: string[] = []) => [...previous, value];

program
  .command('tally')
  .description('casualties summed over incidents (never claims): tally [--by admin1|day|type|grade]')
  .option('--by <key>', 'admin1, day, type or grade')
  .option('--min-grade <grade>', 'only incidents graded this or better (default: all but discounted)')
  .option('--json', 'JSON Lines')
  .action(async (flags, cmd: Command) => {
    const { tallyCommand } = await import('./commands/tally.ts');
    await runCommand(globals(cmd), (config) => tallyCommand(config, flags));
  });

program
  .command('review')
  .description(
    "an analyst's decision, kept through re-resolution: review merge ID ID… | split ID --group C,C --group C | detach ID CLAIM | set ID FIELD VALUE",
  )
  .argument('<action>', 'merge, split, detach or set')
  .argument('[args...]', 'incident ids, claim ids, field and value')
  .option('--reason <why>', 'why (required; recorded with who and when)')
  .option('--group <claims>', 'for split: comma-separated claim ids of one group (repeat)', collect)
  .option('--expect <id=version>', 'refuse if the incident changed since this version (repeat)', collect)
  .option('--json', 'JSON Lines')
  .action(async (action: string, args: string[], flags, cmd: Command) => {
    const { reviewCommand } = await import('./commands/review.ts');
    await runCommand(globals(cmd), (config) => reviewCommand(config, action, args, flags));
  });

program
  .command('sources')
  .description(
    'list sources, or put one in an origin group: sources [list] | sources set-origin-group SOURCE GROUP',
  )
  .argument('[action]', 'list (default) or set-origin-group')
  .argument('[args...]', 'source (name or id) and group')
  .option('--reason <why>', 'why (required for set-origin-group)')
  .option('--json', 'JSON Lines')
  .action(async (action: string | undefined, args: string[], flags, cmd: Command) => {
    const { sourcesCommand } = await import('./commands/sources.ts');
    await runCommand(globals(cmd), (config) => sourcesCommand(config, action, args, flags));
  });

program
  .command('import')
  .description('import a dataset: UCDP GED CSV, ACLED CSV, or any CSV with a column-mapping file')
  .argument('<file>', 'the CSV file')
  .requiredOption('--format <format>', 'ucdp, acled or csv')
  .option('--mapping <file>', 'column-mapping JSON file (for --format csv; see docs/interop.md)')
  .option('--skip-bad', 'import the good rows and skip bad ones (default: one bad row imports nothing)')
  .option('--json', 'the result as one JSON line')
  .action(async (file: string, flags, cmd: Command) => {
    const { importCommand } = await import('./commands/import.ts');
    await runCommand(globals(cmd), (config) => importCommand(config, file, flags));
  });

program
  .command('export')
  .description(
    'export incidents as ACLED CSV, UCDP CSV, GeoJSON, HXL CSV or JSON Lines, redacted for a role; ' +
      "`export bag --incident ID --bagit DIR` writes an incident's evidence as a BagIt bag",
  )
  .argument('[kind]', 'bag, for a BagIt evidence package (otherwise give --format)')
  .option('--format <format>', 'acled, ucdp, geojson, hxl or jsonl')
  .option('--incident <id>', 'bag: the incident whose evidence to package')
  .option('--bagit <dir>', 'bag: the folder to write the bag into')
  .option('--output <file>', 'write to this file (default: standard output)')
  .option('--role <role>', 'who it is for: viewer (default), public, analyst or admin')
  .option('--type <type>', 'event type')
  .option('--grade <grade>', 'grade')
  .option('--from <date>', 'on or after YYYY-MM-DD')
  .option('--to <date>', 'on or before YYYY-MM-DD')
  .option('--bbox <w,s,e,n>', 'bounding box in degrees')
  .action(async (kind: string | undefined, flags, cmd: Command) => {
    if (kind === 'bag') {
      const { evidenceCommand } = await import('./commands/evidence.ts');
      await runCommand(globals(cmd), (config) => evidenceCommand(config, 'export', [], flags));
      return;
    }
    const { exportCommand } = await import('./commands/export.ts');
    await runCommand(globals(cmd), async (config) => {
      if (kind !== undefined)
        throw new UsageError(`unknown export "${kind}" (the only one is bag; otherwise use --format)`);
      if (!flags.format)
        throw new UsageError('export needs --format acled|ucdp|geojson|hxl|jsonl (or: export bag)');
      return exportCommand(config, flags);
    });
  });

program
  .command('extract')
  .description(
    'extract claims from a text (no database needed): extract FILE|- or --input in.jsonl --output out.jsonl',
  )
  .argument('[file]', 'a text file, or - for standard input')
  .option('--input <file>', 'JSON Lines of {"id","text","published"?,"source"?,"url"?}')
  .option('--output <file>', 'with --input: where to write one JSON line per record')
  .option('--published <date>', "publication date (YYYY-MM-DD) the text's dates resolve against")
  .option('--source <name>', 'who published the text')
  .option('--url <url>', 'where the text came from')
  .option('--id <id>', 'the record id (default: the file name)')
  .option('--gazetteer <file>', 'also use the places of this GeoNames dump')
  .option('--actors <file>', 'extra actor dictionary entries: JSON [{"name","pattern","role"}]')
  .action(async (file: string | undefined, flags, cmd: Command) => {
    const { extractCommand } = await import('./commands/extract.ts');
    await runCommand(globals(cmd), (config) => extractCommand(config, file, flags));
  });

program
  .command('gazetteer')
  .description(
    'places: gazetteer import FILE | add NAME --lat --lon [--country] | add NAME --alias-of ID | lookup NAME',
  )
  .argument('<action>', 'import, add or lookup')
  .argument('[name]', 'a GeoNames dump file (import) or a place name')
  .option('--lat <deg>', 'add: latitude')
  .option('--lon <deg>', 'add: longitude')
  .option('--country <code>', 'add: ISO country code; lookup: prefer this country')
  .option('--admin1 <name>', 'add: first-order region')
  .option('--kind <code>', 'add: kind of place (GeoNames feature code: PPL, AIRB, CMP, …)')
  .option('--alt <names>', 'add: other names, comma-separated')
  .option('--alias-of <id>', 'add: make NAME another name of this gazetteer id')
  .option('--id <id>', 'add: the id to give the place (default user:<name>)')
  .option('--json', 'lookup: JSON output')
  .action(async (action: string, name: string | undefined, flags, cmd: Command) => {
    const { gazetteerCommand } = await import('./commands/gazetteer.ts');
    await runCommand(globals(cmd), (config) => gazetteerCommand(config, action, name, flags));
  });

program
  .command('demo')
  .description('ingest the demo corpus (examples/demo) and print its incidents; --serve then serves it')
  .option('--serve', 'then serve the dashboard, with demo accounts whose passwords are printed')
  .option('--port <n>', 'with --serve: port (default 7300)')
  .action(async (flags, cmd: Command) => {
    const { demoCommand } = await import('./commands/demo.ts');
    await runCommand(globals(cmd), (config) => demoCommand(config, flags));
  });

program
  .command('serve')
  .description('serve the HTTP API and the dashboard (builds the dashboard when needed)')
  .option('--port <n>', 'port (default 7300; 0 picks a free one)')
  .option('--host <address>', 'address to listen on (default 127.0.0.1)')
  .option('--public-access <on|off>', 'let anonymous visitors read published incidents')
  .option('--insecure-cookies', 'session cookies without Secure (plain http on a non-local address)')
  .option('--no-web', 'serve the API only')
  .action(async (flags, cmd: Command) => {
    const { serveCommand } = await import('./commands/serve.ts');
    await runCommand(globals(cmd), (config) => serveCommand(config, flags));
  });

program
  .command('users')
  .description(
    'accounts: users add NAME --role R | list | disable NAME | enable NAME | passwd NAME | token NAME',
  )
  .argument('[action]', 'add, list (default), disable, enable, passwd or token')
  .argument('[name]', 'user name')
  .option('--role <role>', 'admin, analyst, contributor or viewer (add)')
  .option('--password-stdin', 'read the password from standard input (default: generate and print one)')
  .option('--label <text>', 'what an API token is for (token)')
  .option('--json', 'JSON Lines (list)')
  .action(async (action: string | undefined, name: string | undefined, flags, cmd: Command) => {
    const { usersCommand } = await import('./commands/users.ts');
    await runCommand(globals(cmd), (config) => usersCommand(config, action, name, flags));
  });

program
  .command('evidence')
  .description(
    'the evidence vault: add FILE… | list | show ID | custody ID | link ID | expect | pending | get ID | ' +
      'transfer ID | annotate ID | working-copy ID FILE | export --incident ID --bagit DIR (docs/evidence.md)',
  )
  .argument(
    '<action>',
    'add, list, show, custody, link, expect, pending, get, transfer, annotate, working-copy, export',
  )
  .argument('[args...]', 'files (add), an evidence id, or ID FILE (working-copy)')
  .option('--incident <id>', 'the incident it concerns')
  .option('--source <name>', 'add: who supplied it')
  .option('--collected-by <name>', 'add: who collected it')
  .option('--collected-at <date>', 'add: when it was collected (ISO 8601)')
  .option('--url <url>', 'add: where it was found')
  .option('--note <text>', 'add, working-copy: a note; annotate: the annotation')
  .option('--fulfils <pending-id>', 'add, link: the pending evidence this item is')
  .option('--described <text>', 'expect: what the evidence is said to be')
  .option('--held-by <name>', 'expect: who holds it')
  .option('--reason <text>', 'why (kept in the custody chain)')
  .option('--to <custodian>', 'transfer: who receives it')
  .option('--out <file>', 'get: where to write the evidentiary copy')
  .option('--role <role>', 'working-copy: thumbnail, redacted, transcode or other')
  .option('--bagit <dir>', 'export: the BagIt bag to write')
  .option('--all', 'pending: include evidence already collected')
  .option('--json', 'JSON output')
  .action(async (action: string, args: string[], flags, cmd: Command) => {
    const { evidenceCommand } = await import('./commands/evidence.ts');
    await runCommand(globals(cmd), (config) => evidenceCommand(config, action, args, flags));
  });

program
  .command('ledger')
  .description(
    'the transparency log: checkpoint [--out FILE] | prove --inclusion SEQ [--size N] | prove --consistency OLD NEW | status',
  )
  .argument('<action>', 'checkpoint, prove or status')
  .option('--out <file>', 'checkpoint: also write it to this (new) file')
  .option('--inclusion <seq>', 'prove: the entry to prove')
  .option('--size <n>', 'prove --inclusion: in the tree of the first N entries (default: all)')
  .option('--consistency <sizes...>', 'prove: OLD NEW, each a tree size or a checkpoint file')
  .action(async (action: string, flags, cmd: Command) => {
    const { ledgerCommand } = await import('./commands/ledger.ts');
    await runCommand(globals(cmd), (config) => ledgerCommand(config, action, flags));
  });

program
  .command('verify')
  .description(
    're-hash every file, check every record against the ledger, rebuild the tree, check checkpoints',
  )
  .option('--since <checkpoint-file>', 'also prove the log only grew since this published checkpoint')
  .option('--skip-files', 'do not re-hash files (records, ledger and checkpoints are still checked)')
  .option('--json', 'the report as one JSON object')
  .action(async (flags, cmd: Command) => {
    const { verifyCommand } = await import('./commands/verify.ts');
    await runCommand(globals(cmd), (config) => verifyCommand(config, flags));
  });

program
  .command('verify-bag')
  .description('check an evidence package (a BagIt bag from `evidence export`) offline, without the database')
  .argument('<dir>', 'the bag')
  .option(
    '--key-id <id>',
    "require the checkpoint to be signed by this key (the publisher's announced key id)",
  )
  .option('--json', 'the report as one JSON object')
  .action(async (dir: string, flags, cmd: Command) => {
    const { verifyBagCommand } = await import('./commands/verify.ts');
    await runCommand(globals(cmd), () => verifyBagCommand(dir, flags));
  });

try {
  await program.parseAsync(process.argv);
} catch (error) {
  if (error instanceof CommanderError) {
    // Help and version are not errors; everything else commander rejects is a usage error.
    process.exitCode = error.exitCode === 0 ? EXIT.ok : EXIT.usage;
  } else {
    throw error;
  }
}
