import { Command, CommanderError } from 'commander';
import { EXIT } from '../errors.ts';
import { type GlobalFlags, runCommand } from './run-command.ts';

// Each command's module is imported only when that command runs, so `vigil --help` and
// light commands start fast.
const program = new Command()
  .name('vigil')
  .description(
    'Turns reports of violence against civilians into a corroborated, mapped, tamper-evident record.',
  )
  .option('--db <path|url>', 'store: a SQLite file (default ./vigil.db, or VIGIL_DB)')
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
  .action(async (targets: string[], flags, cmd: Command) => {
    const { ingestCommand } = await import('./commands/ingest.ts');
    await runCommand(globals(cmd), (config) => ingestCommand(config, targets, flags));
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

program
  .command('demo')
  .description('ingest the demo corpus (examples/demo) and print its incidents')
  .action(async (_flags, cmd: Command) => {
    const { demoCommand } = await import('./commands/demo.ts');
    await runCommand(globals(cmd), (config) => demoCommand(config));
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
