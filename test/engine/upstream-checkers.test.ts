/**
 * Upstream checkers: the test suites of istioctl 1.5's mTLS analyzer and of Kiali's mTLS checkers, ported case by
 * case, run through `analyze()` with no declared calls (these upstream checks look at objects, not at traffic).
 *
 * Each row names its upstream test case, the fixture(s) holding the objects that case builds (each fixture's header
 * names the upstream repository, path, commit and case), what upstream reports and what we report. `ours` lists every
 * finding of the compared codes (the traffic series IMT5xxx and IMT7xxx, and IMT2013, Kiali's KIA0201), each once per
 * code, severity and resource; field-level findings on the same objects (IMT1xxx, IMT2xxx, IMT3xxx) are other
 * suites' business. A row whose verdict deliberately differs from upstream says why in `reason`; rows without a
 * reason agree with upstream.
 *
 * Sources:
 * - istio/istio tag 1.5.0 (c3c353285578eb68b334fc8766746b754b6b3789): galley/pkg/config/analysis/analyzers/auth/mtls.go
 *   and analyzers_test.go testGrid (IST0113 MTLSPolicyConflict, IST0115 DestinationRuleUsesMTLSForWorkloadWithoutSidecar),
 *   testdata/mtls-*.yaml. The analyzer test harness runs without auto mTLS unless a mesh config enables it.
 * - kiali/kiali d733a096e02eea357a274edcbbde8314e80786f4: business/checkers/{destinationrules,peerauthentications}/*_test.go,
 *   tests/data/validations/, codes and severities from models/istio_validation.go. Kiali's MTLSDetails.EnabledAutoMtls
 *   is false unless a test sets it.
 */
import { AnalyzeOptions, analyze } from '../../src/engine';
import { flat, loadFixtures } from './_fixtures';

type Sev = 'error' | 'warning' | 'info';

export interface Expected {
  readonly code: string;
  readonly severity: Sev;
  /** `Kind ns/name` or `Kind name`. */
  readonly resource?: string;
}

export interface UpstreamRow {
  /** Upstream repository, test file and case, e.g. `kiali business/checkers/... TestXxx`. */
  readonly source: string;
  /** Fixtures, relative to test/fixtures. */
  readonly files: readonly string[];
  readonly upstream: Expected | readonly Expected[] | 'valid';
  readonly ours: Expected | readonly Expected[] | 'none';
  /** Why our verdict deliberately differs from upstream's. */
  readonly reason?: string;
  readonly options?: AnalyzeOptions;
  /** Message fragments no compared finding may contain (e.g. a port that must not be reported). */
  readonly absent?: readonly RegExp[];
}

const COMPARED = /^IMT(5\d{3}|7\d{3}|2013)$/;
const list = (e: Expected | readonly Expected[] | 'none' | 'valid'): readonly Expected[] => (e === 'none' || e === 'valid' ? [] : Array.isArray(e) ? (e as readonly Expected[]) : [e as Expected]);
const key = (e: Expected) => `${e.code} ${e.severity} ${e.resource ?? ''}`.trim();

const err = (code: string, resource?: string): Expected => ({ code, severity: 'error', resource });
const warn = (code: string, resource?: string): Expected => ({ code, severity: 'warning', resource });
const info = (code: string, resource?: string): Expected => ({ code, severity: 'info', resource });
const DR = (ns: string, name: string) => `DestinationRule ${ns}/${name}`;
const PA = (ns: string, name: string) => `PeerAuthentication ${ns}/${name}`;
const OFF: AnalyzeOptions = { autoMtls: false };
const ON: AnalyzeOptions = { autoMtls: true };

/** IMT5004: a `*.local` ISTIO_MUTUAL rule also covers kubernetes.default, which has no sidecar. */
const apiServer = (resource: string) => err('IMT5004', resource);
const API =
  'the *.local ISTIO_MUTUAL rule also covers the kube-apiserver (kubernetes.default), which has no sidecar: pods calling the API server through their sidecar fail (IMT5004; istio 1.4\'s global mTLS task adds a DISABLE rule for it); the upstream check does not look at it';
