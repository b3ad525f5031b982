/** Finding and reading the vendored CRDs: which apiVersions and kinds have a schema, the crds/ directory, the JSON copies. */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as yaml from 'js-yaml';
import { _findCrdDir, crdJsonText, isSchemaKnown, readCrdDocs, validateAgainstCrd, vendoredCrdFiles } from '../../../src/input/schema';
import { CRD_DIR } from './_objects';

describe('lookup', () => {
  test.each([
    ['security.istio.io/v1', 'PeerAuthentication'],
    ['security.istio.io/v1beta1', 'PeerAuthentication'],
    ['networking.istio.io/v1', 'DestinationRule'],
    ['networking.istio.io/v1beta1', 'DestinationRule'],
    ['networking.istio.io/v1alpha3', 'DestinationRule'],
    ['authentication.istio.io/v1alpha1', 'MeshPolicy'],
    ['authentication.istio.io/v1alpha1', 'Policy'],
  ])('knows the schema of %s %s', (apiVersion, kind) => {
    expect(isSchemaKnown(apiVersion, kind)).toBe(true);
  });

  test.each([
    ['v1', 'Service'],
    ['security.istio.io/v1', 'AuthorizationPolicy'],
    ['security.istio.io/v1alpha1', 'PeerAuthentication'],
    ['networking.istio.io/v1', 'PeerAuthentication'],
  ])('does not know %s %s and returns [] for it', (apiVersion, kind) => {
    expect(isSchemaKnown(apiVersion, kind)).toBe(false);
    expect(validateAgainstCrd({ apiVersion, kind, metadata: { name: 'x' }, spec: { anything: 42 } })).toEqual([]);
  });

  test('returns [] for values that are not Kubernetes objects', () => {
    expect(validateAgainstCrd(null)).toEqual([]);
    expect(validateAgainstCrd('PeerAuthentication')).toEqual([]);
    expect(validateAgainstCrd({ kind: 'PeerAuthentication', spec: { mtls: { mode: 'X' } } })).toEqual([]);
  });

  test('finds the crds directory from the compiled lib/src/input/schema location', () => {
    expect(_findCrdDir(path.join(CRD_DIR, '..', 'lib', 'src', 'input', 'schema'))).toEqual(CRD_DIR);
  });

  test('fails with a clear error if the crds directory cannot be found', () => {
    const lonely = fs.mkdtempSync(path.join(os.tmpdir(), 'no-crds-'));
    expect(() => _findCrdDir(path.join(lonely, 'a', 'b'))).toThrow(/cannot find the vendored Istio CRDs \('crds\/peerauthentication.yaml'\)/);
  });
});

describe('JSON copies of the vendored CRDs', () => {
  test.each(vendoredCrdFiles())('crds/%s has an up-to-date JSON copy (else run: npx ts-node --transpile-only scripts/crd-json.ts)', (file) => {
    const json = path.join(CRD_DIR, file.replace(/\.yaml$/, '.json'));
    expect(fs.existsSync(json)).toBe(true);
    expect(fs.readFileSync(json, 'utf8')).toBe(crdJsonText(fs.readFileSync(path.join(CRD_DIR, file), 'utf8')));
  });

  test('without the JSON copy the YAML is read, to the same documents', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'crds-yaml-only-'));
    try {
      for (const file of vendoredCrdFiles()) {
        fs.copyFileSync(path.join(CRD_DIR, file), path.join(dir, file));
        expect(readCrdDocs(dir, file)).toEqual(readCrdDocs(CRD_DIR, file));
        expect(readCrdDocs(dir, file)).toEqual(yaml.loadAll(fs.readFileSync(path.join(CRD_DIR, file), 'utf8')));
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
