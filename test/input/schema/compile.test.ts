/** The validators generated ahead of time (crds/validators.js): fresh, and finding what validators compiled at run time find. */
import * as fs from 'fs';
import * as path from 'path';
import { VALIDATORS_FILE, _usePrecompiledValidators, standaloneValidatorsSource, validateAgainstCrd } from '../../../src/input/schema';
import { CRD_DIR, DR_VERSIONS, PRODUCTPAGE, dr, legacy, pa } from './_objects';

describe('validators generated ahead of time (crds/validators.js)', () => {
  test('the file is what the CRDs and the schema conversion generate (else run: npx ts-node --transpile-only scripts/crd-validators.ts)', () => {
    expect(fs.readFileSync(path.join(CRD_DIR, VALIDATORS_FILE), 'utf8')).toBe(standaloneValidatorsSource());
  });

  // Every served version, valid objects and each kind of violation: type, enum, required, unknown field, nullable,
  // oneOf (also inside a shared schema), CEL on keys, values and durations, maxLength.
  const policy = { tls: { mode: 'NOPE', sni: 5 }, loadBalancer: { simple: 'ROUND_ROBIN', consistentHash: { useSourceIp: true } }, connectionPool: { tcp: { connectTimeout: '0s' } } };
  const corpus: any[] = [
    pa({ mtls: { mode: 'STRICT' } }), pa({}), pa({ mtls: { mode: 'STRICTT' } }), pa({ mtls: { mode: 5 } }),
    pa({ portLevelMtls: { 0: { mode: 'DISABLE' }, 80: { mode: 'NOPE' } } }),
    pa({ selector: { matchLabels: { '': 'x', 'a*': 'y*', 'app': 'a'.repeat(64) } }, portLevelMtls: { 8080: { mode: 'DISABLE' } }, extra: true }, 'security.istio.io/v1beta1'),
    ...DR_VERSIONS.flatMap((v) => [
      dr(PRODUCTPAGE, v), dr({}, v), dr({ host: 7 }, v),
      dr({ host: 'a', trafficPolicy: { ...policy, portLevelSettings: [{ port: { number: 'x' }, ...policy }] }, subsets: [{ labels: { v: 1 }, trafficPolicy: policy }] }, v),
      dr({ host: 'a', workloadSelector: { matchLabels: { 'k*': 'v*' } }, trafficPolicy: { outlierDetection: { interval: '5x', consecutive5xxErrors: null } } }, v),
    ]),
    legacy('MeshPolicy', { peers: [{ mtls: {} }] }), legacy('Policy', { peers: [{ mtls: { mode: 'DISABLE' } }, {}], targets: [{ name: 5 }] }),
    legacy('Policy', { peers: [{ mtls: {}, jwt: { issuer: 'x' } }] }),
  ];

  test('they find exactly what validators compiled at run time find', () => {
    const generated = corpus.map((o) => validateAgainstCrd(o));
    _usePrecompiledValidators(false);
    try {
      expect(corpus.map((o) => validateAgainstCrd(o))).toEqual(generated);
    } finally {
      _usePrecompiledValidators(true);
    }
    // the corpus exercises the checks: most objects break something, a few are valid
    expect(generated.filter((v) => v.length > 0).length).toBeGreaterThan(corpus.length / 2);
    expect(new Set(generated.flat().map((v) => v.rule))).toEqual(new Set(['type', 'enum', 'required', 'cel', 'other']));
  });
});
