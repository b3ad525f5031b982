/**
 * Helpers shared by the construct tests (test/constructs/*.test.ts).
 */
import { Chart, Testing } from 'cdk8s';
import { ApiFlavor, IstioMtls } from '../../src';

/** A fresh `Testing.chart()` (construct paths start with `test/`), configured for `flavor` when one is given. */
export function chart(flavor?: ApiFlavor): Chart {
  const c = Testing.chart();
  if (flavor) IstioMtls.configure(c, { flavor });
  return c;
}

/**
 * Captures `console.warn` during every test of the calling file, where the synth-time check prints its warnings
 * (`Warning: [path] CODE message`), so that they do not reach the test output. Returns a function giving the lines
 * printed so far in the current test, for the tests that assert on them.
 */
export function captureWarnings(): () => string[] {
  let spy: jest.SpyInstance | undefined;
  beforeEach(() => { spy = jest.spyOn(console, 'warn').mockImplementation(() => undefined); });
  afterEach(() => { spy?.mockRestore(); spy = undefined; });
  return () => (spy?.mock.calls ?? []).map((args) => String(args[0]));
}
