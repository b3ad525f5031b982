'use strict';
// The validation plugin as this repository's cdk8s.yaml loads it (not shipped: users point at the package's
// lib/src/plugin/index.js). It loads the compiled plugin (lib/, `npm run build`) and, in a checkout that was not
// built (a fresh clone after `npm ci`, which no longer builds), the TypeScript sources through ts-node, the same
// fallback bin/istio-mtls.js uses.
const path = require('path');

const compiled = path.join(__dirname, '..', 'lib', 'src', 'plugin', 'index.js');
try {
  module.exports = require(compiled);
} catch (e) {
  if (e.code !== 'MODULE_NOT_FOUND' || !String(e.message).includes(compiled)) throw e;
  require('ts-node').register({ transpileOnly: true, project: path.join(__dirname, '..', 'tsconfig.json') });
  module.exports = require(path.join(__dirname, '..', 'src', 'plugin', 'index.ts'));
}
