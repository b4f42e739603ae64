export { consoleGroups, consoleTopics, declaredGroups, type ConsoleGroup, type ConsoleTopic } from './api';
export { buildConsoleAssets, loadConsoleAssets, type ConsoleAssets } from './assets';
export { CONSOLE_API_PATH, CONSOLE_CSP, CONSOLE_PATH, consoleRoute, type ConsoleOptions } from './route';
