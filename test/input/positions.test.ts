import * as yaml from 'js-yaml';
import { SourceText, locateField, resolveFieldPath } from '../../src/input/positions';

const TEXT = `---
# Source: chart/templates/pa.yaml
apiVersion: security.istio.io/v1
kind: PeerAuthentication
metadata:
  name: a
  annotations:
    istio-mtls.cdk8s.io/calls: "x"
spec:
  selector:
    matchLabels:
      mode: x
  mtls:
    mode: STRICTT
  portLevelMtls:
    "8080":
      mode: BAD
---
apiVersion: networking.istio.io/v1
kind: DestinationRule
spec:
  trafficPolicy:
    portLevelSettings:
    - port:
        number: 80
      tls: {mode: SIMPLE}
    - port: {number: 81}
      tls:
        mode: ISTIO_MUTUAL
  subsets:
  - name: v1
    trafficPolicy: {"tls": {"mode": "DISABLE"}}
`;

const DOCS = yaml.loadAll(TEXT) as unknown[];
const SOURCE = new SourceText(TEXT);

describe('locateField', () => {
  test.each([
    [0, 3, 'spec.mtls.mode', 14, 5],
    [0, 3, 'spec.portLevelMtls.8080.mode', 17, 7],
    [0, 3, 'metadata.annotations.istio-mtls.cdk8s.io/calls', 8, 5],
    [0, 3, 'spec.selector', 10, 3],
    [1, 19, 'spec.trafficPolicy.portLevelSettings[0].tls', 26, 7],
    [1, 19, 'spec.trafficPolicy.portLevelSettings[81].tls.mode', 29, 9],
    [1, 19, 'spec.subsets[v1].trafficPolicy', 32, 5],
    [1, 19, 'spec.subsets[0].trafficPolicy.tls.mode', 32, 29],
  ])('finds document %i (line %i) field %s at %i:%i', (doc, line, field, l, c) => {
    expect(locateField(SOURCE, line, DOCS[doc], field)).toEqual({ line: l, column: c });
  });

  test('falls back to the deepest step found, and to nothing when the first step is missing', () => {
    expect(locateField(SOURCE, 3, DOCS[0], 'spec.mtls.nope')).toEqual({ line: 13, column: 3 });
    expect(locateField(SOURCE, 3, DOCS[0], 'nope.mtls')).toBeUndefined();
  });

  test('finds fields in pretty-printed JSON', () => {
    const json = JSON.stringify({ apiVersion: 'v1', kind: 'X', spec: { selector: { mode: 1 }, mtls: { mode: 'S' } } }, null, 2);
    expect(locateField(new SourceText(json), 1, JSON.parse(json), 'spec.mtls.mode')).toEqual({ line: 9, column: 7 });
  });

  test('resolves keys that contain dots and list selectors against the object', () => {
    expect(resolveFieldPath(DOCS[0], 'metadata.annotations.istio-mtls.cdk8s.io/calls')).toEqual(['metadata', 'annotations', 'istio-mtls.cdk8s.io/calls']);
    expect(resolveFieldPath(DOCS[1], 'spec.trafficPolicy.portLevelSettings[81].tls')).toEqual(['spec', 'trafficPolicy', 'portLevelSettings', 1, 'tls']);
  });
});
