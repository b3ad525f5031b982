'use strict';
/**
 * Mutation testing only (jest.mutation.config.js): jest's node environment that skips the rest of a test file once a
 * test has failed. Stryker stops at the first failing test of a mutant ("bail", its default), but jest cannot bail
 * inside a file, and test/engine/_all.mutation.ts is one file: without this, a killed mutant still ran every other
 * test that covers it. A run where nothing fails (the normal suite, Stryker's first run) is unchanged.
 */
const { TestEnvironment } = require('jest-environment-node');

class BailEnvironment extends TestEnvironment {
  failed = false;

  async handleTestEvent(event) {
    if (event.name === 'test_done' && event.test.errors.length > 0) this.failed = true;
    // jest-circus dispatches test_start before it decides whether a test is skipped (jestAdapterInit _runTestInContext).
    else if (event.name === 'test_start' && this.failed) event.test.mode = 'skip';
  }
}

module.exports = BailEnvironment;