const PERMISSIVE_OK =
  'with no policy the server mode is PERMISSIVE (PeerAuthentication semantics, Istio >= 1.5), which accepts Istio mTLS: nothing fails for want of a policy';
const NOT_ROOT = (ns: string) =>
  `the *.local rule lives in namespace ${ns}, not the root namespace: Istio applies a DestinationRule to clients of its own namespace and to services of its namespace (then the root namespace's), so sidecars elsewhere send plaintext to the STRICT mesh (IMT5008); Kiali counts a *.local rule in any namespace as mesh-wide`;
const ONLY_DR_CHECKER =
  'the same objects trip Kiali\'s KIA0401 (peerauthentications MeshMtlsChecker: a mesh-wide STRICT policy, auto mTLS off, no mesh-wide ISTIO_MUTUAL rule); this upstream test runs only the DestinationRule checker';
const ON_DR =
  'we report on the DestinationRules that send ISTIO_MUTUAL to the DISABLE server (the objects to change), Kiali on the PeerAuthentication';
const HOST_RULES =
  'Kiali compares the DISABLE policy only with mesh- and namespace-wide (*.local, *.<ns>.svc...) rules; a host rule that sends ISTIO_MUTUAL to the DISABLE server fails as well (IMT5006)';
const MOST_SPECIFIC =
  'Istio picks the most specific host for a service (an exact host over *.<ns>.svc..., over *): rules for different host strings never merge, so nothing is lost';

const I15 = 'istio/istio@1.5.0 galley/pkg/config/analysis/analyzers/analyzers_test.go';
const i15 = (f: string) => `upstream/istio-1.5-mtls/${f}.yaml`;
const MTLS_CONFLICT = 'IST0113';

