#!/bin/bash
# Runs Stryker over src/engine one chunk at a time (docs/mutation.md): each line of the chunk file is
# `<name> <comma-separated mutate globs>`; a chunk whose report exists (reports/chunks/<name>.json) is skipped, so the
# script can be stopped and started again. Concurrency 2. Sum the reports with scripts/mutation-summary.js.
#   scripts/mutation-chunks.sh scripts/mutation-chunks.txt
set -u
cd "$(dirname "$0")/.."
mkdir -p reports/chunks
while read -r name globs; do
  [ -z "$name" ] && continue
  case "$name" in \#*) continue ;; esac
  [ -f "reports/chunks/$name.json" ] && continue
  node -e '
    const c = require("./stryker.config.json");
    c.mutate = process.argv[1].split(",");
    c.reporters = ["json", "progress-append-only"];
    c.jsonReporter = { fileName: "reports/chunks/" + process.argv[2] + ".json" };
    c.concurrency = 2;
    c.tempDirName = ".stryker-tmp-" + process.argv[2];
    require("fs").writeFileSync("reports/stryker." + process.argv[2] + ".json", JSON.stringify(c, null, 2));
  ' "$globs" "$name"
  echo "$(date +%T) start $name"
  start=$(date +%s)
  npx stryker run "reports/stryker.$name.json" > "reports/chunks/$name.log" 2>&1
  echo "$(date +%T) end $name rc=$? $(( $(date +%s) - start ))s"
done < "${1:-scripts/mutation-chunks.txt}"
