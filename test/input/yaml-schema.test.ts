/**
 * The CLI's YAML schema resolves plain scalars faster than js-yaml's core schema; these tests prove it resolves them
 * to exactly the same values.
 */
import * as yaml from 'js-yaml';
import { loadContent } from '../../src/input/load';
import { CORE_IMPLICIT, CORE_SCALAR, KUBE_YAML_SCHEMA, REFERENCE_SCHEMA, mayBeCoreNonString } from '../../src/input/yaml-schema';
import { prng } from '../../bench/prng';

/** What js-yaml's core schema makes of a plain scalar, by trying its implicit types in order. */
function reference(data: string | null): { hit: boolean; value: unknown } {
  for (const t of CORE_IMPLICIT as Array<yaml.Type & { resolve(d: unknown): boolean; construct(d: unknown): unknown }>) {
    if (t.resolve(data)) return { hit: true, value: t.construct(data) };
  }
  return { hit: false, value: data };
}

function fast(data: string | null): { hit: boolean; value: unknown } {
  const t = CORE_SCALAR as yaml.Type & { resolve(d: unknown): boolean; construct(d: unknown): unknown };
  return t.resolve(data) ? { hit: true, value: t.construct(data) } : { hit: false, value: data };
}

/** Scalars that the core types take or nearly take. */
const EDGE = [
  '', '~', 'null', 'Null', 'NULL', 'nULL', 'nil', 'true', 'True', 'TRUE', 'tRUE', 'false', 'False', 'FALSE', 'yes', 'no', 'on', 'off', 'y', 'n',
  '0', '-0', '+0', '00', '012', '0o17', '0o', '0x1F', '0xg', '0b101', '0b2', '-0x1F', '+0b1', '1_000', '1,000', '123', '-123', '+123', '9007199254740993',
  '1.5', '-1.5', '+1.5', '.5', '-.5', '1.', '1e3', '1E-3', '-1.5e+3', '.inf', '.Inf', '.INF', '-.inf', '+.inf', '.nan', '.NaN', '.NAN', '-.nan', '.', '-', '+',
  '1.2.3', '10.0.0.1', '80', '8080:80', '2024-01-01', '2024-01-01T00:00:00Z', '1h', '5s', 'infinity', 'Infinity', 'NaN', '<<', '=', '@', 'svc-1', 'ns-00001',
];

describe('CLI YAML schema: the fast core scalar resolver', () => {
  test('resolves every edge-case scalar like the core schema', () => {
    for (const s of EDGE) expect({ s, ...fast(s) }).toEqual({ s, ...reference(s) });
    expect(fast(null)).toEqual(reference(null));
  });

  test('only skips scalars whose first character no core type accepts (every character, many suffixes)', () => {
    const suffixes = ['', '0', '1', 'x1', 'b1', 'o7', 'ull', 'ULL', 'rue', 'alse', 'inf', 'nan', '.5', 'e3', '.inf', '.nan', 'abc', ' ', '_1'];
    let skipped = 0;
    const mismatches: string[] = [];
    const same = (a: { hit: boolean; value: unknown }, b: { hit: boolean; value: unknown }) => a.hit === b.hit && Object.is(a.value, b.value);
    for (let c = 0; c < 0x3000; c++) {
      for (const suffix of suffixes) {
        const s = String.fromCharCode(c) + suffix;
        const ref = reference(s);
        if (!mayBeCoreNonString(s)) {
          skipped++;
          if (ref.hit) mismatches.push(`${JSON.stringify(s)} skipped but the core schema resolves it`);
        }
        if (!same(fast(s), ref)) mismatches.push(`${JSON.stringify(s)} resolves differently`);
      }
    }
    expect(mismatches).toEqual([]);
    expect(skipped).toBeGreaterThan(0x2000 * suffixes.length); // the filter does skip nearly all of them
  });

  test('random documents parse to the same values with both schemas, NaN and -0 included', () => {
    const rnd = prng(7);
    const pick = <T>(xs: readonly T[]) => xs[Math.floor(rnd() * xs.length)];
    for (let run = 0; run < 200; run++) {
      const lines: string[] = [];
      for (let i = 0; i < 20; i++) {
        const key = pick([...EDGE.filter((e) => e !== '' && e !== '<<' && !e.includes(':')), 'name', 'port', 'a b']);
        lines.push(`k${i}-${key.replace(/[^A-Za-z0-9.+-]/g, '_')}: ${pick(EDGE.filter((e) => !e.includes(':') || e.startsWith('8080')).map((e) => (e.includes(':') ? `"${e}"` : e)))}`);
        lines.push(`- ${pick(EDGE.filter((e) => !e.includes(':')))}`.replace(/^- (.*)$/, `l${i}: [$1]`));
      }
      lines.push(`t: !!str ${pick(['5', 'true', 'null'])}`, `i: !!int "${pick(['5', '0x10', '-3'])}"`, `f: !!float ${pick(['1', '.5', '.inf'])}`, `n: !!null ${pick(['~', 'null', "''"])}`);
      const text = lines.join('\n');
      // the same documents, or the same error (`!!null ''` is one)
      const parse = (schema: yaml.Schema) => { try { return { docs: yaml.loadAll(text, null, { schema }) }; } catch (e) { return { error: String(e) }; } };
      const a = parse(REFERENCE_SCHEMA);
      const b = parse(KUBE_YAML_SCHEMA);
      // Object.is semantics (toStrictEqual tells NaN and -0 apart from 0)
      expect(b).toStrictEqual(a);
    }
  });

  test('merge keys, anchors and explicit tags still work', () => {
    const text = 'base: &b {a: 1, b: true}\nx:\n  <<: *b\n  c: ~\ny: !!int "0x10"\nz: !!str 12\nw: !!bool "false"\n';
    expect(yaml.load(text, { schema: KUBE_YAML_SCHEMA })).toStrictEqual({ base: { a: 1, b: true }, x: { a: 1, b: true, c: null }, y: 16, z: '12', w: false });
    expect(yaml.load(text, { schema: KUBE_YAML_SCHEMA })).toStrictEqual(yaml.load(text, { schema: REFERENCE_SCHEMA }));
  });

  test('timestamps stay strings, as the API server keeps them', () => {
    const [o] = loadContent('apiVersion: v1\nkind: Namespace\nmetadata:\n  name: a\n  creationTimestamp: 2024-01-01T00:00:00Z\n', 'x.yaml');
    expect(o.object.metadata.creationTimestamp).toBe('2024-01-01T00:00:00Z');
  });
});