const ISTIO_ROWS: UpstreamRow[] = [
  {
    source: `${I15} mtlsAnalyzerAutoMtlsSkips`, files: [i15('mtls-global-dr-no-meshpolicy')], options: ON,
    upstream: 'valid', ours: apiServer(DR('istio-system', 'default')),
    reason: `an explicit tls block is used as written with auto mTLS too, and the 1.5 analyzer bailed out under auto mTLS; ${API}`,
  },
  {
    source: `${I15} mtlsAnalyzerGlobalDestinationRuleNoMeshPolicy`, files: [i15('mtls-global-dr-no-meshpolicy')], options: OFF,
    upstream: err(MTLS_CONFLICT, DR('istio-system', 'default')), ours: apiServer(DR('istio-system', 'default')),
    reason: `upstream's conflict is v1alpha1's default (no MeshPolicy: servers take plaintext only), and nothing in the input is v1alpha1; ${PERMISSIVE_OK}. The same rule is an error for another reason: ${API}`,
  },
  {
    source: `${I15} mtlsAnalyzerIgnoresIstioControlPlane`, files: [i15('mtls-ignores-istio-control-plane')], options: OFF,
    upstream: 'valid', ours: [apiServer(DR('istio-system', 'default')), err('IMT5007', DR('istio-system', 'istio-telemetry'))],
    reason: `we do not exempt the 1.5 control plane (mixer's istio-telemetry, whose mTLS followed controlPlaneSecurityEnabled, which no longer exists): istio-telemetry's pod has a sidecar under the STRICT MeshPolicy, and its rule without tls replaces the *.local ISTIO_MUTUAL rule with auto mTLS off, so sidecar clients send plaintext (IMT5007); ${API}`,
  },
  {
    source: `${I15} mtlsAnalyzerIgnoresSystemNamespaces`, files: [i15('mtls-ignores-system-namespaces')], options: OFF,
    upstream: 'valid', ours: [apiServer(DR('istio-system', 'default')), err('IMT5002', DR('istio-system', 'default'))],
    reason: `kube-system is never injected, so kube-dns has no sidecar, and the *.local ISTIO_MUTUAL rule makes sidecar clients send Istio mTLS to its TCP port 53 (dns-tcp; the UDP port is not proxied), which fails (IMT5002); istioctl 1.5 skipped system namespaces. ${API}`,
  },
  {
    source: `${I15} mtlsAnalyzerNoDestinationRule`, files: [i15('mtls-no-dr')], options: OFF,
    upstream: err(MTLS_CONFLICT, 'Policy missing-dr/default'), ours: err('IMT5008', 'Policy missing-dr/default'),
  },
  {
    source: `${I15} mtlsAnalyzerNoPolicy`, files: [i15('mtls-no-policy')], options: OFF,
    upstream: err(MTLS_CONFLICT, DR('no-policy', 'no-policy-service-dr')), ours: 'none',
    reason: `upstream's conflict is v1alpha1's default (no policy: plaintext only); ${PERMISSIVE_OK}`,
  },
  {
    source: `${I15} mtlsAnalyzerNoSidecar`, files: [i15('mtls-no-sidecar')], options: OFF,
    upstream: err('IST0115', DR('istio-system', 'default')),
    ours: [apiServer(DR('istio-system', 'default')), info('IMT7007', 'Pod no-sidecar/missing-sidecar-service-pod')],
    reason: `we report IMT7007 info instead of IMT5002 because the Namespace no-sidecar is not in the input: Pod manifests without an istio-proxy container may still be injected when created (upstream reads them as cluster state). ${API}`,
  },
  {
    source: `${I15} mtlsAnalyzerWithExports`, files: [i15('mtls-exports')], options: OFF,
    upstream: err(MTLS_CONFLICT, 'Policy primary/default'), ours: err('IMT5008', 'Policy primary/default'),
  },
  {
    source: `${I15} mtlsAnalyzerWithMeshPolicy`, files: [i15('mtls-meshpolicy')], options: OFF,
    upstream: err(MTLS_CONFLICT, 'MeshPolicy default'), ours: err('IMT5008', 'MeshPolicy default'),
  },
  {
    source: `${I15} mtlsAnalyzerWithPermissiveMeshPolicy`, files: [i15('mtls-meshpolicy-permissive')], options: OFF,
    upstream: 'valid', ours: 'none',
  },
  {
    source: `${I15} mtlsAnalyzerWithPort`, files: [i15('mtls-with-port')], options: OFF,
    upstream: [err(MTLS_CONFLICT, DR('my-namespace', 'default')), err(MTLS_CONFLICT, 'Policy my-namespace/default')],
    ours: err('IMT5007', DR('my-namespace', 'default')), absent: [/:8082\b/],
    reason: 'one finding, on the DestinationRule to change (port 8081 has no tls); upstream names both objects. Port 8082 is UDP, which sidecars do not proxy, so it is not reported',
  },
];

const KIALI = 'kiali business/checkers/';
const k = (dir: string, name: string) => `upstream/kiali/${dir}/${name}.yaml`;

function rows(dir: string, testFile: string, defaults: Partial<UpstreamRow>, cases: Array<[string, Omit<UpstreamRow, 'source' | 'files'> & { file?: string }]>): UpstreamRow[] {
  return cases.map(([name, r]) => ({ ...defaults, ...r, source: `${KIALI}${testFile} ${name}`, files: [k(dir, r.file ?? name)] }));
}

const KIA0208 = (r: string) => err('KIA0208', r);
const KIA0207 = (r: string) => err('KIA0207', r);

/** destinationrules/disabled_namespacewide_mtls_checker_test.go runs every case with EnabledAutoMtls false and true. */
type Case = Omit<UpstreamRow, 'source' | 'files'>;
function bothAutoMtls(cases: Array<[string, Case] | [string, Case, Partial<Case>]>): UpstreamRow[] {
  const dir = 'destinationrules/disabled_namespacewide_mtls_checker';
  return cases.flatMap(([name, r, off]) => [false, true].map((auto) => ({
    ...r, ...(auto ? {} : off ?? {}), options: { autoMtls: auto }, source: `${KIALI}${dir}_test.go ${name} (EnabledAutoMtls ${auto})`, files: [k(dir, name)],
  })));
}

const DRNS = DR('bookinfo', 'disable-mtls');

