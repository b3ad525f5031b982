#!/usr/bin/env node
'use strict';
// Summarises Stryker JSON reports (mutation-testing-report-schema), one or many: a Markdown table per file and in
// total, with Stryker's figures (score = (killed + timed out) / (killed + timed out + survived + no coverage);
// compile and runtime errors are not counted), then the surviving and uncovered mutants, one line each.
//   node scripts/mutation-summary.js reports/mutation/mutation.json [more.json ...] [--survivors]
const fs = require('fs');

const args = process.argv.slice(2);
const listSurvivors = args.includes('--survivors');
const files = new Map();
for (const report of args.filter((a) => !a.startsWith('--'))) {
  for (const [file, result] of Object.entries(JSON.parse(fs.readFileSync(report, 'utf8')).files)) files.set(file, result);
}
const STATUSES = ['Killed', 'Timeout', 'Survived', 'NoCoverage', 'CompileError', 'RuntimeError', 'Ignored'];
const count = (mutants) => Object.fromEntries(STATUSES.map((s) => [s, mutants.filter((m) => m.status === s).length]));
const score = (c) => {
  const valid = c.Killed + c.Timeout + c.Survived + c.NoCoverage;
  return valid === 0 ? 'n/a' : `${((100 * (c.Killed + c.Timeout)) / valid).toFixed(2)} %`;
};
const row = (name, c) => `| ${name} | ${score(c)} | ${c.Killed} | ${c.Timeout} | ${c.Survived} | ${c.NoCoverage} | ${c.CompileError + c.RuntimeError} |`;
const lines = ['| file | score (total) | killed | timed out | survived | no coverage | errors |', '|---|---:|---:|---:|---:|---:|---:|'];
const all = [];
for (const file of [...files.keys()].sort()) {
  const mutants = files.get(file).mutants;
  all.push(...mutants);
  lines.push(row(file, count(mutants)));
}
lines.push(row(`**all ${files.size} files**`, count(all)));
console.log(lines.join('\n'));
if (listSurvivors) {
  console.log('');
  for (const file of [...files.keys()].sort()) {
    const source = files.get(file).source.split('\n');
    for (const m of files.get(file).mutants) {
      if (m.status !== 'Survived' && m.status !== 'NoCoverage') continue;
      const at = m.location.start;
      const original = source[at.line - 1].trim().slice(0, 100);
      console.log(`- ${file}:${at.line}:${at.column} ${m.status} ${m.mutatorName}: ${JSON.stringify(m.replacement ?? '')} in \`${original}\``);
    }
  }
}
