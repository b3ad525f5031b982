/**
 * The package's own name, version and documentation links, read from its package.json (found by walking up from
 * this module: `src/cli/` under ts-node and jest, `lib/src/cli/` once compiled).
 */
import * as fs from 'fs';
import * as path from 'path';
import { pathToFileURL } from 'url';

export interface PackageInfo {
  readonly name: string;
  readonly version: string;
  /**
   * Where the rule documentation lives: `<base>#imt1001`. The `file:` URL of docs/RULES.md in this installed copy of
   * the package (npm ships docs/): it resolves offline, on the machine that ran the check, to the page of exactly the
   * version that produced the finding. The project has no public repository or documentation site yet, so there is
   * no http URL that would resolve; SARIF also carries each rule's help text inline (`help`).
   */
  readonly rulesDocUrl: string;
  /** The project's home page. */
  readonly homepage: string;
}

const PACKAGE_NAME = 'cdk8s-istio-mtls';
let cached: PackageInfo | undefined;

/** The package's name, version and documentation URLs. */
export function packageInfo(): PackageInfo {
  if (cached) return cached;
  let pkg: Record<string, any> = {};
  let pkgDir = path.resolve(__dirname, '..', '..');
  let dir = __dirname;
  for (let i = 0; i < 6; i++) {
    const file = path.join(dir, 'package.json');
    try {
      const json = JSON.parse(fs.readFileSync(file, 'utf8'));
      if (json.name === PACKAGE_NAME) { pkg = json; pkgDir = dir; break; }
    } catch {
      // not here
    }
    const parent = path.dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  const version = typeof pkg.version === 'string' ? pkg.version : '0.0.0';
  const repo = repositoryUrl(pkg.repository);
  cached = {
    name: PACKAGE_NAME,
    version,
    rulesDocUrl: pathToFileURL(path.join(pkgDir, 'docs', 'RULES.md')).href,
    homepage: typeof pkg.homepage === 'string' ? pkg.homepage : repo ?? `https://www.npmjs.com/package/${PACKAGE_NAME}`,
  };
  return cached;
}

/** `git+https://github.com/o/r.git`, `github:o/r` or `{ url }` -> `https://github.com/o/r`. */
function repositoryUrl(repo: unknown): string | undefined {
  const raw = typeof repo === 'string' ? repo : repo && typeof (repo as { url?: unknown }).url === 'string' ? (repo as { url: string }).url : undefined;
  if (!raw) return undefined;
  const short = /^(?:github:)?([\w.-]+)\/([\w.-]+)$/.exec(raw);
  if (short) return `https://github.com/${short[1]}/${short[2].replace(/\.git$/, '')}`;
  const m = /^(?:git\+)?(?:https?|ssh|git):\/\/(?:[^@/]+@)?([^/:]+)[/:](.+?)(?:\.git)?\/?$/.exec(raw);
  return m ? `https://${m[1]}/${m[2]}` : undefined;
}
