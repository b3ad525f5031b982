#!/usr/bin/env node
'use strict';
// Bundles the compiled CLI (lib/src/cli/main.js and the modules it imports from lib/) into one file,
// lib/cli/istio-mtls.js, which bin/istio-mtls.js runs. A start of the CLI then loads one module of ours instead of
// ~150: Node's per-module cost (resolving, reading, wrapping) was most of the cold start (docs/performance.md).
// Dependencies (js-yaml, ajv) stay external and load from node_modules; the library, the plugin and the tests keep
// using lib/src. Run by `npm run build`, after jsii.
const path = require('path');
const esbuild = require('esbuild');

const root = path.join(__dirname, '..');
esbuild.buildSync({
  entryPoints: [path.join(root, 'lib', 'src', 'cli', 'main.js')],
  outfile: path.join(root, 'lib', 'cli', 'istio-mtls.js'),
  bundle: true,
  platform: 'node',
  target: 'node18',
  format: 'cjs',
  packages: 'external',
  logLevel: 'warning',
});
