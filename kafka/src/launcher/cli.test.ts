import { LauncherUsageError, parseLauncherArgs } from './cli';

describe('the launcher command line', () => {
  it('takes the command and the flags README documents', () => {
    expect(parseLauncherArgs(['start', '--fresh'])).toEqual({ command: 'start', fresh: true, options: {} });
    expect(parseLauncherArgs(['start', '--nodes', '3'])).toEqual({ command: 'start', fresh: false, options: { nodes: 3 } });
    expect(parseLauncherArgs(['stop', '--port=19092', '--data', '/tmp/k'])).toEqual({ command: 'stop', fresh: false, options: { port: 19092, dataDir: '/tmp/k' } });
    expect(parseLauncherArgs([])).toEqual({ command: 'status', fresh: false, options: {} });
    expect(parseLauncherArgs(['start', '--secure', '--fresh'])).toEqual({ command: 'start', fresh: true, options: { secure: true } });
  });

  it('refuses an unknown flag, command or value with the usage', () => {
    expect(() => parseLauncherArgs(['start', '--fersh'])).toThrow(LauncherUsageError);
    expect(() => parseLauncherArgs(['start', '--fersh'])).toThrow(/--fersh[\s\S]*usage: npm run kafka:start/);
    expect(() => parseLauncherArgs(['restart'])).toThrow(/unknown command "restart"/);
    expect(() => parseLauncherArgs(['start', '--nodes', '2'])).toThrow(/--nodes takes 1 or 3/);
    expect(() => parseLauncherArgs(['start', '--port', 'abc'])).toThrow(/--port takes a port/);
    expect(() => parseLauncherArgs(['start', '--nodes'])).toThrow(LauncherUsageError);
  });
});
