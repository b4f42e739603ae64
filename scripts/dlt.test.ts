import { UsageError } from './command-line';
import { parseDltArgs } from './dlt';

describe('npm run dlt’s command line', () => {
  it('takes list, show and redrive as README documents', () => {
    expect(parseDltArgs(['list'])).toEqual({ command: 'list', topic: undefined, json: false });
    expect(parseDltArgs(['list', '--topic', 'quiz-events', '--limit', '5', '--json'])).toEqual({ command: 'list', topic: 'quiz-events', limit: 5, json: true });
    expect(parseDltArgs(['show', '--topic', 'quiz-events.DLT', '--partition', '2', '--offset', '17'])).toEqual({ command: 'show', topic: 'quiz-events.DLT', partition: 2, offset: '17', json: false });
    expect(parseDltArgs(['redrive', '--topic=quiz-events', '--partition=0', '--offset=9007199254740993'])).toMatchObject({ command: 'redrive', partition: 0, offset: '9007199254740993' });
    // The topic as a positional, as the issue writes it; `redrive <topic>` alone re-drives the whole topic.
    expect(parseDltArgs(['list', 'quiz-events'])).toEqual({ command: 'list', topic: 'quiz-events', json: false });
    expect(parseDltArgs(['redrive', 'quiz-events'])).toEqual({ command: 'redrive', topic: 'quiz-events', json: false });
    expect(parseDltArgs(['redrive', 'quiz-events', '--partition', '1', '--offset', '3'])).toMatchObject({ topic: 'quiz-events', partition: 1, offset: '3' });
  });

  it.each([
    [[], /a command is required/],
    [['drop'], /unknown command "drop"/],
    [['show', '--partition', '0', '--offset', '1'], /show needs a topic/],
    [['redrive', 'quiz-events', '--partition', '1'], /--offset must be a whole number/],
    [['list', 'quiz-events', '--topic', 'x'], /unexpected argument "quiz-events"/],
    [['redrive', '--topic', 't', '--offset', '1'], /--partition must be a whole number/],
    [['redrive', '--topic', 't', '--partition', '0', '--offset=-1'], /--offset must be a whole number/],
    [['list', '--limit', 'lots'], /--limit must be a whole number/],
    [['list', 'a', 'extra'], /unexpected argument "extra"/],
    [['list', '--all'], /Unknown option '--all'/],
  ])('refuses %j with the usage', (argv, problem) => {
    expect(() => parseDltArgs(argv)).toThrow(UsageError);
    expect(() => parseDltArgs(argv)).toThrow(problem);
    expect(() => parseDltArgs(argv)).toThrow(/usage: npm run dlt -- list/);
  });
});
