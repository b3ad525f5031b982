/**
 * The package as a cdk8s user gets it: `npm pack` of this repository, installed into a fresh cdk8s TypeScript app
 * laid out the way `cdk8s init typescript-app` lays it out, then `cdk8s synth` with the library's constructs and its
 * validation plugin, and the `istio-mtls` binary from the tarball.
 *
 * Runs only in CI or with RUN_PACKAGE_TEST=1 (see ./_helpers.ts). It installs cdk8s, cdk8s-cli, ts-node, typescript
 * and @types/node at the versions this repository has installed, with --prefer-offline, so npm takes them from its
 * cache.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ROOT, ensureBuilt, installedVersion, maybe, run, runOk } from './_helpers';

jest.setTimeout(600_000);

const MAIN_TS = `import { ApiObject, App, Chart, JsonPatch } from 'cdk8s';
import { MeshWideMtls, MtlsMode, NamespaceMtls, ServiceMtls } from 'cdk8s-istio-mtls';

const app = new App();
const scenario = process.env.SCENARIO ?? 'ok';

if (scenario === 'ok' || scenario === 'broken-construct') {
  const chart = new Chart(app, 'mesh');
  new MeshWideMtls(chart, 'mesh');
  new NamespaceMtls(chart, 'test2', { namespace: 'test2' });
  const httpbin = new ServiceMtls(chart, 'httpbin', {
    namespace: 'test1', matchLabels: { app: 'httpbin' }, serviceName: 'httpbin',
    mode: MtlsMode.PERMISSIVE, reason: 'sleep.test3 has no sidecar yet',
  });
  if (scenario === 'broken-construct') {
    // An escape hatch that removes the selector while the policy keeps portLevelMtls: IMT1001.
    httpbin.addPortMode(8080, MtlsMode.DISABLE, 'metrics scraped without mTLS');
    httpbin.policy.addJsonPatch(JsonPatch.remove('/spec/selector'));
  }
}

if (scenario === 'broken-raw') {
  // No construct of this library in the app, so no synth-time check: only the validation plugin sees this.
  const chart = new Chart(app, 'raw');
  new ApiObject(chart, 'broken', {
    apiVersion: 'security.istio.io/v1', kind: 'PeerAuthentication',
    metadata: { name: 'broken', namespace: 'test1' },
    spec: { portLevelMtls: { 8080: { mode: 'DISABLE' } } },
  });
}

app.synth();
`;

// cdk8s-cli loads a validation plugin from a path only when `package:` starts with './' (or is absolute): see
// PluginManager.loadPackage in node_modules/cdk8s-cli/lib/plugins/_manager.js. A bare name ('cdk8s-istio-mtls') is
// taken as an npm package and installed from the registry into cdk8s-cli's plugin directory (`npm install
// cdk8s-istio-mtls@0.1.0`), which fails (or, once published, would test the registry's copy instead of this tarball).
// './node_modules/cdk8s-istio-mtls' is required as a directory, i.e. through the package's `main`, which exports
// IstioMtlsValidation. `version` must be an exact version (cdk8s-cli rejects ranges), even for a path.
const CDK8S_YAML = `language: typescript
app: npx ts-node --transpile-only main.ts
validations:
  - package: ./node_modules/cdk8s-istio-mtls
    version: 0.1.0
    class: IstioMtlsValidation
    properties:
      rootNamespace: istio-system
`;

const BROKEN_YAML = `apiVersion: security.istio.io/v1
kind: PeerAuthentication
metadata: {name: broken, namespace: test1}
spec:
  portLevelMtls:
    8080: {mode: DISABLE}
`;

// What `cdk8s init typescript-app` writes (node_modules/cdk8s-cli/templates/typescript-app/tsconfig.json).
const TSCONFIG = {
  compilerOptions: {
    alwaysStrict: true, declaration: true, experimentalDecorators: true, inlineSourceMap: true, inlineSources: true,
    lib: ['es2016'], module: 'CommonJS', noEmit: false, noEmitOnError: true, noFallthroughCasesInSwitch: true,
    noImplicitAny: true, noImplicitReturns: true, noImplicitThis: true, noUnusedLocals: true, noUnusedParameters: true,
    resolveJsonModule: true, strict: true, strictNullChecks: true, strictPropertyInitialization: true,
    stripInternal: true, target: 'ES2017',
  },
  include: ['**/*.ts'],
  exclude: ['node_modules'],
};

