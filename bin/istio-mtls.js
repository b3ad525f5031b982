#!/usr/bin/env node
'use strict';
// The `istio-mtls` command. Runs the compiled CLI, built by `npm run build` (the published package is built in
// `prepack`): lib/cli/istio-mtls.js, the CLI bundled into one file for a fast start (scripts/bundle-cli.js), or
// lib/src/cli/main.js when there is no bundle or it is older than lib/ (lib/ rebuilt by jsii alone). In a source
// checkout that was not built (a fresh clone after `npm ci`), it falls back to the TypeScript sources through
// ts-node, a devDependency.
const fs = require('fs');
const path = require('path');

const LIB = path.join(__dirname, '..', 'lib');

function mtime(file) {
  try {
    return fs.statSync(file).mtimeMs;
  } catch (e) {
    return undefined;
  }
}

function load() {
  const compiled = path.join(LIB, 'src', 'cli', 'main.js');
  const bundle = path.join(LIB, 'cli', 'istio-mtls.js');
  const bundled = mtime(bundle);
  const main = mtime(compiled);
  if (bundled !== undefined && (main === undefined || bundled >= main)) return require(bundle);
  try {
    return require(compiled);
  } catch (e) {
    if (e.code !== 'MODULE_NOT_FOUND' || !String(e.message).includes(compiled)) throw e;
  }
  try {
    require('ts-node').register({ transpileOnly: true, project: path.join(__dirname, '..', 'tsconfig.json') });
  } catch (e) {
    process.stderr.write("istio-mtls: the package is not built (lib/src/cli/main.js is missing): run 'npm run build'\n");
    process.exit(2);
  }
  return require(path.join(__dirname, '..', 'src', 'cli', 'main.ts'));
}

load().main(process.argv.slice(2)).then((code) => { process.exitCode = code; });
