import { UsageError } from './command-line';
import { parseTokenArgs } from './token';

describe('npm run token’s command line', () => {
  it('takes a user, roles and an expiry, as README documents', () => {
    expect(parseTokenArgs(['--user', 'learner-ana'])).toEqual({ user: 'learner-ana', roles: ['learner'], expires: '12h' });
    expect(parseTokenArgs(['--user', 'analyst-ida', '--role', 'analyst'])).toEqual({ user: 'analyst-ida', roles: ['analyst'], expires: '12h' });
    expect(parseTokenArgs(['--user=admin-max', '--role', 'admin', '--role', 'analyst', '--expires', '30m'])).toEqual({ user: 'admin-max', roles: ['admin', 'analyst'], expires: '30m' });
  });

  it.each([
    [['--role', 'admin'], /--user is required/],
    [['--user', 'ana', '--rol', 'admin'], /Unknown option '--rol'/],
    [['--user'], /--user <value>' argument missing/],
    [['--user', 'ana', '--role', 'owner'], /unknown role "owner"/],
    [['--user', 'ana', 'extra'], /Unexpected argument 'extra'/],
  ])('refuses %j with the usage', (argv, problem) => {
    expect(() => parseTokenArgs(argv)).toThrow(UsageError);
    expect(() => parseTokenArgs(argv)).toThrow(problem);
    expect(() => parseTokenArgs(argv)).toThrow(/usage: npm run token -- --user <id>/);
  });
});
