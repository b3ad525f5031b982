/**
 * The engine's messages are what the CLI prints over any manifests: their advice names Istio's YAML fields, never this
 * library's constructs (those hints are added at synth time only, src/constructs/_hints.ts).
 */
import * as fs from 'fs';
import * as path from 'path';
import { analyze, listRules } from '../../src/engine';
import { loadFixtures } from './_fixtures';

const CONSTRUCT_NAMES = /\b(ClientTls\.|ClientTlsPolicy|ServiceMtls|NamespaceMtls|MeshWideMtls|PortTlsOverride|ApiFlavor|Calls\.declare)/;
const RULES_DIR = path.join(__dirname, '..', 'fixtures', 'rules');

test.each(listRules().filter((r) => !r.reportedBy).map((r) => r.code))('%s: messages and fixes on its fixtures name YAML fields, not constructs', (code) => {
  const files = fs.readdirSync(path.join(RULES_DIR, code)).filter((f) => f.endsWith('.yaml') && f !== 'expected.yaml');
  const messages = files.flatMap((f) => analyze(loadFixtures(path.join('rules', code, f))).map((x) => x.message));
  expect(messages.length).toBeGreaterThan(0);
  expect(messages.filter((m) => CONSTRUCT_NAMES.test(m))).toEqual([]);
});
