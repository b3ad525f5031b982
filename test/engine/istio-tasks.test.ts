/**
 * Ground truth from Istio's own tasks: the setups of istio.io tasks (and Istio samples) ported to
 * test/fixtures/istio-tasks/, with the results Istio recorded for them (the tasks' snips.sh outputs) or, where no
 * curl result is recorded, what Istio's docs or source say. Each row declares one call on its caller
 * (istio-mtls.cdk8s.io/calls) and asks analyze() whether that call fails.
 *
 * A row expects 'fail' exactly when analyze() reports an error of an IMT5xxx/IMT7xxx code whose message names both
 * the caller (`name.namespace` of the workload object) and the callee. Rows are never adjusted to what the engine
 * says: a row the engine gets wrong is a bug in the engine.
 */
import * as fs from 'fs';
import * as path from 'path';
import { analyze } from '../../src/engine/analyze';
import { status } from '../../src/engine/status';
import { K8sObject } from '../../src/engine/types';
import { CALLS_ANNOTATION } from '../../src/engine/vocabulary';
import { loadContent } from '../../src/input/load';

const DIR = path.join(__dirname, '..', 'fixtures', 'istio-tasks');

interface Row {
  readonly scenario: string;
  /** Fixture files (relative to test/fixtures/istio-tasks), applied in order. */
  readonly files: readonly string[];
  /** `caller.namespace -> host.namespace:port`, as the tasks print it (`sleep.legacy to httpbin.foo`). */
  readonly call: string;
  readonly expected: 'ok' | 'fail';
  /** Upstream path + snip name (a recorded result), or `istio source: ...` / `docs prose: ...` where nothing is recorded. */
  readonly source: string;
  /** Kind of the caller's workload object: Deployment (found by name), or Pod (found by label app, like `kubectl get pod -l app=sleep`). */
  readonly callerKind?: 'Deployment' | 'Pod';
}

const cache = new Map<string, K8sObject[]>();
function objectsOf(files: readonly string[]): K8sObject[] {
  return files.flatMap((f) => {
    let objs = cache.get(f);
    if (!objs) {
      objs = loadContent(fs.readFileSync(path.join(DIR, f), 'utf8'), f).map((s) => s.object as K8sObject);
      cache.set(f, objs);
    }
    return objs;
  });
}

/** Rows from a task's recorded output: `sleep.<from> to httpbin.<to>: <code>` lines (200 = ok, anything else = fail). */
function recorded(scenario: string, files: readonly string[], source: string, output: string, callerKind?: Row['callerKind']): Row[] {
  const rows: Row[] = [];
  for (const line of output.split('\n')) {
    const m = /^(\S+) to (\S+): (\d{3})$/.exec(line.trim());
    if (!m) continue;
    rows.push({ scenario, files, call: `${m[1]} -> ${m[2]}:8000`, expected: m[3] === '200' ? 'ok' : 'fail', source, callerKind });
  }
  if (rows.length === 0) throw new Error(`no recorded results in ${source}`);
  return rows;
}

// --- 1. authn-policy (istio.io content/en/docs/tasks/security/authentication/authn-policy/snips.sh @00f76de) -----------

const AP = 'istio.io content/en/docs/tasks/security/authentication/authn-policy/snips.sh';
const AP_OUT = {
  setup: `sleep.foo to httpbin.foo: 200
sleep.foo to httpbin.bar: 200
sleep.foo to httpbin.legacy: 200
sleep.bar to httpbin.foo: 200
sleep.bar to httpbin.bar: 200
sleep.bar to httpbin.legacy: 200
sleep.legacy to httpbin.foo: 200
sleep.legacy to httpbin.bar: 200
sleep.legacy to httpbin.legacy: 200`,
  mesh: `sleep.foo to httpbin.foo: 200
sleep.foo to httpbin.bar: 200
sleep.foo to httpbin.legacy: 200
sleep.bar to httpbin.foo: 200
sleep.bar to httpbin.bar: 200
sleep.bar to httpbin.legacy: 200
sleep.legacy to httpbin.foo: 000
command terminated with exit code 56
sleep.legacy to httpbin.bar: 000
command terminated with exit code 56
sleep.legacy to httpbin.legacy: 200`,
  namespace: `sleep.foo to httpbin.foo: 200
sleep.foo to httpbin.bar: 200
sleep.foo to httpbin.legacy: 200
sleep.bar to httpbin.foo: 200
sleep.bar to httpbin.bar: 200
sleep.bar to httpbin.legacy: 200
sleep.legacy to httpbin.foo: 000
command terminated with exit code 56
sleep.legacy to httpbin.bar: 200
sleep.legacy to httpbin.legacy: 200`,
  workload: `sleep.foo to httpbin.foo: 200
sleep.foo to httpbin.bar: 200
sleep.foo to httpbin.legacy: 200
sleep.bar to httpbin.foo: 200
sleep.bar to httpbin.bar: 200
sleep.bar to httpbin.legacy: 200
sleep.legacy to httpbin.foo: 000
command terminated with exit code 56
sleep.legacy to httpbin.bar: 000
command terminated with exit code 56
sleep.legacy to httpbin.legacy: 200`,
  port: `sleep.foo to httpbin.foo: 200
sleep.foo to httpbin.bar: 200
sleep.foo to httpbin.legacy: 200
sleep.bar to httpbin.foo: 200
sleep.bar to httpbin.bar: 200
sleep.bar to httpbin.legacy: 200
sleep.legacy to httpbin.foo: 000
command terminated with exit code 56
sleep.legacy to httpbin.bar: 200
sleep.legacy to httpbin.legacy: 200`,
};

