import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { IstioMtlsValidation, IPluginValidationContext, PluginViolation, UNUSABLE_MANIFEST_RULE } from '../../src/plugin';

const PLUGIN_SOURCE = path.join(__dirname, '..', '..', 'src', 'plugin', 'index.ts');

const MESH_STRICT = `apiVersion: security.istio.io/v1
kind: PeerAuthentication
metadata:
  name: default
  namespace: istio-system
spec:
  mtls:
    mode: STRICT
`;

// A workload with a sidecar, and a workload without one in another namespace that may call it (no call is declared):
// with the mesh STRICT, a possible call failure that needs that caller to call, reported as a warning (IMT5001); plus,
// in BAD_MODES, PeerAuthentications with invalid modes: errors.
const APP = `apiVersion: v1
kind: Namespace
metadata:
  name: shop
  labels:
    istio-injection: enabled
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: cart
  namespace: shop
spec:
  selector:
    matchLabels:
      app: cart
  template:
    metadata:
      labels:
        app: cart
    spec:
      containers:
        - name: cart
          image: cart
          ports:
            - containerPort: 8080
---
apiVersion: v1
kind: Service
metadata:
  name: cart
  namespace: shop
spec:
  selector:
    app: cart
  ports:
    - port: 8080
---
apiVersion: v1
kind: Namespace
metadata:
  name: legacy
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: curl
  namespace: legacy
spec:
  selector:
    matchLabels:
      app: curl
  template:
    metadata:
      labels:
        app: curl
    spec:
      containers:
        - name: curl
          image: curl
`;
const BAD_MODES = `apiVersion: security.istio.io/v1
kind: PeerAuthentication
metadata:
  name: default
  namespace: shop
spec:
  mtls:
    mode: STRICTT
---
apiVersion: security.istio.io/v1
kind: PeerAuthentication
metadata:
  name: default
  namespace: other
spec:
  mtls:
    mode: MUTUAL
`;

interface FakeReport {
  violations: PluginViolation[];
  submitted?: { status: string; metadata?: Record<string, string> };
}

function fakeContext(manifests: string[]): IPluginValidationContext & { result: FakeReport } {
  const result: FakeReport = { violations: [] };
  return {
    manifests,
    result,
    report: {
      addViolation: (v) => { result.violations.push(v); },
      submit: (status, metadata) => { result.submitted = { status, metadata: metadata as Record<string, string> }; },
    },
  };
}

let dir: string;
beforeEach(() => { dir = fs.mkdtempSync(path.join(os.tmpdir(), 'istio-mtls-plugin-')); });
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

function manifest(name: string, content: string): string {
  const p = path.join(dir, name);
  fs.writeFileSync(p, content);
  return p;
}