maybe('the npm package in a fresh cdk8s TypeScript app', () => {
  let work: string;
  let appDir: string;
  let tarball: string;
  const timings: Record<string, number> = {};
  const timed = <T>(name: string, f: () => T): T => {
    const start = Date.now();
    try { return f(); } finally { timings[name] = (Date.now() - start) / 1000; }
  };

  beforeAll(() => {
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'istio-mtls-fresh-app-'));
    appDir = path.join(work, 'app');
    const packDir = path.join(work, 'pack');
    fs.mkdirSync(appDir);
    fs.mkdirSync(packDir);

    timed('build', () => ensureBuilt());
    // --ignore-scripts: `prepack` would rebuild lib/ (ensureBuilt just made sure it is current) under the feet of
    // other test files that run the compiled CLI in parallel.
    const packed = timed('pack', () => runOk('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', packDir], ROOT));
    tarball = path.join(packDir, JSON.parse(packed.stdout)[0].filename);

    // exact versions, the ones installed here, so npm finds them (and their dependencies) in its cache
    const pkg = {
      name: 'fresh-app', version: '1.0.0', main: 'main.js', types: 'main.ts', license: 'Apache-2.0', private: true,
      scripts: { synth: 'cdk8s synth', compile: 'tsc --build' },
      dependencies: {
        'cdk8s': installedVersion('cdk8s'),
        'constructs': installedVersion('constructs'),
        'cdk8s-istio-mtls': `file:${tarball}`,
      },
      devDependencies: {
        'cdk8s-cli': installedVersion('cdk8s-cli'),
        '@types/node': installedVersion('@types/node'),
        'ts-node': installedVersion('ts-node'),
        'typescript': installedVersion('typescript'),
      },
    };
    fs.writeFileSync(path.join(appDir, 'package.json'), JSON.stringify(pkg, null, 2));
    fs.writeFileSync(path.join(appDir, 'tsconfig.json'), JSON.stringify(TSCONFIG, null, 2));
    fs.writeFileSync(path.join(appDir, 'cdk8s.yaml'), CDK8S_YAML);
    fs.writeFileSync(path.join(appDir, 'main.ts'), MAIN_TS);
    timed('npm install', () => runOk('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund'], appDir));
  });

  afterAll(() => {
    // eslint-disable-next-line no-console
    console.log(`package test timings (s): ${JSON.stringify(timings)}`);
    if (work) fs.rmSync(work, { recursive: true, force: true });
  });

  test('the tarball has the compiled library, declarations, CLI, CRDs and docs, and no sources or tests', () => {
    const installed = path.join(appDir, 'node_modules', 'cdk8s-istio-mtls');
    for (const f of ['package.json', 'README.md', 'API.md', 'bin/istio-mtls.js', 'lib/src/index.js', 'lib/src/index.d.ts',
      'lib/src/plugin/index.js', 'lib/src/cli/main.js', 'lib/cli/istio-mtls.js', 'lib/imports/security.istio.io.js', 'crds/peerauthentication.yaml',
      'crds/destinationrule.yaml', 'docs/RULES.md']) {
      expect(fs.existsSync(path.join(installed, f))).toBe(true);
    }
    for (const d of ['src', 'test', 'examples', 'bench', 'dist', 'scripts', '.ci']) {
      expect(fs.existsSync(path.join(installed, d))).toBe(false);
    }
    // the non-jsii dependencies travel inside the tarball (bundledDependencies, required by jsii)
    expect(fs.existsSync(path.join(installed, 'node_modules', 'ajv', 'package.json'))).toBe(true);
    expect(fs.existsSync(path.join(installed, 'node_modules', 'js-yaml', 'package.json'))).toBe(true);
  });

  test('the app type-checks against the shipped declarations', () => {
    timed('tsc', () => runOk('npx', ['tsc', '--noEmit', '-p', '.'], appDir));
  });

  test('cdk8s synth writes the manifests and prints the validation plugin report', () => {
    const r = timed('synth ok', () => run('npx', ['cdk8s', 'synth'], appDir));
    expect({ status: r.status, output: r.output }).toEqual({ status: 0, output: expect.stringContaining('Validation Report') });
    // cdk8s-cli names a plugin loaded by path by its resolved directory and the version from cdk8s.yaml
    expect(r.output).toMatch(/Validation Report \(.*node_modules[\\/]cdk8s-istio-mtls@0\.1\.0\)/);
    expect(r.output).toContain('Validations ended succesfully'); // sic
    const manifest = fs.readFileSync(path.join(appDir, 'dist', 'mesh.k8s.yaml'), 'utf8');
    expect(manifest).toContain('kind: PeerAuthentication');
    expect(manifest).toContain('mode: STRICT');
    expect(manifest).toContain('mode: PERMISSIVE');
    // The directory cdk8s wrote (with its construct-metadata.json and our istio-mtls-metadata.json) is analyzable as is.
    expect(fs.existsSync(path.join(appDir, 'dist', 'construct-metadata.json'))).toBe(true);
    const analyzed = run('npx', ['istio-mtls', 'analyze', 'dist/', '--verbose'], appDir);
    expect({ status: analyzed.status, output: analyzed.output }).toEqual({ status: 0, output: expect.stringContaining('construct-metadata.json') });
  });

  test('a broken policy made through an escape hatch fails synth with the rule (synth-time check)', () => {
    const r = timed('synth broken-construct', () => run('npx', ['cdk8s', 'synth'], appDir, { SCENARIO: 'broken-construct' }));
    expect(r.status).not.toBe(0);
    // the app's own synth (App.synth) fails before cdk8s-cli writes anything or runs the plugin
    expect(r.output).toContain('Validation failed with the following errors');
    expect(r.output).toMatch(/\[mesh\/httpbin\] IMT1001 'spec\.portLevelMtls' needs a workload selector/);
  });

  test('a broken raw policy in an app without the constructs fails synth through the validation plugin', () => {
    const r = timed('synth broken-raw', () => run('npx', ['cdk8s', 'synth'], appDir, { SCENARIO: 'broken-raw' }));
    expect(r.status).not.toBe(0);
    expect(r.output).toMatch(/Validation Report \(.*node_modules[\\/]cdk8s-istio-mtls@0\.1\.0\)/);
    expect(r.output).toContain('IMT1001 pa-port-level-needs-selector');
    expect(r.output).toContain('Validation failed');
    expect(fs.existsSync(path.join(appDir, 'dist', 'raw.k8s.yaml'))).toBe(true);
  });

  test('the istio-mtls binary runs from the tarball', () => {
    const help = timed('istio-mtls --help', () => run('npx', ['istio-mtls', '--help'], appDir));
    expect(help.status).toBe(0);
    expect(help.output).toContain('Usage: istio-mtls');
    fs.writeFileSync(path.join(appDir, 'broken.yaml'), BROKEN_YAML);
    const analyzed = run('npx', ['istio-mtls', 'analyze', 'broken.yaml', '--format', 'json'], appDir);
    expect(analyzed.status).toBe(1);
    expect(JSON.parse(analyzed.stdout).findings.map((f: { code: string }) => f.code)).toContain('IMT1001');
  });
});