/** The authn-policy steps on a given setup (kube-inject, label-injected, or a cluster export of Pods). */
function authnPolicyRows(scenario: string, base: string, callerKind?: Row['callerKind']): Row[] {
  const s = (f: string) => `authn-policy/${f}.yaml`;
  return [
    ...recorded(scenario, [base], `${AP} snip_setup_3_out`, AP_OUT.setup, callerKind),
    ...recorded(scenario, [base, s('mesh-strict')], `${AP} snip_globally_enabling_istio_mutual_tls_in_strict_mode_2_out`, AP_OUT.mesh, callerKind),
    ...recorded(scenario, [base, s('namespace-strict')], `${AP} snip_namespacewide_policy_2_out`, AP_OUT.namespace, callerKind),
    ...recorded(scenario, [base, s('namespace-strict'), s('workload-strict')], `${AP} snip_enable_mutual_tls_per_workload_2_out`, AP_OUT.workload, callerKind),
    ...recorded(scenario, [base, s('namespace-strict'), s('workload-port-disable')], `${AP} snip_enable_mutual_tls_per_workload_5_out`, AP_OUT.port, callerKind),
    {
      scenario, files: [base, s('namespace-strict'), s('workload-port-disable'), s('precedence')], call: 'sleep.legacy -> httpbin.foo:8000',
      expected: 'ok', source: `${AP} snip_policy_precedence_2_out (200)`, callerKind,
    },
  ];
}

// --- 2. mtls-migration (istio.io content/en/docs/tasks/security/authentication/mtls-migration/snips.sh @1144ff0) -------

const MM = 'istio.io content/en/docs/tasks/security/authentication/mtls-migration/snips.sh';
const MM_OUT = {
  setup: `sleep.foo to httpbin.foo: 200
sleep.foo to httpbin.bar: 200
sleep.bar to httpbin.foo: 200
sleep.bar to httpbin.bar: 200
sleep.legacy to httpbin.foo: 200
sleep.legacy to httpbin.bar: 200`,
  namespace: `sleep.foo to httpbin.foo: 200
sleep.foo to httpbin.bar: 200
sleep.bar to httpbin.foo: 200
sleep.bar to httpbin.bar: 200
sleep.legacy to httpbin.foo: 000
command terminated with exit code 56
sleep.legacy to httpbin.bar: 200`,
};

function mtlsMigrationRows(scenario: string, base: string): Row[] {
  const s = (f: string) => `mtls-migration/${f}.yaml`;
  // snip_lock_down_mutual_tls_for_the_entire_mesh_2 has no recorded output; index.md says: "Now, both the foo and bar
  // namespaces enforce mutual TLS only traffic, so you should see requests from sleep.legacy failing for both."
  const prose = 'docs prose: istio.io content/en/docs/tasks/security/authentication/mtls-migration/index.md "Lock down mutual TLS for the entire mesh" ("requests from sleep.legacy failing for both")';
  const mesh = [base, s('namespace-strict'), s('mesh-strict')];
  return [
    ...recorded(scenario, [base], `${MM} snip_set_up_the_cluster_3_out`, MM_OUT.setup),
    ...recorded(scenario, [base, s('namespace-strict')], `${MM} snip_lock_down_to_mutual_tls_by_namespace_2_out`, MM_OUT.namespace),
    { scenario, files: mesh, call: 'sleep.legacy -> httpbin.foo:8000', expected: 'fail', source: prose },
    { scenario, files: mesh, call: 'sleep.legacy -> httpbin.bar:8000', expected: 'fail', source: prose },
  ];
}