describe('IstioMtlsValidation with a fake context', () => {
  test('analyzes all manifests together and reports one violation per rule code, failing on errors', async () => {
    const files = [manifest('mesh.k8s.yaml', MESH_STRICT), manifest('app.k8s.yaml', APP), manifest('bad.k8s.yaml', BAD_MODES)];
    const ctx = fakeContext(files);
    await new IstioMtlsValidation().validate(ctx);

    expect(ctx.result.submitted).toEqual({ status: 'failure', metadata: expect.objectContaining({ errors: '2', manifests: '3', objects: '8' }) });
    const names = ctx.result.violations.map((v) => v.ruleName);
    expect(names).toEqual([...names].sort());
    expect(new Set(names).size).toBe(names.length); // one violation per code

    const invalidMode = ctx.result.violations.find((v) => v.ruleName === 'IMT1003 pa-invalid-mode')!;
    expect(invalidMode.violatingResources).toEqual([
      { resourceName: 'default', locations: ['spec.mtls.mode'], manifestPath: files[2] },
      { resourceName: 'default', locations: ['spec.mtls.mode'], manifestPath: files[2] },
    ]);
    expect(invalidMode.recommendation).toMatch(/STRICTT/);
    expect(invalidMode.recommendation).toMatch(/MUTUAL/); // both findings, listed under the rule summary
    expect(invalidMode.fix).toMatch(/STRICT/);

    // The cross-manifest finding: mesh STRICT (mesh.k8s.yaml) vs DestinationRule DISABLE (app.k8s.yaml).
    const override = ctx.result.violations.find((v) => v.ruleName.startsWith('IMT5001 '))!;
    expect(override.violatingResources).toEqual([{ resourceName: 'default', locations: ['spec.mtls.mode'], manifestPath: files[0] }]);
    expect(override.recommendation).toMatch(/^\(warning\) PeerAuthentication istio-system\/default: possible call workloads without a sidecar \(curl\.legacy\)/);
  });

  test('succeeds with warnings only, and fails on them with failOnWarnings', async () => {
    const files = [manifest('mesh.k8s.yaml', MESH_STRICT), manifest('app.k8s.yaml', APP)];
    const lenient = fakeContext(files);
    await new IstioMtlsValidation({}).validate(lenient);
    expect(lenient.result.submitted).toEqual({ status: 'success', metadata: expect.objectContaining({ errors: '0', warnings: expect.not.stringMatching(/^0$/) }) });
    expect(lenient.result.violations.length).toBeGreaterThan(0);

    const strict = fakeContext(files);
    await new IstioMtlsValidation({ failOnWarnings: true }).validate(strict);
    expect(strict.result.submitted!.status).toBe('failure');
  });

  test('passes rootNamespace and autoMtls to the engine (also as strings, as YAML may give them)', async () => {
    const files = [manifest('mesh.k8s.yaml', MESH_STRICT.replace('istio-system', 'mesh-root')), manifest('app.k8s.yaml', APP.replace(/---\napiVersion: networking[\s\S]*$/, ''))];
    const auto = fakeContext(files);
    await new IstioMtlsValidation({ rootNamespace: 'mesh-root' }).validate(auto);
    expect(auto.result.submitted!.status).toBe('success');
    const manual = fakeContext(files);
    await new IstioMtlsValidation({ rootNamespace: 'mesh-root', autoMtls: 'false' as unknown as boolean }).validate(manual);
    expect(manual.result.violations.map((v) => v.ruleName)).toContain('IMT5008 plaintext-without-auto-mtls');
  });

  test('lists info findings only with includeInfo', async () => {
    const legacy = manifest('legacy.k8s.yaml', 'apiVersion: authentication.istio.io/v1alpha1\nkind: MeshPolicy\nmetadata:\n  name: default\nspec:\n  peers:\n  - mtls: {}\n');
    const without = fakeContext([legacy]);
    await new IstioMtlsValidation().validate(without);
    expect(without.result.violations.map((v) => v.ruleName)).not.toContain('IMT3003 legacy-deprecated');
    expect(without.result.submitted!.metadata!.info).not.toBe('0');
    const withInfo = fakeContext([legacy]);
    await new IstioMtlsValidation({ includeInfo: true }).validate(withInfo);
    expect(withInfo.result.violations.map((v) => v.ruleName)).toContain('IMT3003 legacy-deprecated');
    expect(withInfo.result.submitted!.status).toBe(without.result.submitted!.status); // info never decides
  });

  test('accepts an empty manifest (an empty chart) and reports success', async () => {
    const ctx = fakeContext([manifest('empty.k8s.yaml', '')]);
    await new IstioMtlsValidation().validate(ctx);
    expect(ctx.result).toEqual({ violations: [], submitted: { status: 'success', metadata: expect.objectContaining({ objects: '0' }) } });
  });

  test('fails with one violation naming the manifest and line when a manifest is unusable', async () => {
    const bad = manifest('bad.k8s.yaml', 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: [oops\n');
    const ctx = fakeContext([manifest('ok.k8s.yaml', MESH_STRICT), bad]);
    await new IstioMtlsValidation().validate(ctx);
    expect(ctx.result.submitted!.status).toBe('failure');
    expect(ctx.result.violations).toEqual([{
      ruleName: UNUSABLE_MANIFEST_RULE,
      recommendation: expect.stringMatching(/bad\.k8s\.yaml:\d+:\d+: malformed YAML/),
      fix: expect.any(String),
      violatingResources: [{ resourceName: '', locations: [expect.stringMatching(/^line \d+$/)], manifestPath: bad }],
    }]);
  });

  test('rejects properties of the wrong type when cdk8s instantiates it', () => {
    expect(() => new IstioMtlsValidation({ autoMtls: 'yes' as unknown as boolean })).toThrow(/autoMtls' must be true or false/);
    expect(() => new IstioMtlsValidation({ rootNamespace: 3 as unknown as string })).toThrow(/rootNamespace' must be a non-empty string/);
    expect(() => new IstioMtlsValidation(undefined)).not.toThrow();
  });

  test('rejects unknown properties, listing the valid ones, so that a misspelt gate does not silently turn off', () => {
    // 'failOnWarning' (without the s) used to be ignored: the warnings gate was off and nothing said so.
    expect(() => new IstioMtlsValidation({ failOnWarning: true } as any)).toThrow(
      /IstioMtlsValidation: unknown property 'failOnWarning'.*did you mean 'failOnWarnings'\?.*valid properties: autoMtls, clusterDomain, failOnWarnings, ignore, includeInfo, istioVersion, meshPerManifest, migration, rootNamespace, sidecarHbone, sidecarsSendHbone/,
    );
    expect(() => new IstioMtlsValidation({ rootnamespace: 'x' } as any)).toThrow(/unknown property 'rootnamespace'.*did you mean 'rootNamespace'\?/);
    expect(() => new IstioMtlsValidation({ colour: 'red' } as any)).toThrow(/unknown property 'colour'; valid properties: /);
    // Every valid property is accepted.
    expect(() => new IstioMtlsValidation({
      rootNamespace: 'istio-system', autoMtls: true, clusterDomain: 'cluster.local', migration: false, sidecarHbone: false, sidecarsSendHbone: true,
      istioVersion: '1.24', failOnWarnings: true, meshPerManifest: false, includeInfo: false,
    })).not.toThrow();
  });
});

/**
 * cdk8s-cli's own loader: `ValidationPlugin.load` (which `cdk8s synth` calls for each entry of `validations:`) and
 * `PluginManager`. cdk8s-cli's package exports only `./plugins` (the ValidationContext), so these are required by
 * file path.
 */
function cdk8sCli(): { ValidationPlugin: any; PluginManager: any } {
  const lib = path.join(path.dirname(require.resolve('cdk8s-cli/package.json')), 'lib', 'plugins');
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return { ValidationPlugin: require(path.join(lib, 'validation.js')).ValidationPlugin, PluginManager: require(path.join(lib, '_manager.js')).PluginManager };
}

describe('IstioMtlsValidation under the real cdk8s-cli plugin loader', () => {
  test('is loaded by path and class name, validates, and produces a failing report with the rule violations', async () => {
    const { ValidationPlugin, PluginManager } = cdk8sCli();
    const files = [manifest('mesh.k8s.yaml', MESH_STRICT), manifest('bad.k8s.yaml', BAD_MODES)];
    const { plugin, context } = ValidationPlugin.load(
      { package: PLUGIN_SOURCE, version: '0.1.0', class: 'IstioMtlsValidation', properties: { failOnWarnings: false } },
      { manifests: files },
      false,
      new PluginManager(path.join(dir, 'plugins')),
    );
    await plugin.validate(context);
    expect(context.report.success).toBe(false);
    const json = context.report.toJson();
    expect(json.summary).toEqual(expect.objectContaining({ status: 'failure', metadata: expect.objectContaining({ errors: '2' }) }));
    expect(json.violations.map((v: any) => v.ruleName)).toContain('IMT1003 pa-invalid-mode');
    expect(json.violations[0].violatingConstructs[0]).toEqual(expect.objectContaining({ manifestPath: files[1], resourceName: 'default' }));
    expect(context.report.toString()).toContain('IMT1003 pa-invalid-mode (2 occurrences)');
  });

  test('produces a successful report for valid manifests', async () => {
    const { ValidationPlugin, PluginManager } = cdk8sCli();
    const { plugin, context } = ValidationPlugin.load(
      { package: PLUGIN_SOURCE, version: '0.1.0', class: 'IstioMtlsValidation' },
      { manifests: [manifest('mesh.k8s.yaml', MESH_STRICT)] },
      false,
      new PluginManager(path.join(dir, 'plugins')),
    );
    await plugin.validate(context);
    expect(context.report.success).toBe(true);
  });
});

describe('meshPerManifest', () => {
  const MESH_A = `apiVersion: security.istio.io/v1
kind: PeerAuthentication
metadata: {name: default, namespace: istio-system}
spec: {mtls: {mode: STRICT}}
`;
  const MESH_B = MESH_A.replace('name: default', 'name: second');
  test('two mesh-wide policies in one cluster are IMT1008, but in two independent manifests they are not', async () => {
    const files = [manifest('a.k8s.yaml', MESH_A), manifest('b.k8s.yaml', MESH_B)];
    const together = fakeContext(files);
    await new IstioMtlsValidation().validate(together);
    expect(together.result.violations.map((v) => v.ruleName)).toContain('IMT1008 pa-duplicate-mesh');
    expect(together.result.submitted!.status).toBe('failure');
    const apart = fakeContext(files);
    await new IstioMtlsValidation({ meshPerManifest: true }).validate(apart);
    expect(apart.result.violations).toEqual([]);
    expect(apart.result.submitted!.status).toBe('success');
  });
});
