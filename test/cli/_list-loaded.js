'use strict';
// Preloaded by test/cli/cli-binary.test.ts: prints, at exit, the files under lib/ the process loaded (one
// "loaded <path>" line each, relative to the project root), so the test can tell which build of the CLI ran.
const path = require('path');
const Module = require('module');

const root = path.join(__dirname, '..', '..');
const lib = path.join(root, 'lib') + path.sep;
const compile = Module.prototype._compile;
const loaded = [];
Module.prototype._compile = function (content, filename) {
  if (filename.startsWith(lib)) loaded.push(path.relative(root, filename));
  return compile.call(this, content, filename);
};
process.on('exit', () => { for (const f of loaded) process.stderr.write(`loaded ${f}\n`); });
