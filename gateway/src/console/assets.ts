import fs from 'node:fs/promises';
import path from 'node:path';
import { build } from 'esbuild';

/** The page, its script (with the graphql-ws client from node_modules) and its style sheet, built in memory. */
export interface ConsoleAssets {
  html: string;
  script: string;
  css: string;
  buildMs: number;
}

const PAGE = path.join(__dirname, 'page');

/** Bundles `page/app.ts` with esbuild (no file written, nothing from a CDN) and reads the page's HTML and CSS. */
export async function buildConsoleAssets(): Promise<ConsoleAssets> {
  const started = performance.now();
  const [bundle, html, css] = await Promise.all([
    build({
      entryPoints: [path.join(PAGE, 'app.ts')],
      bundle: true,
      write: false,
      format: 'iife',
      platform: 'browser',
      target: 'es2022',
      minify: false,
      logLevel: 'silent',
    }),
    fs.readFile(path.join(PAGE, 'console.html'), 'utf8'),
    fs.readFile(path.join(PAGE, 'console.css'), 'utf8'),
  ]);
  const script = bundle.outputFiles[0]?.text;
  if (script === undefined) throw new Error('esbuild produced no console script');
  return { html, script, css, buildMs: Math.round(performance.now() - started) };
}

let loaded: Promise<ConsoleAssets> | undefined;

/** Built on the first visit and kept for the process (about 100 ms); a failed build is tried again on the next visit. */
export function loadConsoleAssets(): Promise<ConsoleAssets> {
  loaded ??= buildConsoleAssets().catch((error: unknown) => {
    loaded = undefined;
    throw error;
  });
  return loaded;
}
