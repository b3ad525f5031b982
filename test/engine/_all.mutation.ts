/**
 * Mutation testing only (jest.mutation.config.js): the engine's test files, loaded into one jest test file so that
 * each mutant pays for loading the engine once instead of once per test file (~0.5 s instead of ~2.5 s). The tests and
 * their assertions are the ones in test/engine/*.test.ts, unchanged; each file's tests sit in a describe named after
 * the file. Not matched by the normal jest configuration (it runs the files themselves).
 */
import * as fs from 'fs';
import * as path from 'path';

for (const file of fs.readdirSync(__dirname).filter((name) => name.endsWith('.test.ts')).sort()) {
  describe(file, () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- jest collects the tests a file defines when it loads
    require(path.join(__dirname, file));
  });
}
