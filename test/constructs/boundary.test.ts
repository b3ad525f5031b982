/**
 * The constructs' boundary for JavaScript callers, who have no type checker: props of the wrong type get the usual
 * `[path] 'prop' must be ... (got ...); fix: ...` message, never a raw TypeError or a silently wrong object.
 */
import { ClientTls, ClientTlsPolicy, MeshWideMtls, MtlsMode, NamespaceMtls } from '../../src';
import { captureWarnings, chart } from './_chart';

captureWarnings();

const cases: Array<[string, () => unknown, RegExp]> = [
  ['NamespaceMtls namespace 42', () => new NamespaceMtls(chart(), 'x', { namespace: 42 } as any), /^\[test\/x\] 'namespace' must be a string \(got 42\); fix: /],
  ['NamespaceMtls mode "strict"', () => new NamespaceMtls(chart(), 'x', { namespace: 'a', mode: 'strict' } as any), /^\[test\/x\] 'mode' must be one of MtlsMode\..* \(got "strict"\); fix: /],
  ['NamespaceMtls reason 1', () => new NamespaceMtls(chart(), 'x', { namespace: 'a', mode: MtlsMode.DISABLE, reason: 1 } as any), /^\[test\/x\] 'reason' must be a string \(got 1\); fix: /],
  ['NamespaceMtls flavor "v2"', () => new NamespaceMtls(chart(), 'x', { namespace: 'a', flavor: 'v2' } as any), /^\[test\/x\] 'flavor' must be one of ApiFlavor\..* \(got "v2"\); fix: /],
  ['MeshWideMtls mode true', () => new MeshWideMtls(chart(), 'x', { mode: true } as any), /^\[test\/x\] 'mode' must be one of MtlsMode\..* \(got true\); fix: /],
  ['MeshWideMtls rootNamespace 7', () => new MeshWideMtls(chart(), 'x', { rootNamespace: 7 } as any), /^\[test\/x\] 'rootNamespace' must be a string \(got 7\); fix: /],
  ['ClientTlsPolicy host 42', () => new ClientTlsPolicy(chart(), 'x', { host: 42 } as any), /^\[test\/x\] 'host' must be a string \(got 42\); fix: /],
  ['ClientTlsPolicy exportTo "*"', () => new ClientTlsPolicy(chart(), 'x', { host: 'a.b.svc.cluster.local', exportTo: '*' } as any), /^\[test\/x\] 'exportTo' must be an array of strings \(got "\*"\); fix: /],
  ['ClientTlsPolicy tls "ISTIO_MUTUAL"', () => new ClientTlsPolicy(chart(), 'x', { host: 'a.b.svc.cluster.local', tls: 'ISTIO_MUTUAL' } as any), /^\[test\/x\] 'tls' must be a ClientTls \(ClientTls\.istioMutual\(\), \.disable\(\), \.simple\(\{\.\.\.\}\) or \.mutual\(\{\.\.\.\}\)\) \(got "ISTIO_MUTUAL"\); fix: /],
  ['ClientTlsPolicy subset labels "app=web"', () => new ClientTlsPolicy(chart(), 'x', { host: 'a.b.svc.cluster.local', subsets: [{ name: 'v1', labels: 'app=web' }] } as any), /^\[test\/x\] 'subsets\[v1\]\.labels' must be an object of label keys to string values \(got "app=web"\); fix: /],
  ['ClientTlsPolicy addPortTls("80")', () => new ClientTlsPolicy(chart(), 'x', { host: 'a.b.svc.cluster.local' }).addPortTls('80' as any, ClientTls.istioMutual()), /^\[test\/x\] 'port' must be a number \(got "80"\); fix: /],
];

describe('construct boundary for JavaScript callers', () => {
  test.each(cases)('%s gets a [path] message with a fix, not a TypeError', (_, build, message) => {
    let error: unknown;
    try { build(); } catch (e) { error = e; }
    expect(error).toBeInstanceOf(Error);
    expect(error).not.toBeInstanceOf(TypeError);
    expect((error as Error).message).toMatch(message);
  });
});
