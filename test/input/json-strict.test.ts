/**
 * `.json` inputs are JSON, strictly: what JSON.parse refuses and duplicate keys (ambiguous, as in YAML) are input
 * errors with file, line and column. And every invalid UTF-8 sequence is reported with its line.
 */
import { InputError } from '../../src/input/input-error';
import { loadContent } from '../../src/input/load';

function errorOf(data: string | Buffer, file: string): InputError {
  try {
    loadContent(data, file);
  } catch (e) {
    if (e instanceof InputError) return e;
    throw e;
  }
  throw new Error('no error');
}

const PA = (mtls: string) => `{
  "apiVersion": "security.istio.io/v1",
  "kind": "PeerAuthentication",
  "metadata": {"name": "default", "namespace": "foo"},
  "spec": {
    "mtls": ${mtls}
  }
}
`;

describe('.json files are parsed strictly', () => {
  test('valid JSON loads, with its line', () => {
    expect(loadContent(PA('{"mode": "STRICT"}'), 'pa.json').map((o) => [o.object.spec.mtls.mode, o.line])).toEqual([['STRICT', 1]]);
  });

  test('a duplicate key is an error with its line (STRICT then DISABLE is not DISABLE)', () => {
    const e = errorOf(PA('{\n      "mode": "STRICT",\n      "mode": "DISABLE"\n    }'), 'pa.json');
    expect(e.message).toMatch(/^pa\.json:8:\d+: malformed JSON: duplicate key "mode"/);
  });

  test.each([
    ['a trailing comma', PA('{"mode": "STRICT",}'), 6],
    ['NaN', PA('{"mode": "STRICT", "x": NaN}'), 6],
    ['a comment', PA('{"mode": "STRICT"} // strict'), 6],
    ['single quotes', PA("{'mode': 'STRICT'}"), 6],
    ['an unquoted key', PA('{mode: "STRICT"}'), 6],
  ])('%s is an error with its line', (_name, text, line) => {
    const e = errorOf(text, 'pa.json');
    expect(e.file).toBe('pa.json');
    expect(e.line).toBe(line);
    expect(e.column).toBeGreaterThan(0);
    expect(e.reason).toMatch(/^malformed JSON: /);
  });

  test('YAML files keep YAML syntax (flow mappings with trailing commas are YAML)', () => {
    const yaml = 'apiVersion: v1\nkind: Namespace\nmetadata: {name: a,}\n';
    expect(loadContent(yaml, 'ns.yaml')).toHaveLength(1);
  });
});

describe('invalid UTF-8 is reported with its line, whatever the sequence', () => {
  const withBytes = (bytes: number[]) => Buffer.concat([Buffer.from('apiVersion: v1\nkind: Namespace\nmetadata:\n  name: a'), Buffer.from(bytes), Buffer.from('\n')]);
  test.each([
    ['a Latin-1 byte', [0xe9]],
    ['a UTF-16 surrogate encoded in UTF-8', [0xed, 0xa0, 0x80]],
    ['an overlong 3-byte sequence', [0xe0, 0x80, 0xaf]],
    ['an overlong 4-byte sequence', [0xf0, 0x80, 0x80, 0xaf]],
    ['a code point over U+10FFFF', [0xf4, 0x90, 0x80, 0x80]],
    ['a truncated sequence at the end', [0xe2, 0x82]],
  ])('%s', (_name, bytes) => {
    const e = errorOf(withBytes(bytes), 'ns.yaml');
    expect(e.message).toBe('ns.yaml:4: binary file (not valid UTF-8 text), not YAML or JSON');
  });
});
