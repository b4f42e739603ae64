/**
 * `npm run check:evolution` (CI, after check:generated): compares every request, reply and event contract of
 * the document the working tree generates with the committed docs/asyncapi.yaml: at HEAD when the working tree
 * changed it, else with its version before HEAD's (see `chooseBaseline`). Exits 1 naming each change a running
 * reader could not read (`compatibility`, `evolution`); without an earlier version it says so and passes.
 * Writes nothing. The rule and how to evolve an event: docs/architecture.md, "Evolving a message contract".
 */
import { ASYNCAPI_FILE, REPO_ROOT, asyncApiYaml, evolution, parseAsyncApi } from '@puchi/domains';
import { chooseBaseline, gitReader } from './evolution-baseline';

function main(): number {
  const current = asyncApiYaml();
  const baseline = chooseBaseline(current, gitReader(REPO_ROOT), ASYNCAPI_FILE);
  if (baseline.text === undefined) {
    console.log(`check:evolution: nothing to compare with: ${baseline.reason}`);
    return 0;
  }
  const report = evolution(parseAsyncApi(baseline.text), parseAsyncApi(current));
  for (const note of report.notes) console.log(`  note: ${note}`);
  if (report.breaking.length > 0) {
    console.error(`check:evolution: ${report.breaking.length} change(s) a running reader could not read (compared with ${baseline.label}):`);
    for (const { contract, path, change } of report.breaking) console.error(`  ${contract} ${path}: ${change}`);
    console.error(
      'Add fields as optional and widen rather than narrow. A request or reply that must break is a new call; an event type raises its schemaVersion and keeps reading the old one (docs/architecture.md, "Evolving a message contract").',
    );
    return 1;
  }
  console.log(`check:evolution: ${report.compared} contracts compared with ${baseline.label}: nothing a running reader could not read`);
  return 0;
}

process.exitCode = main();
