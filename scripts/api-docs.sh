#!/usr/bin/env bash
# Generates API.md (the API reference) with jsii + jsii-docgen, which also proves that the public API compiles with
# jsii (the compiler behind cdk8s's Python/Java/Go/.NET packages).
#
#   bash scripts/api-docs.sh            # writes ./API.md   (npm run docgen)
#   bash scripts/api-docs.sh OUT.md     # writes OUT.md     (test/package/api-docs.test.ts compares it with API.md)
#
# jsii runs in a throw-away copy of what the public API is made of (package.json, README.md, the tsconfig files jsii
# compiles with, src/, imports/, crds/) with node_modules symlinked to the repository's, so that generating the docs
# never touches the repository's lib/ and .jsii (which `npm run build` writes).
#
# --silence-warnings=reserved-word: the only jsii warnings about the API are about the prop name `namespace`, a
# reserved word in C# (where jsii's properties are PascalCase anyway: `Namespace`). cdk8s core itself uses
# `namespace` in ChartProps and ApiObjectMetadata, so we keep it for consistency with cdk8s.
# Two metadata warnings (JSII6) stay visible on purpose: the peerDependencies allow older cdk8s/constructs
# (^2.68.0, ^10.3.0) than the devDependencies the tests run against (^2.70.0, ^10.8.0).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
OUT="${1:-$ROOT/API.md}"
case "$OUT" in /*) ;; *) OUT="$PWD/$OUT" ;; esac

WORK="$(mktemp -d "${TMPDIR:-/tmp}/istio-mtls-api-docs.XXXXXX")"
trap 'rm -rf "$WORK"' EXIT

cp "$ROOT/package.json" "$ROOT/README.md" "$ROOT/tsconfig.json" "$ROOT/tsconfig.build.json" "$WORK/"
cp -R "$ROOT/src" "$ROOT/imports" "$ROOT/crds" "$WORK/"
ln -s "$ROOT/node_modules" "$WORK/node_modules"

cd "$WORK"
# jsii prints a "Node 20 is end-of-life" banner on Node 20; it is informational only.
"$ROOT/node_modules/.bin/jsii" --silence-warnings=reserved-word >&2
"$ROOT/node_modules/.bin/jsii-docgen" --language typescript --output "$WORK/API.md" >&2

mkdir -p "$(dirname "$OUT")"
cp "$WORK/API.md" "$OUT"
echo "wrote $OUT ($(wc -l < "$OUT") lines)" >&2
