/** Object schemas that occur more than once are shared through $defs, without changing what is reported. */
import { shareRepeatedSubschemas, validateAgainstCrd } from '../../../src/input/schema';
import { dr } from './_objects';

describe('repeated subschemas are compiled once', () => {
  const big = (extra: string) => ({
    type: 'object',
    properties: Object.fromEntries(Array.from({ length: 30 }, (_, i) => [`field${i}${extra}`, { type: 'string', enum: ['A', 'B'] }])),
  });

  test('an object schema that occurs twice becomes one $defs entry and two $refs; one that occurs once stays inline', () => {
    const schema = { type: 'object', properties: { a: big(''), b: { type: 'array', items: big('') }, c: big('x') } };
    const shared = shareRepeatedSubschemas(schema);
    expect(Object.keys(shared.$defs)).toEqual(['shared0']);
    expect(shared.$defs.shared0).toEqual(big(''));
    expect(shared.properties.a).toEqual({ $ref: '#/$defs/shared0' });
    expect(shared.properties.b.items).toEqual({ $ref: '#/$defs/shared0' });
    expect(shared.properties.c).toEqual(big('x'));
    // the input is not modified
    expect(schema.properties.a).toEqual(big(''));
  });

  test('small repeated schemas and schemas under oneOf stay inline', () => {
    const small = { type: 'object', properties: { x: { type: 'string' } } };
    const schema = { type: 'object', properties: { a: small, b: small }, oneOf: [big(''), big('')] };
    expect(shareRepeatedSubschemas(schema)).toBe(schema);
  });

  test('nested repeats inside a shared schema are shared too', () => {
    const inner = big('inner');
    const outer = { type: 'object', properties: { tls: inner, ports: { type: 'array', items: { type: 'object', properties: { tls: inner, n: { type: 'integer' } } } } } };
    const shared = shareRepeatedSubschemas({ type: 'object', properties: { top: outer, subsets: { type: 'array', items: outer } } });
    // outer occurs twice; inside it, inner occurs twice: two definitions, outer's referring to inner's
    expect(Object.keys(shared.$defs).sort()).toEqual(['shared0', 'shared1']);
    const outerDef = Object.values(shared.$defs).find((d: any) => d.properties.ports) as any;
    expect(outerDef.properties.tls.$ref).toMatch(/^#\/\$defs\/shared[01]$/);
    expect(outerDef.properties.ports.items.properties.tls).toEqual(outerDef.properties.tls);
  });

  test('the DestinationRule schema shares its traffic policy body, and each occurrence still reports its own path', () => {
    const policy = { tls: { mode: 'NOPE' }, loadBalancer: { simple: 'ROUND_ROBIN', consistentHash: { useSourceIp: true } }, connectionPool: { tcp: { connectTimeout: '0s' } } };
    const obj = dr({
      host: 'a',
      trafficPolicy: { ...policy, portLevelSettings: [{ port: { number: 80 }, ...policy }] },
      subsets: [{ name: 'v1', trafficPolicy: { ...policy, portLevelSettings: [{ port: { number: 81 }, ...policy }] } }],
    });
    const prefixes = ['spec.trafficPolicy', 'spec.trafficPolicy.portLevelSettings[0]', 'spec.subsets[0].trafficPolicy', 'spec.subsets[0].trafficPolicy.portLevelSettings[0]'];
    const violations = validateAgainstCrd(obj);
    for (const prefix of prefixes) {
      expect(violations).toContainEqual({ path: `${prefix}.tls.mode`, message: 'must be one of DISABLE, SIMPLE, MUTUAL, ISTIO_MUTUAL (got "NOPE")', rule: 'enum', value: 'NOPE' });
      expect(violations).toContainEqual(expect.objectContaining({ path: `${prefix}.loadBalancer`, message: 'must set at most one of simple, consistentHash, backendUtilization (got simple, consistentHash)' }));
      expect(violations).toContainEqual(expect.objectContaining({ path: `${prefix}.connectionPool.tcp.connectTimeout`, rule: 'cel' }));
    }
    // the oneOf's branches say nothing of their own (suppressed by schemaPath prefix, also inside shared schemas)
    expect(violations).toHaveLength(prefixes.length * 3);
  });
});