const KIALI_ROWS: UpstreamRow[] = [
  // KIA0208: destinationrules.mtls.meshpolicymtlsenabled (DisabledMeshWideMTLSChecker)
  // (the checker does not read auto mTLS; the rows run with our default, auto mTLS on)
  ...rows('destinationrules/disabled_meshwide_mtls_checker', 'destinationrules/disabled_meshwide_mtls_checker_test.go', {}, [
    ['TestDestRuleDisabledPeerAuthnDisabled', { upstream: 'valid', ours: 'none' }],
    ['TestDestRuleDisabledPeerAuthnPermissive', { upstream: 'valid', ours: 'none' }],
    ['TestDestRuleDisabledNoPeerAuthn', { upstream: 'valid', ours: 'none' }],
    ['TestDestRuleDisabledPeerAuthnEnabled', { upstream: KIA0208(DR('bookinfo', 'disable-mesh-mtls')), ours: err('IMT5005', DR('bookinfo', 'disable-mesh-mtls')) }],
  ]),

  // KIA0207 / KIA0208 (DisabledNamespaceWideMTLSChecker)
  ...bothAutoMtls([
    ['TestDRNSWideDisablingTLSPolicyPermissive', { upstream: 'valid', ours: 'none' }],
    ['TestDRNSWideDisablingTLSPolicyDisable', { upstream: 'valid', ours: 'none' }],
    ['TestDRNSWideDisablingTLSPolicyPermissiveMeshStrict', { upstream: 'valid', ours: 'none' }, { ours: err('IMT5008', PA('istio-system', 'default')), reason: `with auto mTLS off and no ISTIO_MUTUAL rule, every namespace but bookinfo is STRICT toward plaintext sidecars. ${ONLY_DR_CHECKER}` }],
    ['TestDRNSWideDisablingTLSPolicyStrict', { upstream: KIA0207(DRNS), ours: err('IMT5005', DRNS) }],
    // We differ on purpose: a mesh-wide STRICT policy says nothing about whether bookinfo's pods have sidecars (the
    // Namespace is not in the input). Without sidecars, DISABLE toward them is the right rule (the seed's httpbin.test3
    // fix), so the rule is reported only when the Namespace says it is injected, or bookinfo's own policy is STRICT.
    ['TestDRNSWideDisablingTLSMeshPolicyStrict', { upstream: KIA0208(DRNS), ours: 'none', reason: 'a mesh-wide STRICT policy does not say bookinfo has sidecars; DISABLE is right for a namespace without them' }, { ours: [err('IMT5008', PA('istio-system', 'default'))], reason: `a mesh-wide STRICT policy does not say bookinfo has sidecars; with auto mTLS off and no ISTIO_MUTUAL rule, the other namespaces fail. ${ONLY_DR_CHECKER}` }],
    ['TestDRNSWideDisablingTLSMeshPolicyPermissive', { upstream: 'valid', ours: 'none' }],
    ['TestDRNSWideDisablingTLSWithoutPolicy', { upstream: 'valid', ours: 'none' }],
    ['TestDRNonTLSRelated', { upstream: 'valid', ours: 'none' }],
    ['TestMtlsStrictNsDisable', { upstream: 'valid', ours: apiServer(DR('istio-system', 'dr-mtls')), reason: API }],
  ]),

  // KIA0205: destinationrules.mtls.meshpolicymissing (MeshWideMTLSChecker)
  ...rows('destinationrules/meshwide_mtls_checker', 'destinationrules/meshwide_mtls_checker_test.go', { options: OFF }, [
    ['TestMTLSMeshWideDREnabledWithNoMeshPolicy', { upstream: err('KIA0205', DR('istio-system', 'dr-mtls')), ours: apiServer(DR('istio-system', 'dr-mtls')), reason: `${PERMISSIVE_OK}; Kiali asks for the STRICT policy the rule implies, which is advice, not a failure. ${API}` }],
    ['TestMTLSMeshWideDREnabledWithMeshPolicyDisabled', { upstream: 'valid', ours: apiServer(DR('istio-system', 'dr-mtls')), reason: API }],
    ['TestMTLSMeshWideDREnabledWithMeshPolicy', { upstream: 'valid', ours: apiServer(DR('istio-system', 'dr-mtls')), reason: API }],
    ['TestMTLSNamespaceWideDREnabledWithMeshPolicy', { upstream: 'valid', ours: err('IMT5008', PA('istio-system', 'default')), reason: `only istio-system's services get ISTIO_MUTUAL; every other namespace is STRICT with auto mTLS off and no ISTIO_MUTUAL rule. ${ONLY_DR_CHECKER}` }],
    ['TestMTLSNamespaceWideDREnabledWithMeshPolicyDisabled', { upstream: 'valid', ours: 'none' }],
    ['TestMTLSDRDisabledWithMeshPolicy', { upstream: 'valid', ours: err('IMT5008', PA('istio-system', 'default')), reason: ONLY_DR_CHECKER }],
    ['TestMTLSMeshWideDREnabledWithAutoMtls', { options: ON, upstream: 'valid', ours: apiServer(DR('istio-system', 'dr-mtls')), reason: API }],
    ['TestMTLSDRDisabledWithMeshPolicyDisabled', { upstream: 'valid', ours: 'none' }],
  ]),

  // KIA0206: destinationrules.mtls.nspolicymissing (NamespaceWideMTLSChecker)
  ...rows('destinationrules/namespacewide_mtls_checker', 'destinationrules/namespacewide_mtls_checker_test.go', { options: OFF }, [
    ['TestMTLSNshWideDREnabledWithNsPolicyPermissive', { upstream: 'valid', ours: 'none' }],
    ['TestMTLSNsWideDREnabledWithPolicy', { upstream: 'valid', ours: 'none' }],
    ['TestMTLSNsWideDREnabledWithMeshPolicy', { upstream: 'valid', ours: err('IMT5008', PA('istio-system', 'default')), reason: `only bookinfo's services get ISTIO_MUTUAL; every other namespace is STRICT with auto mTLS off and no ISTIO_MUTUAL rule. ${ONLY_DR_CHECKER}` }],
    ['TestMTLSNsWideDREnabledWithoutPolicy', { upstream: err('KIA0206', DR('bookinfo', 'dr-mtls')), ours: 'none', reason: `${PERMISSIVE_OK}; Kiali asks for the STRICT policy the rule implies, which is advice, not a failure` }],
    ['TestMTLSNsWideDREnabledWithAutoMtls', { options: ON, upstream: 'valid', ours: 'none' }],
  ]),

  // KIA0401: peerauthentication.mtls.destinationrulemissing (MeshMtlsChecker)
  ...rows('peerauthentications/mesh_mtls_checker', 'peerauthentications/mesh_mtls_checker_test.go', { options: OFF }, [
    ['TestMeshPolicymTLSEnabled', { upstream: 'valid', ours: [err('IMT5008', PA('istio-system', 'default')), apiServer(DR('default', 'default'))], reason: `${NOT_ROOT('default')}. ${API}` }],
    ['TestMeshPolicyEnabledDRNamespaceWide', { upstream: err('KIA0401', PA('istio-system', 'default')), ours: err('IMT5008', PA('istio-system', 'default')) }],
    ['TestMeshPolicyEnabledDRmTLSDisabled', { upstream: err('KIA0401', PA('istio-system', 'default')), ours: err('IMT5008', PA('istio-system', 'default')) }],
    ['TestMeshPolicymTLSEnabledDestinationRuleMissing', { upstream: err('KIA0401', PA('istio-system', 'default')), ours: err('IMT5008', PA('istio-system', 'default')) }],
    ['TestMeshPolicymTLSDisabledDestinationRulePresent', { upstream: 'valid', ours: apiServer(DR('default', 'default')), reason: API }],
    ['TestMeshPolicyDisabledDRNamespaceWide', { upstream: 'valid', ours: 'none' }],
    ['TestMeshPolicyDisabledDRmTLSDisabled', { upstream: 'valid', ours: 'none' }],
    ['TestMeshPolicymTLSDisabledDestinationRuleMissing', { upstream: 'valid', ours: 'none' }],
    ['TestNoValidationsAddedWhenStrictAndAutoMtlsEnabled', { options: ON, upstream: 'valid', ours: 'none' }],
  ]),

  // KIA0501: peerauthentications.mtls.destinationrulemissing (NamespaceMtlsChecker)
  ...rows('peerauthentications/namespace_mtls_checker', 'peerauthentications/namespace_mtls_checker_test.go', { options: OFF }, [
    ['TestPeerAuthnmTLSEnabled', { upstream: err('KIA0501', PA('bar', 'default')), ours: err('IMT5008', PA('bar', 'default')) }],
    ['TestPolicyEnabledDRmTLSEnabled', { upstream: 'valid', ours: 'none' }],
    ['TestPolicyEnabledDRmTLSMeshWideEnabled', { upstream: 'valid', ours: apiServer(DR('bar', 'default')), reason: `${API} (for clients in bar, the rule's namespace)` }],
    ['TestPolicyPermissive', { upstream: 'valid', ours: 'none' }],
    ['TestNoNamespaceWideValidationsAddedWhenStrictAndAutoMtlsEnabled', { options: ON, upstream: 'valid', ours: 'none' }],
  ]),

  // KIA0505: peerauthentications.mtls.disabledestinationrulemissing (DisabledNamespaceWideChecker)
  // (the checker does not read auto mTLS; the rows run with our default, auto mTLS on)
  ...rows('peerauthentications/disabled_namespacewide_checker', 'peerauthentications/disabled_namespacewide_checker_test.go', {}, [
    ['TestPeerAuthnDisabledDestRuleDisabled', { upstream: 'valid', ours: err('IMT5006', DR('bookinfo', 'details-enable-mtls')), reason: HOST_RULES }],
    ['TestPeerAuthnDisabledDestRuleEnabled', { upstream: err('KIA0505', PA('bookinfo', 'disable-mtls-bookinfo')), ours: [err('IMT5006', DR('bookinfo', 'bookinfo-enable-mtls')), err('IMT5006', DR('bookinfo', 'details-enable-mtls'))], reason: ON_DR }],
    ['TestPeerAuthnDisabledMeshWideDestRuleDisabled', { upstream: 'valid', ours: err('IMT5006', DR('bookinfo', 'details-enable-mtls')), reason: HOST_RULES }],
    ['TestPeerAuthnDisabledMeshWideDestRuleEnabled', { upstream: err('KIA0505', PA('bookinfo', 'disable-mtls-bookinfo')), ours: [err('IMT5006', DR('istio-system', 'enable-mesh-mtls')), err('IMT5006', DR('bookinfo', 'details-enable-mtls')), apiServer(DR('istio-system', 'enable-mesh-mtls'))], reason: `${ON_DR}. ${API}` }],
    ['TestPeerAuthnDisabledNoDestRule', { upstream: 'valid', ours: 'none' }],
    ['TestPeerAuthnDisabledNamespaceMtlsMeshWideEnabled', { upstream: 'valid', ours: apiServer(DR('istio-system', 'enable-mesh-mtls')), reason: API }],
  ]),

  // KIA0506: peerauthentications.mtls.disablemeshdestinationrulemissing (DisabledMeshWideChecker)
  // (the checker does not read auto mTLS; the rows run with our default, auto mTLS on)
  ...rows('peerauthentications/disabled_meshwide_checker', 'peerauthentications/disabled_meshwide_checker_test.go', {}, [
    ['TestMeshPeerAuthnDisabledDestRuleDisabled', { upstream: 'valid', ours: err('IMT5006', DR('istio-system', 'grafana-enable-mtls')), reason: `${HOST_RULES}: grafana.istio-system is DISABLE by the mesh policy (the grafana policy with a selector in the root namespace is ignored, IMT1007)` }],
    ['TestMeshPeerAuthnDisabledDestRuleEnabled', { upstream: err('KIA0506', PA('istio-system', 'disable-mesh-mtls')), ours: [err('IMT5006', DR('bookinfo', 'enable-mesh-mtls')), err('IMT5006', DR('istio-system', 'grafana-enable-mtls')), apiServer(DR('bookinfo', 'enable-mesh-mtls'))], reason: `${ON_DR}, the grafana host rule included (its selector policy in the root namespace is ignored, IMT1007). ${API}` }],
    ['TestMeshPeerAuthnNoDestRule', { upstream: 'valid', ours: 'none' }],
  ]),

  // KIA0204: destinationrules.trafficpolicy.notlssettings (TrafficPolicyChecker; it does not read auto mTLS, and its
  // warning describes Istio without it, so these rows run with auto mTLS off; with auto mTLS on a rule without tls
  // gets mTLS to sidecars by itself)
  ...rows('destinationrules/traffic_policy_checker', 'destinationrules/traffic_policy_checker_test.go', { options: OFF }, [
    ['TestMTLSMeshWideEnabledDRWithoutTrafficPolicy', { upstream: warn('KIA0204', DR('bookinfo', 'reviews')), ours: [warn('IMT5007', DR('bookinfo', 'reviews')), apiServer(DR('istio-system', 'default'))], reason: API }],
    ['TestMTLSMeshWideEnabledDRWithoutmTLSOptions', { upstream: warn('KIA0204', DR('bookinfo', 'reviews')), ours: [warn('IMT5007', DR('bookinfo', 'reviews')), apiServer(DR('bookinfo', 'default'))], reason: API }],
    ['TestMTLSMeshWideEnabledDRWithoutPortLevelmTLSOptions', { upstream: warn('KIA0204', DR('bookinfo', 'reviews')), ours: [warn('IMT5007', DR('bookinfo', 'reviews')), apiServer(DR('bookinfo', 'default'))], reason: API }],
    ['TestMTLSMeshWideEnabledDRWithTrafficPolicy', { upstream: 'valid', ours: apiServer(DR('bookinfo', 'default')), reason: API }],
    ['TestMTLSMeshWideEnabledDRWithPortLevelTLSTrafficPolicy', { upstream: 'valid', ours: apiServer(DR('bookinfo', 'default')), reason: API }],
    ['TestNamespacemTLSEnabledDRWithoutTrafficPolicy', { upstream: warn('KIA0204', DR('bookinfo', 'reviews')), ours: warn('IMT5007', DR('bookinfo', 'reviews')) }],
    ['TestNamespacemTLSEnabledDRWithoutmTLSOptions', { upstream: warn('KIA0204', DR('bookinfo', 'reviews')), ours: warn('IMT5007', DR('bookinfo', 'reviews')) }],
    ['TestNamespacemTLSEnabledDRWithTrafficPolicy', { upstream: 'valid', ours: apiServer(DR('bookinfo', 'default')), reason: API }],
    ['TestCrossNamespaceProtection', { upstream: 'valid', ours: 'none' }],
    ['TestCrossNamespaceServiceEntryProtection', { upstream: 'valid', ours: 'none' }],
    ['TestServiceScopedMTLSWildcardDoesNotDriveTrafficPolicy', { upstream: 'valid', ours: 'none' }],
  ]),

  // KIA0201: destinationrules.multimatch (MultiMatchChecker), a warning
  // (the checker does not read auto mTLS; the rows run with our default, auto mTLS on)
  ...rows('destinationrules/multi_match_checker', 'destinationrules/multi_match_checker_test.go', {}, [
    ['TestMultiHostMatchCorrect', { upstream: 'valid', ours: 'none' }],
    ['TestMultiHostMatchInvalid', { upstream: [warn('KIA0201', DR('test', 'rule1')), warn('KIA0201', DR('test', 'rule2')), warn('KIA0201', DR('test', 'rule3'))], ours: [warn('IMT2013', DR('test', 'rule2')), warn('IMT2013', DR('test', 'rule3'))] }],
    ['TestMultiHostMatchInvalidShortFormat', { upstream: warn('KIA0201', DR('test', 'rule2')), ours: 'none', reason: 'Istio does not expand a host that contains a dot (ResolveShortnameToFQDN): "host1.test" is not host1.test.svc.cluster.local, so the rules do not merge' }],
    ['TestMultiHostMatchValidShortFormat', { upstream: 'valid', ours: 'none' }],
    ['TestMultiHostMatchValidShortFormatDiffNamespace', { upstream: 'valid', ours: 'none' }],
    ['TestMultiHostMatchWildcardInvalid', { upstream: warn('KIA0201', DR('test', 'rule2')), ours: 'none', reason: MOST_SPECIFIC }],
    ['TestMultiHostMatchDisjointNamespaceWildcards', { upstream: 'valid', ours: 'none' }],
    ['TestMultiHostMatchSameNamespaceWildcardsStillConflict', { upstream: warn('KIA0201'), ours: warn('IMT2013', DR('istio-test1', 'rule2')) }],
    ['TestMultiHostMatchBothWildcardInvalid', { upstream: warn('KIA0201', DR('test', 'rule2')), ours: 'none', reason: MOST_SPECIFIC }],
    ['TestMultiHostMatchingMeshWideMTLSDestinationRule', { upstream: 'valid', ours: apiServer(DR('test', 'rule2')), reason: API }],
    ['TestMultiHostMatchingNamespaceWideMTLSDestinationRule', { upstream: 'valid', ours: 'none' }],
    ['TestMultiHostMatchingServiceScopedMTLSWildcardStillConflicts', { upstream: warn('KIA0201'), ours: warn('IMT2013', DR('istio-test1', 'vault-no-tls')) }],
    ['TestMultiHostMatchDifferentSubsets (first assertion)', { file: 'TestMultiHostMatchDifferentSubsets-1', upstream: 'valid', ours: 'none' }],
    ['TestMultiHostMatchDifferentSubsets (second assertion)', { file: 'TestMultiHostMatchDifferentSubsets-2', upstream: warn('KIA0201'), ours: 'none', reason: `${MOST_SPECIFIC}; rule1 and rule2 merge without loss (unique subset names, no trafficPolicy)` }],
    ['TestReviewsExample (first assertion)', { file: 'TestReviewsExample-1', upstream: 'valid', ours: 'none' }],
    ['TestReviewsExample (second assertion)', { file: 'TestReviewsExample-2', upstream: [warn('KIA0201', DR('bookinfo', 'reviews')), warn('KIA0201', DR('bookinfo', 'reviews2')), warn('KIA0201', DR('bookinfo', 'reviews3'))], ours: warn('IMT2013', DR('bookinfo', 'reviews3')) }],
    ['TestMultiServiceEntry', { upstream: 'valid', ours: 'none' }],
    ['TestMultiServiceEntryInvalid', { upstream: [warn('KIA0201', DR('test', 'service-a')), warn('KIA0201', DR('test', 'service-a2'))], ours: warn('IMT2013', DR('test', 'service-a2')) }],
  ]),
];

