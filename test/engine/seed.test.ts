/**
 * The seed scenario at engine level (test/fixtures/seed/): Istio <= 1.5, namespaces test1 and test2 with sidecars,
 * test3 without; MeshPolicy STRICT + the mesh-wide '*.local' ISTIO_MUTUAL DestinationRule; the seed's three fixes.
 */
import { CALLS_ANNOTATION } from '../../src/engine/model';
import { K8sObject, Severity, analyze } from '../../src/engine';
import { flat, loadFixtures, withAnnotation } from './_fixtures';

const TOPOLOGY = loadFixtures('seed/topology.yaml');
const MESH = loadFixtures('seed/mesh-policy-legacy.yaml');
const API_SERVER = loadFixtures('seed/api-server-exemption.yaml');
const TEST3_DISABLE = loadFixtures('seed/httpbin-test3-disable.yaml');
const TEST1_PERMISSIVE = loadFixtures('seed/httpbin-test1-permissive.yaml');

const codes = (objects: K8sObject[], code: string) => analyze(objects).filter((f) => f.code === code).map(flat);
const declare = (objects: K8sObject[], ns: string, name: string, calls: string) => withAnnotation(objects, 'Deployment', ns, name, CALLS_ANNOTATION, calls);

describe('seed: sidecar clients calling httpbin.test3 (no sidecar) under the mesh ISTIO_MUTUAL rule', () => {
  const declared = declare([...TOPOLOGY, ...MESH, ...API_SERVER], 'test1', 'sleep', 'httpbin.test3:8000');

  test('a declared call from sleep.test1 is an IMT5002 error on the *.local DestinationRule', () => {
    expect(codes(declared, 'IMT5002')).toContainEqual({
      code: 'IMT5002', severity: Severity.ERROR, resource: 'DestinationRule istio-system/default', field: 'spec.trafficPolicy.tls',
      message: expect.stringContaining('declared call sleep.test1 -> httpbin.test3.svc.cluster.local:8000: DestinationRule istio-system/default sends ISTIO_MUTUAL but httpbin.test3 has no sidecar on port 80'),
    });
  });

  // The seed: "the request fails" — whoever calls httpbin.test3 through the mesh rule fails, declared or not: a
  // call-independent contradiction (issue: certain breakage is an error).
  test('without declared calls the same failure is an IMT5002 error for every sidecar client', () => {
    expect(codes([...TOPOLOGY, ...MESH, ...API_SERVER], 'IMT5002')).toEqual([expect.objectContaining({
      severity: Severity.ERROR, resource: 'DestinationRule istio-system/default',
      message: expect.stringContaining('every call from sidecar clients -> httpbin.test3.svc.cluster.local:8000'),
    })]);
  });

  test("the seed's DISABLE DestinationRule for httpbin.test3 clears IMT5002, declared or not", () => {
    expect(codes([...declared, ...TEST3_DISABLE], 'IMT5002')).toEqual([]);
    expect(codes([...TOPOLOGY, ...MESH, ...API_SERVER, ...TEST3_DISABLE], 'IMT5002')).toEqual([]);
  });
});

describe('seed: sleep.test3 (no sidecar) calling httpbin.test1 under MeshPolicy STRICT', () => {
  const base = [...TOPOLOGY, ...MESH, ...API_SERVER, ...TEST3_DISABLE];
  const declared = declare(base, 'test3', 'sleep', 'httpbin.test1:8000');

  test('a declared call is an IMT5001 error on the MeshPolicy that makes port 80 STRICT', () => {
    expect(codes(declared, 'IMT5001')).toEqual([{
      code: 'IMT5001', severity: Severity.ERROR, resource: 'MeshPolicy default', field: 'spec.peers',
      message: expect.stringContaining('declared call sleep.test3 (no sidecar) -> httpbin.test1.svc.cluster.local:8000: the server is STRICT on port 80 (decided by MeshPolicy default)'),
    }]);
  });

  test('undeclared, it is an IMT5001 warning naming the callers without a sidecar', () => {
    expect(codes(base, 'IMT5001')).toContainEqual({
      code: 'IMT5001', severity: Severity.WARNING, resource: 'MeshPolicy default', field: 'spec.peers',
      message: expect.stringContaining('possible call workloads without a sidecar (httpbin.test3, sleep.test3) -> httpbin.test1.svc.cluster.local:8000'),
    });
  });

  test("the seed's PERMISSIVE Policy for httpbin.test1 clears the declared error", () => {
    expect(codes([...declared, ...TEST1_PERMISSIVE], 'IMT5001')).toEqual([]);
  });

  test("the seed's PERMISSIVE Policy clears the possible call to httpbin.test1 but not to httpbin.test2, which stays STRICT", () => {
    const left = codes([...base, ...TEST1_PERMISSIVE], 'IMT5001');
    expect(left.map((f) => f.message)).not.toContainEqual(expect.stringContaining('httpbin.test1'));
    expect(left).toEqual([expect.objectContaining({ severity: Severity.WARNING, message: expect.stringContaining('-> httpbin.test2.svc.cluster.local:8000') })]);
  });
});

describe('seed: the kube-apiserver exemption', () => {
  test('the mesh *.local ISTIO_MUTUAL rule without the exemption is an IMT5004 error', () => {
    expect(codes([...TOPOLOGY, ...MESH], 'IMT5004')).toEqual([{
      code: 'IMT5004', severity: Severity.ERROR, resource: 'DestinationRule istio-system/default', field: 'spec.trafficPolicy.tls',
      message: expect.stringContaining('(host "*.local") makes sidecars send ISTIO_MUTUAL to the kube-apiserver (kubernetes.default.svc.cluster.local)'),
    }]);
  });

  test('api-server-exemption.yaml clears IMT5004', () => {
    expect(codes([...TOPOLOGY, ...MESH, ...API_SERVER], 'IMT5004')).toEqual([]);
  });
});

describe('seed: the whole fixed scenario', () => {
  test('with all three fixes, no error remains; what is left is the deprecation note, PERMISSIVE, and test2 reachable only with mTLS', () => {
    const findings = analyze([...TOPOLOGY, ...MESH, ...API_SERVER, ...TEST3_DISABLE, ...TEST1_PERMISSIVE]).map(flat);
    expect(findings.filter((f) => f.severity === Severity.ERROR)).toEqual([]);
    expect(findings.map((f) => `${f.code} ${f.severity} ${f.resource}`).sort()).toEqual([
      'IMT1010 warning Policy test1/httpbin',
      'IMT3003 info MeshPolicy default',
      'IMT3003 info Policy test1/httpbin',
      'IMT5001 warning MeshPolicy default',
    ]);
  });

  test('legacy input turns auto mTLS off, so the *.local rule is what makes sidecars send mTLS', () => {
    // Without the *.local rule the MeshPolicy alone makes every call from a sidecar plaintext: IMT5008.
    const withoutDr = [...TOPOLOGY, ...MESH.filter((o) => o.kind !== 'DestinationRule')];
    expect(codes(withoutDr, 'IMT5008')).toContainEqual(expect.objectContaining({ severity: Severity.ERROR, resource: 'MeshPolicy default', message: expect.stringContaining('auto mTLS is off') }));
    expect(codes([...TOPOLOGY, ...MESH], 'IMT5008')).toEqual([]);
  });
});
