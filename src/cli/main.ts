/**
 * `scaling-laws` CLI dispatcher. Each subcommand lives in `commands/<name>.ts` and exports
 * `run(argv): Promise<number>`; it is loaded lazily so `inspect` never pays for the fitting engine.
 * To add a command, add one line to COMMANDS.
 */
import { UserError } from '../core/types';
import { EXIT, writeErr, writeOut } from './io';
import { maxOf } from '../core/arrays';

interface Command {
  summary: string;
  load: () => Promise<{ run(argv: string[]): Promise<number> }>;
}

const COMMANDS: Record<string, Command> = {
  inspect: { summary: 'show format, columns with detected roles, row counts and diagnostics of a run log', load: () => import('./commands/inspect') },
  fit: { summary: 'fit a scaling law (id, preset or formula) to a run log; parameters, objective, metrics, warnings', load: () => import('./commands/fit') },
  compare: { summary: 'fit several laws to the same rows and compare in-sample / held-out error and AIC/BIC', load: () => import('./commands/compare') },
  sweep: { summary: 'assemble one table of (run, N, D, C, loss) from many runs\' logs and configs, each inferred value with its source', load: () => import('./commands/sweep') },
  laws: { summary: 'list the law catalogue and presets', load: () => import('./commands/laws') },
  hparams: { summary: 'fit optimal learning rate and batch size laws to a learning-rate x batch-size sweep', load: () => import('./commands/hparams') },
  optimal: { summary: 'plan a compute-optimal (or inference-aware) run from a budget and a law preset or fit', load: () => import('./commands/optimal') },
};

function usage(): string {
  const width = maxOf(Object.keys(COMMANDS).map((name) => name.length));
  const lines = Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(width)}  ${c.summary}`);
  return [
    'usage: scaling-laws <command> [options]',
    '',
    'commands:',
    ...lines,
    '',
    "Run 'scaling-laws <command> --help' for a command's options.",
    'Exit codes: 0 ok, 1 the fit failed, 2 bad usage or unreadable input.',
  ].join('\n');
}

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    (name === undefined ? writeErr : writeOut)(usage());
    return name === undefined ? EXIT.usage : EXIT.ok;
  }
  const command = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
  if (!command) {
    writeErr(`scaling-laws: unknown command '${name}'\n\n${usage()}`);
    return EXIT.usage;
  }
  try {
    return await (await command.load()).run(rest);
  } catch (error) {
    // A UserError is a message for the user (bad flag, unreadable file): no stack trace.
    if (error instanceof UserError) {
      writeErr(`scaling-laws ${name}: ${error.message}`);
      return EXIT.usage;
    }
    writeErr(`scaling-laws ${name}: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    return EXIT.failed;
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    writeErr(String(error));
    process.exitCode = EXIT.failed;
  },
);
