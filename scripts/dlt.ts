/**
 * `npm run dlt -- list [<topic>] [--limit 20]`   every .DLT with what it retains; with a topic its newest dead letters.
 * `npm run dlt -- show <topic> --partition <p> --offset <o>`   one dead letter, headers decoded.
 * `npm run dlt -- redrive <topic> [--partition <p> --offset <o>]`   back to its original topic, once: one dead
 *   letter, or every one not re-driven yet (one per event; readers dedupe on the event id).
 * The topic may also be given as `--topic <topic>`.
 * `<topic>` is a `.DLT` or the topic it serves. The console's dead-letter view runs the same code (`DeadLetters`).
 */
import { brokersFromEnv, ConfigError, createBus, DeadLetters, PuchiKafkaError, securityFromEnv, silentLogger, UnknownTopicError } from '@puchi/kafka';
import { parseCommandLine, UsageError } from './command-line';

export const DLT_USAGE =
  'usage: npm run dlt -- list [<topic>] [--limit 20] | show <topic> --partition <p> --offset <o> | redrive <topic> [--partition <p> --offset <o>] [--json] (or --topic <topic>)';

export interface DltCommand {
  command: 'list' | 'show' | 'redrive';
  topic?: string;
  partition?: number;
  offset?: string;
  limit?: number;
  json: boolean;
}

/** Reads the command line; a missing or bad argument is a `UsageError`. */
export function parseDltArgs(argv: string[]): DltCommand {
  const { values, positionals } = parseCommandLine(
    {
      args: argv,
      allowPositionals: true,
      options: { topic: { type: 'string' }, partition: { type: 'string' }, offset: { type: 'string' }, limit: { type: 'string' }, json: { type: 'boolean', default: false } },
    },
    DLT_USAGE,
  );
  const [command, named, ...rest] = positionals;
  if (command !== 'list' && command !== 'show' && command !== 'redrive') throw new UsageError(command ? `unknown command "${command}"` : 'a command is required', DLT_USAGE);
  if (rest.length) throw new UsageError(`unexpected argument "${rest[0]}"`, DLT_USAGE);
  if (named !== undefined && values.topic !== undefined) throw new UsageError(`unexpected argument "${named}" (the topic is given with --topic)`, DLT_USAGE);
  const topic = named ?? values.topic;
  const wholeNumber = (name: string, value: string | undefined) => {
    if (value === undefined || !/^\d+$/.test(value)) throw new UsageError(`--${name} must be a whole number`, DLT_USAGE);
    return value;
  };
  if (command === 'list') {
    return { command, topic, json: values.json, ...(values.limit === undefined ? {} : { limit: Number(wholeNumber('limit', values.limit)) }) };
  }
  if (!topic) throw new UsageError(`${command} needs a topic`, DLT_USAGE);
  // `redrive <topic>` alone: the whole topic.
  if (command === 'redrive' && values.partition === undefined && values.offset === undefined) return { command, topic, json: values.json };
  return { command, topic, partition: Number(wholeNumber('partition', values.partition)), offset: wholeNumber('offset', values.offset), json: values.json };
}

const print = (json: boolean, value: unknown, text: () => string) => console.log(json ? JSON.stringify(value, null, 2) : text());

async function main(argv: string[], env: NodeJS.ProcessEnv): Promise<number> {
  const command = parseDltArgs(argv);
  // Parsed before connecting: a bad KAFKA_BROKERS or KAFKA_SASL_* fails here, naming the variable.
  brokersFromEnv(env);
  securityFromEnv(env);
  const bus = createBus({ clientId: 'puchi-dlt', logger: silentLogger });
  const deadLetters = new DeadLetters({ bus });
  try {
    if (command.command === 'list' && !command.topic) {
      const topics = await deadLetters.topics();
      print(command.json, topics, () => topics.map((t) => `${t.topic.padEnd(40)} ${String(t.retained).padStart(6)} retained`).join('\n') || 'no .DLT topics');
      return 0;
    }
    if (command.command === 'list') {
      const letters = await deadLetters.list(command.topic!, { limit: command.limit });
      print(command.json, letters, () =>
        letters
          .map((d) => `${d.partition}@${d.offset}  ${d.deadLetteredAt}  ${d.reason ?? '?'}  ${d.original.topic}[${d.original.partition ?? '?'}]@${d.original.offset ?? '?'}  key=${d.key ?? '-'}  ${d.error.class ?? ''}: ${d.error.message ?? ''}${d.redriven ? `  (re-driven ${d.redriven.at} by ${d.redriven.by ?? '?'})` : ''}`)
          .join('\n') || 'no dead letters',
      );
      return 0;
    }
    if (command.command === 'show') {
      const letter = await deadLetters.show(command.topic!, command.partition!, command.offset!);
      console.log(JSON.stringify(letter, null, 2));
      return 0;
    }
    const by = env.USER ? `cli:${env.USER}` : 'cli';
    if (command.partition === undefined) {
      const all = await deadLetters.redriveAll(command.topic!, { by });
      print(command.json, all, () => `re-drove ${all.redriven.length} dead letters of ${command.topic}; ${all.skipped} left as they were (re-driven before, or an event already re-driven)`);
      return 0;
    }
    const result = await deadLetters.redrive(command.topic!, command.partition!, command.offset!, { by });
    print(command.json, result, () => `re-drove ${result.deadLetter.topic}[${command.partition}]@${command.offset} to ${result.topic}${result.partition === null ? '' : `[${result.partition}]`} at ${result.redrivenAt}`);
    return 0;
  } finally {
    await deadLetters.close();
  }
}

if (require.main === module) {
  main(process.argv.slice(2), process.env).then(
    (code) => process.exit(code),
    (error: unknown) => {
      if (error instanceof UsageError) {
        console.error(error.message);
        process.exit(2);
      }
      console.error(`dlt failed: ${error instanceof Error ? error.message : String(error)}`);
      // A refusal (not found, already re-driven, bad option) is an answer; anything else may be the broker.
      const answered = error instanceof ConfigError || error instanceof UnknownTopicError || (error instanceof PuchiKafkaError && !error.retriable);
      if (!answered) console.error('Is the broker running? `npm run kafka:start`, or set KAFKA_BROKERS.');
      process.exit(1);
    },
  );
}
