#!/usr/bin/env node
/** The `topiary` command line. With --json, the last line of stdout is one JSON object. */
import { autofitCommand } from './autofit.js';
import { dashboardCommand } from './dashboard.js';
import { lotteryCommand } from './lottery.js';
import { addDelCommand } from './adddel.js';
import { neatCommand } from './neat.js';
import { wannCommand } from './wann.js';
import { supermaskCommand } from './supermask.js';
import { datasetsCommand } from './datasets.js';
import { diagnoseCommand } from './diagnose.js';
import { evidenceCommand } from './evidence.js';
import { evolveCommand } from './evolve.js';
import { exportCommand } from './export.js';
import { runsCommand } from './runs.js';
import { scoreCommand } from './score.js';
import { searchCommand } from './search.js';
import { shrinkCommand } from './shrink.js';
import { growCommand } from './grow.js';
import { studyCommand } from './study.js';
import { studyShrinkCommand } from './study-shrink.js';
import { studyStoreCommand } from './study-store.js';
import { trainCommand } from './train.js';
import { workerCommand } from './worker.js';
import { installShutdown } from './shutdown.js';
import { OptionError } from '../index.js';
import { closest } from './args.js';
import { flagMessage } from './flag-options.js';
import { HelpRequest, commandHelp, generalHelp } from './help.js';

type Command = (argv: string[], log: (line: string) => void) => Record<string, unknown> | Promise<Record<string, unknown>>;

const COMMANDS: Record<string, Command> = {
  autofit: autofitCommand,
  train: trainCommand,
  datasets: datasetsCommand,
  runs: runsCommand,
  diagnose: diagnoseCommand,
  study: (argv, log) => {
    if (argv[0] === 'shrink') return studyShrinkCommand(argv.slice(1), log);
    if (argv[0] === 'list' || argv[0] === 'show') return studyStoreCommand(argv, log);
    return studyCommand(argv, log);
  },
  evolve: evolveCommand,
  evidence: evidenceCommand,
  shrink: shrinkCommand,
  grow: growCommand,
  search: searchCommand,
  score: scoreCommand,
  export: exportCommand,
  worker: workerCommand,
  dashboard: dashboardCommand,
  lottery: lotteryCommand,
  supermask: supermaskCommand,
  adddel: addDelCommand,
  neat: neatCommand,
  wann: wannCommand,
};

/** Commands whose long work waits on worker threads or the network, so a signal handler gets to run (the others train in this thread: Ctrl-C ends them at once). */
const CATCH_SIGNALS = new Set(['autofit', 'search', 'worker', 'runs', 'study', 'dashboard']);

async function main(argv: string[]): Promise<number> {
  const [cmd, ...rest] = argv;
  installShutdown(CATCH_SIGNALS.has(cmd ?? '') && rest[0] !== 'width' && rest[0] !== 'shrink', cmd === 'dashboard' ? 'closing the dashboard' : undefined);
  const json = rest.includes('--json');
  // In --json mode human-readable lines go to stderr so stdout ends with exactly one JSON object.
  // Library warnings (data that was fixed up on loading) go to stderr like errors, so stdout holds the results.
  const log = (line: string) => (json || line.startsWith('warning: ') ? process.stderr : process.stdout).write(`${line}\n`);
  const run = COMMANDS[cmd ?? ''];
  if (!run) {
    if (cmd !== undefined && cmd !== '--help') {
      const near = closest(cmd, Object.keys(COMMANDS));
      process.stderr.write(`topiary: unknown command "${cmd}"${near ? `; did you mean "${near}"?` : ''}\n`);
    }
    for (const line of generalHelp(Object.keys(COMMANDS))) log(line);
    return cmd === undefined || cmd === '--help' || cmd === '-h' ? 0 : 2;
  }
  try {
    const result = await run(rest, log);
    if (json) process.stdout.write(`${JSON.stringify(result)}\n`);
    return Number(process.exitCode ?? 0);
  } catch (e) {
    if (e instanceof HelpRequest) {
      for (const line of commandHelp(cmd === 'study' && ['shrink', 'list', 'show'].includes(rest[0]) ? `study ${rest[0]}` : cmd!, e.flags)) process.stdout.write(`${line}\n`);
      return 0;
    }
    // An option error that no command reworded still names a flag: the option's kebab-case spelling.
    const message = e instanceof OptionError ? flagMessage(e) : (e as Error).message;
    process.stderr.write(`topiary ${cmd}: ${message}\n`);
    return 1;
  }
}

process.exitCode = await main(process.argv.slice(2));
