#!/usr/bin/env node
/** The `topiary` command line. With --json, the last line of stdout is one JSON object. */
import { datasetsCommand } from './datasets.js';
import { trainCommand } from './train.js';

const COMMANDS: Record<string, (argv: string[], log: (line: string) => void) => Record<string, unknown>> = {
  train: trainCommand,
  datasets: datasetsCommand,
};

function main(argv: string[]): number {
  const [cmd, ...rest] = argv;
  const json = rest.includes('--json');
  // In --json mode human-readable lines go to stderr so stdout ends with exactly one JSON object.
  const log = (line: string) => (json ? process.stderr : process.stdout).write(`${line}\n`);
  const run = COMMANDS[cmd ?? ''];
  if (!run) {
    log(`usage: topiary <${Object.keys(COMMANDS).join('|')}> [options]`);
    return cmd === undefined || cmd === '--help' ? 0 : 2;
  }
  try {
    const result = run(rest, log);
    if (json) process.stdout.write(`${JSON.stringify(result)}\n`);
    return 0;
  } catch (e) {
    process.stderr.write(`topiary ${cmd}: ${(e as Error).message}\n`);
    return 1;
  }
}

process.exitCode = main(process.argv.slice(2));
