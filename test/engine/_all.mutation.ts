/**
 * Mutation testing only (jest.mutation.config.js): the engine's test files, loaded into one jest test file so that
 * each mutant pays for loading the engine once instead of once per test file (~0.5 s instead of ~2.5 s). The tests and
 * their assertions are the ones in test/engine/*.test.ts, unchanged; each file's tests sit in a describe named after
 * the file. Not matched by the normal jest configuration (it runs the files themselves).
 */
import * as fs from 'fs';
import * as path from 'path';

// With the bail environment (test/engine/_bail-environment.js) a killed mutant stops at its first failing test, so the
// rule fixtures and the recorded upstream results, which name what broke, run first, and the randomised tests last.
const FIRST = ['rules.test.ts', 'mutation-kills.test.ts', 'precedence.test.ts', 'istio-tasks.test.ts', 'upstream-checkers.test.ts', 'webhook-parity.test.ts'];
const LAST = ['normalization.test.ts', 'duplicate-object.test.ts', 'registry.test.ts', 'malformed-input.test.ts'];
const rank = (name: string) => (FIRST.includes(name) ? FIRST.indexOf(name) - FIRST.length : LAST.includes(name) ? 1 + LAST.indexOf(name) : 0);
const files = fs.readdirSync(__dirname).filter((name) => name.endsWith('.test.ts'));
for (const file of files.sort((a, b) => rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0))) {
  describe(file, () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- jest collects the tests a file defines when it loads
    require(path.join(__dirname, file));
  });
}
