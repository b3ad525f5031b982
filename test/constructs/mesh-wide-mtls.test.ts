import { Testing } from 'cdk8s';
import { ApiFlavor, IstioMtls, MeshWideMtls, MtlsMode } from '../../src';
import { captureWarnings, chart } from './_chart';

const warnings = captureWarnings();

describe('MeshWideMtls', () => {
  test('modern flavour emits one STRICT PeerAuthentication named default in istio-system', () => {
    const c = chart();
    new MeshWideMtls(c, 'mesh');
    expect(Testing.synth(c)).toEqual([{
      apiVersion: 'security.istio.io/v1', kind: 'PeerAuthentication',
      metadata: { name: 'default', namespace: 'istio-system' }, spec: { mtls: { mode: 'STRICT' } },
    }]);
  });

  test('v1beta1 flavour uses security.istio.io/v1beta1', () => {
    const c = chart(ApiFlavor.V1BETA1);
    new MeshWideMtls(c, 'mesh');
    expect(Testing.synth(c)[0].apiVersion).toBe('security.istio.io/v1beta1');
  });

  test('legacy flavour emits the seed MeshPolicy, the *.local rule and the kube-apiserver exemption', () => {
    const c = chart(ApiFlavor.LEGACY);
    new MeshWideMtls(c, 'mesh');
    const out = Testing.synth(c);
    expect(out[0]).toEqual({ apiVersion: 'authentication.istio.io/v1alpha1', kind: 'MeshPolicy', metadata: { name: 'default' }, spec: { peers: [{ mtls: {} }] } });
    expect(out[1]).toEqual({
      apiVersion: 'networking.istio.io/v1alpha3', kind: 'DestinationRule', metadata: { name: 'default', namespace: 'istio-system' },
      spec: { host: '*.local', trafficPolicy: { tls: { mode: 'ISTIO_MUTUAL' } } },
    });
    expect(out[2].spec).toEqual({ host: 'kubernetes.default.svc.cluster.local', trafficPolicy: { tls: { mode: 'DISABLE' } } });
    expect(out[2].metadata.annotations['istio-mtls.cdk8s.io/reason']).toMatch(/kube-apiserver/);
  });

  test('legacy PERMISSIVE and DISABLE map to mtls mode PERMISSIVE and to no peers', () => {
    const c = chart(ApiFlavor.LEGACY);
    new MeshWideMtls(c, 'mesh', { mode: MtlsMode.PERMISSIVE, meshDestinationRule: false });
    expect(Testing.synth(c)[0].spec).toEqual({ peers: [{ mtls: { mode: 'PERMISSIVE' } }] });
    const d = chart(ApiFlavor.LEGACY);
    new MeshWideMtls(d, 'mesh', { mode: MtlsMode.DISABLE, reason: 'test cluster', meshDestinationRule: false });
    expect(Testing.synth(d)[0].spec).toEqual({});
    expect(warnings()).toEqual([expect.stringMatching(/^Warning: \[test\/mesh\] IMT1010 MeshPolicy default accepts plaintext \(PERMISSIVE\)/)]);
  });

  test('modern flavour emits the *.local rule only when asked, with the exemption', () => {
    const c = chart();
    new MeshWideMtls(c, 'mesh', { meshDestinationRule: true });
    const out = Testing.synth(c);
    expect(out.map((o: any) => `${o.kind}/${o.metadata.name}`)).toEqual(['PeerAuthentication/default', 'DestinationRule/default', 'DestinationRule/api-server']);
    expect(out[1].apiVersion).toBe('networking.istio.io/v1');
  });

  test('fails synth with IMT5004 when the kube-apiserver exemption is switched off', () => {
    const c = chart(ApiFlavor.LEGACY);
    new MeshWideMtls(c, 'mesh', { kubeApiServerExemption: false });
    expect(() => Testing.synth(c)).toThrow(/\[test\/mesh\] IMT5004 .*kubernetes\.default\.svc\.cluster\.local/);
  });

  test('fails if DISABLE has no reason, naming the construct path and the prop', () => {
    expect(() => new MeshWideMtls(chart(), 'mesh', { mode: MtlsMode.DISABLE })).toThrow(/^\[test\/mesh\] 'mode' is DISABLE.*pass 'reason'/);
  });

  test('writes the DISABLE reason as an annotation', () => {
    const c = chart();
    new MeshWideMtls(c, 'mesh', { mode: MtlsMode.DISABLE, reason: 'lab cluster' });
    expect(Testing.synth(c)[0].metadata.annotations).toEqual({ 'istio-mtls.cdk8s.io/reason': 'lab cluster' });
  });

  test('fails if the mesh rule sends ISTIO_MUTUAL while the mesh is DISABLE', () => {
    expect(() => new MeshWideMtls(chart(), 'mesh', { mode: MtlsMode.DISABLE, reason: 'x', meshDestinationRule: true })).toThrow(/every call would fail/);
  });

  test('fails on UNSET in the legacy API, which has no such mode', () => {
    expect(() => new MeshWideMtls(chart(ApiFlavor.LEGACY), 'mesh', { mode: MtlsMode.UNSET })).toThrow(/UNSET has no meaning in the legacy API/);
  });

  test('honours a custom root namespace from the app settings', () => {
    const c = Testing.chart();
    IstioMtls.configure(c, { rootNamespace: 'mesh-root' });
    new MeshWideMtls(c, 'mesh');
    expect(Testing.synth(c)[0].metadata.namespace).toBe('mesh-root');
  });

  test('records its rootNamespace prop as the mesh setting, so the synth-time check finds the legacy *.local rule there (seed 1501)', () => {
    const c = Testing.chart();
    IstioMtls.configure(c, { printWarnings: false });
    new MeshWideMtls(c, 'mesh', { flavor: ApiFlavor.LEGACY, rootNamespace: 'istio-config' });
    expect(IstioMtls.settingsOf(c).rootNamespace).toBe('istio-config');
    expect(Testing.synth(c).filter((o: any) => o.kind === 'DestinationRule').map((o: any) => o.metadata.namespace)).toEqual(['istio-config', 'istio-config']);
  });

  test('fails when its rootNamespace differs from the mesh setting, pointing at IstioMtls.configure', () => {
    const c = Testing.chart();
    IstioMtls.configure(c, { rootNamespace: 'mesh-root' });
    expect(() => new MeshWideMtls(c, 'mesh', { rootNamespace: 'istio-config' }))
      .toThrow(/^\[test\/mesh\] 'rootNamespace' is "istio-config", but this mesh's rootNamespace is already "mesh-root".*IstioMtls\.configure\(scope, \{ rootNamespace: "istio-config" \}\)/);
  });

  test('with a custom clusterDomain, the mesh rule is *.<domain> (*.local covers no Service there) and the exemption names that domain', () => {
    const c = chart();
    new MeshWideMtls(c, 'mesh', { meshDestinationRule: true, clusterDomain: 'corp.internal' });
    expect(IstioMtls.settingsOf(c).clusterDomain).toBe('corp.internal');
    const drs = Testing.synth(c).filter((o: any) => o.kind === 'DestinationRule');
    expect(drs.map((o: any) => o.spec.host)).toEqual(['*.corp.internal', 'kubernetes.default.svc.corp.internal']);
    expect(() => new MeshWideMtls(Testing.chart(), 'bad', { clusterDomain: 'Corp_Internal' })).toThrow(/'clusterDomain' is "Corp_Internal"/);
  });

  test('legacy DISABLE does not ask for the *.local rule, and fails only when the rule is asked for explicitly', () => {
    const c = chart(ApiFlavor.LEGACY);
    const mesh = new MeshWideMtls(c, 'mesh', { mode: MtlsMode.DISABLE, reason: 'lab cluster' });
    expect(mesh.meshDestinationRule).toBeUndefined();
    expect(Testing.synth(c).map((o: any) => o.kind)).toEqual(['MeshPolicy']);
    expect(() => new MeshWideMtls(chart(ApiFlavor.LEGACY), 'm', { mode: MtlsMode.DISABLE, reason: 'x', meshDestinationRule: true })).toThrow(/every call would fail/);
  });
});