// --- 4. the v1alpha1 authn-policy task (istio.io authn-policy/index.md @f3e6069: MeshPolicy, Policy, DR *.local) -------

const LAP = 'istio.io content/en/docs/tasks/security/authentication/authn-policy/index.md @f3e6069 (v1alpha1)';
function legacyRows(): Row[] {
  const scenario = 'legacy authn-policy (v1alpha1, kube-inject)';
  const base = 'authn-policy/base.yaml';
  const s = (f: string) => `legacy-authn-policy/${f}.yaml`;
  const mesh = [base, s('meshpolicy')];
  const meshDr = [...mesh, s('dr-mesh-istio-mutual')];
  const ns = [base, s('namespace-policy')];
  const r = (files: string[], source: string, out: string) => recorded(scenario, files, `${LAP} ${source}`, out);
  return [
    ...r(mesh, '"Globally enabling Istio mutual TLS" (MeshPolicy only: "all requests will fail with a 503")', `sleep.foo to httpbin.foo: 503
sleep.foo to httpbin.bar: 503
sleep.bar to httpbin.foo: 503
sleep.bar to httpbin.bar: 503`),
    ...r(meshDr, '"Globally enabling Istio mutual TLS" (with DestinationRule *.local ISTIO_MUTUAL)', `sleep.foo to httpbin.foo: 200
sleep.foo to httpbin.bar: 200
sleep.bar to httpbin.foo: 200
sleep.bar to httpbin.bar: 200`),
    ...r(meshDr, '"Request from non-Istio services to Istio services"', `sleep.legacy to httpbin.foo: 000
sleep.legacy to httpbin.bar: 000`),
    ...r(meshDr, '"Request from Istio services to non-Istio services"', `sleep.foo to httpbin.legacy: 503
sleep.bar to httpbin.legacy: 503`),
    ...r([...meshDr, s('dr-httpbin-legacy-disable')], '"Request from Istio services to non-Istio services" (after DestinationRule httpbin-legacy DISABLE)', `sleep.foo to httpbin.legacy: 200
sleep.bar to httpbin.legacy: 200`),
    { scenario, files: meshDr, call: 'sleep.foo -> kubernetes.default:443', expected: 'fail', source: `${LAP} "Request from Istio services to Kubernetes API server" (000, exit code 35)` },
    { scenario, files: [...meshDr, s('dr-api-server-disable')], call: 'sleep.foo -> kubernetes.default:443', expected: 'ok', source: `${LAP} "Request from Istio services to Kubernetes API server" (200 after DestinationRule api-server DISABLE)` },
    ...r(ns, '"Namespace-wide policy"', AP_OUT.namespace),
    { scenario, files: [...ns, s('service-policy')], call: 'sleep.legacy -> httpbin.bar:8000', expected: 'fail', source: `${LAP} "Service-specific policy" (000, exit code 56)` },
    { scenario, files: [...ns, s('service-port-policy')], call: 'sleep.legacy -> httpbin.bar:8000', expected: 'ok', source: `${LAP} "Service-specific policy", port 1234 edit (200)` },
    { scenario, files: [...ns, s('service-port-policy'), s('precedence')], call: 'sleep.legacy -> httpbin.foo:8000', expected: 'ok', source: `${LAP} "Policy precedence" (200)` },
  ];
}

// --- 5. Bookinfo under mesh-wide STRICT, with either DestinationRule file ---------------------------------------------

function bookinfoRows(): Row[] {
  const scenario = 'bookinfo (label-injected, mesh STRICT)';
  const calls = ['productpage-v1.default -> details.default:9080', 'productpage-v1.default -> reviews.default:9080',
    'reviews-v2.default -> ratings.default:9080', 'reviews-v3.default -> ratings.default:9080'];
  const mtls = 'docs prose: istio.io content/en/docs/examples/bookinfo/index.md "Apply default destination rules" (destination-rule-all-mtls.yaml "if you enabled mutual TLS"; ISTIO_MUTUAL toward STRICT sidecars)';
  const plain = 'istio source: pilot/pkg/networking/core/cluster_tls.go buildAutoMtlsSettings (istio@86c9f01): a DestinationRule without tls leaves the choice to auto mTLS, which sends mTLS to sidecar endpoints';
  return [
    ...calls.map((call): Row => ({ scenario, files: ['bookinfo/base.yaml', 'bookinfo/destination-rule-all-mtls.yaml'], call, expected: 'ok', source: mtls })),
    ...calls.map((call): Row => ({ scenario, files: ['bookinfo/base.yaml', 'bookinfo/destination-rule-all.yaml'], call, expected: 'ok', source: plain })),
  ];
}

