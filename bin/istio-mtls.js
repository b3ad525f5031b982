#!/usr/bin/env node
'use strict';
// The `istio-mtls` command. Runs the compiled CLI (lib/, built by `npm run build`; the published package is built in
// `prepack`). In a source checkout that was not built (a fresh clone after `npm ci`), it falls back to the TypeScript
// sources through ts-node, a devDependency.
const path = require('path');

function load() {
  const compiled = path.join(__dirname, '..', 'lib', 'src', 'cli', 'main.js');
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
