/**
 * The CLI options a YAML user needs: --namespace/-n for documents without a namespace (as `kubectl apply -n`),
 * --fail-on for pipelines, and the install choices that change verdicts (--sidecar-hbone, --sidecars-send-hbone).
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { runCli } from '../../src/cli/main';

async function run(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(args, { stdout: (s) => { stdout += s; }, stderr: (s) => { stderr += s; } });
  return { code, stdout, stderr };
}

let dir: string;
beforeAll(() => { dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cli-options-')); });
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function file(name: string, text: string): string {
  const f = path.join(dir, name);
  fs.writeFileSync(f, text);
  return f;
}

// An upstream sample as `kubectl apply -n foo -f` reads it: no namespace anywhere (istio/istio samples/httpbin/httpbin.yaml
// shape), plus the namespace and a STRICT policy for it, and a caller without a sidecar in another namespace.
const SAMPLE = `apiVersion: v1
kind: Service
metadata: {name: httpbin, labels: {app: httpbin}}
spec:
  selector: {app: httpbin}
  ports: [{name: http, port: 8000, targetPort: 8080}]
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: httpbin}
spec:
  selector: {matchLabels: {app: httpbin}}
  template:
    metadata: {labels: {app: httpbin}}
    spec:
      containers: [{name: httpbin, image: docker.io/mccutchen/go-httpbin:v2.15.0, ports: [{containerPort: 8080}]}]
---
apiVersion: security.istio.io/v1
kind: PeerAuthentication
metadata: {name: default}
spec: {mtls: {mode: STRICT}}
`;
const NAMESPACES = `apiVersion: v1
kind: Namespace
metadata: {name: foo, labels: {istio-injection: enabled}}
---
apiVersion: v1
kind: Namespace
metadata: {name: legacy}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: sleep, namespace: legacy, annotations: {istio-mtls.cdk8s.io/calls: "httpbin.foo:8000"}}
spec:
  selector: {matchLabels: {app: sleep}}
  template:
    metadata: {labels: {app: sleep}}
    spec:
      containers: [{name: sleep, image: curlimages/curl}]
`;

describe('--namespace / -n', () => {
  test('puts namespaced objects without a namespace into NS, so the call into it is checked', async () => {
    const sample = file('httpbin.yaml', SAMPLE);
    const ns = file('ns.yaml', NAMESPACES);
    const without = await run(['analyze', sample, ns, '--format', 'json']);
    expect(JSON.parse(without.stdout).findings.filter((f: any) => f.code === 'IMT5001')).toEqual([]);
    for (const flag of [['-n', 'foo'], ['--namespace', 'foo'], ['--namespace=foo']]) {
      const r = await run(['analyze', sample, ns, '--format', 'json', ...flag]);
      expect(r.code).toBe(1);
      const found = JSON.parse(r.stdout).findings.filter((f: any) => f.code === 'IMT5001');
      expect(found).toEqual([expect.objectContaining({ severity: 'error', resource: expect.objectContaining({ kind: 'PeerAuthentication', namespace: 'foo', name: 'default' }) })]);
      expect(found[0].message).toContain('declared call sleep.legacy (no sidecar) -> httpbin.foo.svc.cluster.local:8000');
    }
  });

  test('keeps cluster-scoped kinds without a namespace and an explicit namespace as written', async () => {
    const f = file('mixed.yaml', `apiVersion: v1
kind: Namespace
metadata: {name: bar}
---
apiVersion: authentication.istio.io/v1alpha1
kind: MeshPolicy
metadata: {name: mesh-wide}
spec: {peers: [{mtls: {}}]}
---
apiVersion: security.istio.io/v1
kind: PeerAuthentication
metadata: {name: p, namespace: bar}
spec: {mtls: {mode: PERMISSIVE}}
`);
    const r = await run(['analyze', f, '-n', 'foo', '--format', 'json']);
    const resources = JSON.parse(r.stdout).findings.map((x: any) => x.resource);
    expect(resources).toContainEqual({ apiVersion: 'authentication.istio.io/v1alpha1', kind: 'MeshPolicy', namespace: null, name: 'mesh-wide' });
    expect(resources).toContainEqual({ apiVersion: 'security.istio.io/v1', kind: 'PeerAuthentication', namespace: 'bar', name: 'p' });
  });

  test('applies to status too, and refuses a value that is not a namespace name', async () => {
    const sample = file('httpbin2.yaml', SAMPLE);
    const r = await run(['status', sample, '-n', 'foo', '--format', 'json']);
    expect(JSON.parse(r.stdout).rows.map((x: any) => `${x.host}:${x.port} ${x.server}`)).toEqual(['httpbin.foo.svc.cluster.local:8000 STRICT']);
    const bad = await run(['analyze', sample, '-n', 'Foo_Bar']);
    expect(bad.code).toBe(2);
    expect(bad.stdout).toBe('');
    expect(bad.stderr).toMatch(/'--namespace' must be a namespace name/);
  });
});

describe('--fail-on', () => {
  const permissive = () => file('permissive.yaml', `apiVersion: security.istio.io/v1
kind: PeerAuthentication
metadata: {name: default, namespace: shop}
spec: {mtls: {mode: PERMISSIVE}}
`);

  test('warning makes warnings fail the run; error (the default) does not', async () => {
    const f = permissive();
    expect((await run(['analyze', f])).code).toBe(0);
    expect((await run(['analyze', f, '--fail-on', 'error'])).code).toBe(0);
    expect((await run(['analyze', f, '--fail-on', 'warning'])).code).toBe(1);
  });

  test('any other value is a usage error', async () => {
    const r = await run(['analyze', permissive(), '--fail-on', 'info']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/fail-on 'info'/);
  });
});

describe('HBONE install options', () => {
  const AMBIENT = `apiVersion: v1
kind: Namespace
metadata: {name: shop, labels: {istio-injection: enabled}}
---
apiVersion: v1
kind: Namespace
metadata: {name: app, labels: {istio.io/dataplane-mode: ambient}}
---
apiVersion: security.istio.io/v1
kind: PeerAuthentication
metadata: {name: default, namespace: shop}
spec: {mtls: {mode: STRICT}}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: cart, namespace: shop}
spec:
  selector: {matchLabels: {app: cart}}
  template:
    metadata: {labels: {app: cart}}
    spec: {containers: [{name: cart, image: cart, ports: [{containerPort: 8080}]}]}
---
apiVersion: v1
kind: Service
metadata: {name: cart, namespace: shop}
spec: {selector: {app: cart}, ports: [{port: 80, targetPort: 8080}]}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: app, annotations: {istio-mtls.cdk8s.io/calls: "cart.shop:80"}}
spec:
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec: {containers: [{name: web, image: web}]}
`;

  test('--sidecar-hbone true: sidecars injected later take HBONE, so the ambient caller reaches the STRICT sidecar', async () => {
    const f = file('ambient.yaml', AMBIENT);
    const codes = async (...flags: string[]) => JSON.parse((await run(['analyze', f, '--format', 'json', ...flags])).stdout).findings.map((x: any) => x.code);
    expect(await codes()).toContain('IMT7001');
    expect(await codes('--sidecar-hbone', 'true')).not.toContain('IMT7001');
    expect(await codes('--sidecar-hbone', 'false')).toContain('IMT7001');
  });

  test('--sidecars-send-hbone takes true or false only', async () => {
    const r = await run(['analyze', file('ambient2.yaml', AMBIENT), '--sidecars-send-hbone', 'maybe']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/'--sidecars-send-hbone' must be 'true' or 'false'/);
  });
});