// --- 7. Ambient -----------------------------------------------------------------------------------------------------

function ambientRows(): Row[] {
  const scenario = 'ambient (namespaces ambient, sidecar, nomesh)';
  const base = 'ambient/base.yaml';
  const AW = 'docs prose: istio.io content/en/docs/ambient/usage/add-workloads/index.md @06e6aee';
  const tunnel = 'istio source: pilot/pkg/serviceregistry/ambient/workloads.go setTunnelProtocol (istio@86c9f01): a pod gets TunnelProtocol HBONE only with the ambient redirection annotation or the networking.istio.io/tunnel=http label; LEGACY_ISTIO_MTLS needs EnableMtlsTransportProtocol, which pilot/pkg/bootstrap/servicecontroller.go leaves off, so ztunnel sends plaintext to a sidecar pod without the tunnel label';
  return [
    { scenario, files: [base], call: 'curl.nomesh -> httpbin.ambient:8000', expected: 'ok',
      source: 'istio source: pilot/pkg/serviceregistry/ambient/authorization.go convertedSelectorPeerAuthentications/convertPeerAuthentication (istio@86c9f01): without a STRICT PeerAuthentication ztunnel gets no STRICT policy and accepts plaintext' },
    { scenario, files: [base, 'ambient/ambient-strict.yaml'], call: 'curl.nomesh -> httpbin.ambient:8000', expected: 'fail',
      source: `${AW} "Pods outside the mesh" ("STRICT, in the ambient namespace will cause traffic from outside the mesh to be denied")` },
    { scenario, files: [base, 'ambient/ambient-strict.yaml'], call: 'curl.ambient -> httpbin.ambient:8000', expected: 'ok',
      source: 'istio source: pilot/pkg/serviceregistry/ambient/workloads.go setTunnelProtocol (istio@86c9f01): ambient pods (redirection annotation) are HBONE destinations, so the source ztunnel sends mTLS (HBONE); docs: content/en/docs/ambient/usage/verify-mtls-enabled/index.md (PROTOCOL HBONE, connection_security_policy mutual_tls)' },
    { scenario, files: [base, 'ambient/ambient-strict.yaml'], call: 'curl.sidecar -> httpbin.ambient:8000', expected: 'ok',
      source: `${AW} "Pods inside the mesh in sidecar mode" ("STRICT will allow traffic from a pod with an Istio sidecar proxy"); istio source: pilot/pkg/features/ambient.go PILOT_ENABLE_SENDING_HBONE (default true with ambient), pilot/pkg/networking/core/cluster.go` },
    { scenario, files: [base, 'ambient/sidecar-strict.yaml'], call: 'curl.ambient -> httpbin.sidecar:8000', expected: 'fail',
      source: `${tunnel}; the STRICT sidecar refuses plaintext` },
    { scenario, files: [base, 'ambient/sidecar-permissive.yaml'], call: 'curl.ambient -> httpbin.sidecar:8000', expected: 'ok',
      source: `${tunnel}; a PERMISSIVE sidecar accepts plaintext` },
  ];
}

const ROWS: Row[] = [
  ...authnPolicyRows('authn-policy (kube-inject)', 'authn-policy/base.yaml'),
  ...authnPolicyRows('authn-policy (label-injected)', 'label-injected/authn-policy-base.yaml'),
  ...authnPolicyRows('authn-policy (cluster export of Pods)', 'cluster-export/cluster.yaml', 'Pod'),
  ...mtlsMigrationRows('mtls-migration (kube-inject, native sidecar)', 'mtls-migration/base.yaml'),
  ...mtlsMigrationRows('mtls-migration (label-injected)', 'label-injected/mtls-migration-base.yaml'),
  ...legacyRows(),
  ...bookinfoRows(),
  ...ambientRows(),
];