export const UPSTREAM_ROWS: readonly UpstreamRow[] = [...ISTIO_ROWS, ...KIALI_ROWS];

if (typeof describe === 'function') {
  describe('upstream checkers: istioctl 1.5 MTLSAnalyzer and Kiali mTLS checkers, case by case', () => {
    test.each(UPSTREAM_ROWS.map((r) => [r.source, r] as const))('%s', (_label, row) => {
      const findings = analyze(loadFixtures(...row.files), row.options ?? {}).map(flat).filter((f) => COMPARED.test(f.code));
      const expected = list(row.ours);
      const got = [...new Set(findings.map((f) => key(expected.some((e) => e.code === f.code && e.severity === f.severity && e.resource === undefined) ? { code: f.code, severity: f.severity as Sev } : { code: f.code, severity: f.severity as Sev, resource: f.resource })))].sort();
      expect({ ours: got, findings: findings.map((f) => `${f.code} ${f.severity} ${f.resource}: ${f.message}`) }).toEqual({ ours: [...new Set(expected.map(key))].sort(), findings: expect.anything() });
      for (const re of row.absent ?? []) expect(findings.filter((f) => re.test(f.message))).toEqual([]);
    });

    test('a row differs from upstream only with a reason', () => {
      const verdict = (e: UpstreamRow['upstream'] | UpstreamRow['ours']) => list(e).reduce<string>((v, x) => (x.severity === 'error' ? 'error' : v === 'error' ? v : x.severity === 'warning' ? 'warning' : v), 'valid');
      const silent = UPSTREAM_ROWS.filter((r) => r.reason === undefined && verdict(r.upstream) !== verdict(r.ours)).map((r) => r.source);
      expect(silent).toEqual([]);
    });
  });
}
