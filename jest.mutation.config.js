/**
 * Jest configuration for mutation testing of src/engine (stryker.config.json): the engine's own tests only, loaded
 * into one test file (test/engine/_all.mutation.ts) so the engine is loaded once per mutant, so
 * each mutant runs the tests that cover it and nothing from the constructs, the CLI or the plugin. The property tests
 * (test/property) are left out: they take ~23 s of the ~32 s and cover nearly every mutant, which made one file of
 * 144 mutants an hour's run on two shared cores; a mutant only they kill shows as a survivor (docs/mutation.md).
 * @type {import('jest').Config}
 */
const base = require('./jest.config');

module.exports = {
  ...base,
  // Stops a mutant's run at its first failing test (test/engine/_bail-environment.js), as Stryker means to.
  testEnvironment: require('path').join(__dirname, 'test', 'engine', '_bail-environment.js'),
  testMatch: [
    '<rootDir>/test/engine/_all.mutation.ts',
  ],
};