/** The caller's workload object in a deep copy of the objects, with the calls annotation set to just this call. */
function withCall(objects: readonly K8sObject[], row: Row): { objects: K8sObject[]; caller: string; callee: string } {
  const m = /^([^.\s]+)\.(\S+) -> ([^:\s]+)(?::(\d+))?$/.exec(row.call);
  if (!m) throw new Error(`bad call ${row.call}`);
  const [, name, namespace, callee, port] = m;
  const out = JSON.parse(JSON.stringify(objects)) as K8sObject[];
  const kind = row.callerKind ?? 'Deployment';
  const target = out.find((o) => o.kind === kind && o.metadata?.namespace === namespace
    && (kind === 'Pod' ? o.metadata?.labels?.app === name : o.metadata?.name === name));
  if (!target) throw new Error(`no ${kind} ${name} in namespace ${namespace} in ${row.files.join(', ')}`);
  target.metadata.annotations = { ...(target.metadata.annotations ?? {}), [CALLS_ANNOTATION]: port ? `${callee}:${port}` : callee };
  return { objects: out, caller: `${target.metadata.name}.${namespace}`, callee };
}

const esc = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function fails(row: Row): { failed: boolean; findings: string[] } {
  const { objects, caller, callee } = withCall(objectsOf(row.files), row);
  const findings = analyze(objects);
  const re = new RegExp(`\\bcall ${esc(caller)}(?: |$)[\\s\\S]*-> ${esc(callee)}[.:]`);
  const hits = findings.filter((f) => f.severity === 'error' && /^IMT[57]\d{3}$/.test(f.code) && re.test(f.message));
  return { failed: hits.length > 0, findings: hits.map((f) => `${f.code} ${f.message}`) };
}

describe('Istio task setups: recorded results', () => {
  for (const row of ROWS) {
    const step = row.files.slice(1).map((f) => path.basename(f, '.yaml')).join(' + ') || 'setup';
    test(`${row.scenario} [${step}]: ${row.call} is ${row.expected}`, () => {
      const { failed, findings } = fails(row);
      // The source is part of the compared record so that a failure shows where the expectation comes from.
      expect({ call: row.call, source: row.source, verdict: failed ? 'fail' : 'ok', findings })
        .toEqual(expect.objectContaining({ call: row.call, source: row.source, verdict: row.expected }));
    });
  }
});

describe('Istio task setups: status() of injected servers', () => {
  const rowOf = (files: string[], host: string, port: number) => status(objectsOf(files)).find((r) => r.host === host && r.port === port);

  test('kube-injected httpbin.foo (classic istio-proxy container) under mesh STRICT: server STRICT, not "no sidecar"', () => {
    const r = rowOf(['authn-policy/base.yaml', 'authn-policy/mesh-strict.yaml'], 'httpbin.foo.svc.cluster.local', 8000);
    expect(r).toBeDefined();
    expect({ server: r!.server, note: r!.note ?? '' }).toEqual({ server: 'STRICT', note: expect.not.stringContaining('no sidecar') });
  });

  test('kube-injected httpbin.bar (native istio-proxy init container) under namespace STRICT on foo: server PERMISSIVE, not "no sidecar"', () => {
    const r = rowOf(['mtls-migration/base.yaml', 'mtls-migration/namespace-strict.yaml'], 'httpbin.bar.svc.cluster.local', 8000);
    expect(r).toBeDefined();
    expect({ server: r!.server, note: r!.note ?? '' }).toEqual({ server: 'PERMISSIVE', note: expect.not.stringContaining('no sidecar') });
  });

  test('cluster export: injected Pod behind httpbin.foo under mesh STRICT: server STRICT, not "no sidecar"', () => {
    const r = rowOf(['cluster-export/cluster.yaml', 'authn-policy/mesh-strict.yaml'], 'httpbin.foo.svc.cluster.local', 8000);
    expect(r).toBeDefined();
    expect({ server: r!.server, note: r!.note ?? '' }).toEqual({ server: 'STRICT', note: expect.not.stringContaining('no sidecar') });
  });

  test('control: label-injected httpbin.foo under mesh STRICT: server STRICT, not "no sidecar"', () => {
    const r = rowOf(['label-injected/authn-policy-base.yaml', 'authn-policy/mesh-strict.yaml'], 'httpbin.foo.svc.cluster.local', 8000);
    expect(r).toBeDefined();
    expect({ server: r!.server, note: r!.note ?? '' }).toEqual({ server: 'STRICT', note: expect.not.stringContaining('no sidecar') });
  });
});
