/**
 * The package as jsii-pacmak and `npm pack` see it: the tarball carries the assembly, the licence, the changelog and
 * the compiled JavaScript with its declarations, and jsii-pacmak generates the Python, Java, .NET and Go sources from
 * the assembly without errors (`--code-only`: building wheels, jars, nupkgs needs pip/maven/dotnet and their
 * registries, which this project's CI does not reach).
 *
 * Runs only in CI or with RUN_PACKAGE_TEST=1 (see ./_helpers.ts).
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ROOT, ensureBuilt, maybe, run, runOk } from './_helpers';

jest.setTimeout(300_000);

maybe('the jsii package', () => {
  let work: string;
  beforeAll(() => {
    ensureBuilt();
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'istio-mtls-pacmak-'));
  });
  afterAll(() => { if (work) fs.rmSync(work, { recursive: true, force: true }); });

  test('npm pack ships .jsii, LICENSE, CHANGELOG.md and the compiled JavaScript with declarations, no sources', () => {
    // --ignore-scripts: `prepack` would rebuild lib/ under the feet of test files running in parallel (ensureBuilt
    // just made it current)
    const r = runOk('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], ROOT);
    const files: string[] = JSON.parse(r.stdout)[0].files.map((f: { path: string }) => f.path);
    for (const f of ['.jsii', 'LICENSE', 'CHANGELOG.md', 'README.md', 'API.md', 'docs/RULES.md', 'bin/istio-mtls.js',
      'lib/src/index.js', 'lib/src/index.d.ts', 'lib/src/cli/main.js', 'lib/cli/istio-mtls.js', 'lib/src/plugin/index.js', 'crds/SOURCE.md']) {
      expect(files).toContain(f);
    }
    const ours = files.filter((f) => !f.startsWith('node_modules/')); // ajv and js-yaml are bundled as published
    expect(ours.filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'))).toEqual([]);
    expect(ours.filter((f) => f.startsWith('test/') || f.startsWith('src/') || f.startsWith('scripts/'))).toEqual([]);
  });

  test('jsii-pacmak --code-only generates Python, Java, .NET and Go sources without errors', () => {
    const outdir = path.join(work, 'pacmak');
    const started = Date.now();
    // npm_config_ignore_scripts: pacmak runs `npm pack` (the .NET and Go runtimes embed the tarball), which would run
    // `prepack` (a rebuild) again
    const r = run(path.join(ROOT, 'node_modules', '.bin', 'jsii-pacmak'), ['--code-only', '--no-npmignore', '--outdir', outdir,
      '--targets', 'python', '--targets', 'java', '--targets', 'dotnet', '--targets', 'go'], ROOT, { npm_config_ignore_scripts: 'true' });
    // eslint-disable-next-line no-console
    console.log(`jsii-pacmak --code-only took ${((Date.now() - started) / 1000).toFixed(1)} s`);
    if (r.status !== 0) throw new Error(`jsii-pacmak failed:\n${r.output}`);
    expect(r.output).not.toMatch(/\berror\b/i);
    const expected = [
      'python/setup.py', 'python/src/cdk8s_istio_mtls/__init__.py',
      'java/pom.xml', 'java/src/main/java/io/github/cdk8s_istio_mtls/MeshWideMtls.java',
      'dotnet/Cdk8sIstioMtls/Cdk8sIstioMtls.csproj', 'dotnet/Cdk8sIstioMtls/Cdk8sIstioMtls/MeshWideMtls.cs',
      'go/cdk8sistiomtls/go.mod', 'go/cdk8sistiomtls/MeshWideMtls.go',
    ];
    expect(expected.filter((f) => !fs.existsSync(path.join(outdir, f)))).toEqual([]);
    expect(fs.readFileSync(path.join(outdir, 'python', 'setup.py'), 'utf8')).toContain('"name": "cdk8s-istio-mtls"');
    expect(fs.readFileSync(path.join(outdir, 'java', 'pom.xml'), 'utf8')).toContain('<groupId>io.github.cdk8s-istio-mtls</groupId>');
  });
});
