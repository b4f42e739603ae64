/* global process, setTimeout */
// The cluster suites' Jest environment: Node's, plus a check when a test file's run has finished (after its
// afterAll hooks, before its modules are torn down). A Kafka consumer still connected then was left running by
// whatever made it; once the file's broker is stopped it crashes, tries to leave its group with modules Jest has
// torn down, and keeps the process alive, so Jest never exits (CI saw this twice after broker-restart.cluster.test.ts,
// never locally). This names each such consumer's group, as a warning, and tries to disconnect it. What else such a
// leak leaves open (its subscription's producer, say) still holds the process: `npm run test:cluster` runs Jest with
// --forceExit, and this warning is what says which test to look at.
const { TestEnvironment } = require('jest-environment-node');

const OPEN_CONSUMERS = Symbol.for('puchi.openConsumers');
const CLOSE_WAIT_MS = 3000;

class LeakClosingEnvironment extends TestEnvironment {
  constructor(config, context) {
    super(config, context);
    this.testPath = context.testPath;
  }

  async handleTestEvent(event) {
    if (event.name !== 'run_finish') return;
    const open = this.global[OPEN_CONSUMERS];
    if (!open || open.size === 0) return;
    const groups = [...open.values()];
    process.stderr.write(`\nWARNING ${this.testPath}: ${groups.length} Kafka consumer(s) still connected after the tests: ${groups.join(', ')}; disconnecting them\n`);
    await Promise.allSettled(
      [...open.keys()].map((consumer) => Promise.race([consumer.disconnect(), new Promise((resolve) => setTimeout(resolve, CLOSE_WAIT_MS).unref())])),
    );
  }
}

module.exports = LeakClosingEnvironment;
