/**
 * The jsii assembly (.jsii) that `npm pack` ships is the one compiled with lib/ from the current sources: jsii builds
 * both in one compilation (`npm run build`, run by `prepack`). Generating the Python, Java, .NET and Go code from it
 * (jsii-pacmak) is slower and runs in the package tests (test/package/pacmak.test.ts, `npm run test:package`, CI).
 */
import * as fs from 'fs';
import * as path from 'path';
import { loadAssemblyFromFile } from '@jsii/spec';
import { ensureBuilt } from './_build';
import * as sources from '../src';

const ROOT = path.resolve(__dirname, '..');
const PKG = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));

beforeAll(() => ensureBuilt(), 300_000);

/** Exported classes and enums: what jsii binds (free functions and constants have no jsii representation). */
function bindableExports(mod: Record<string, unknown>): string[] {
  return Object.entries(mod)
    .filter(([, v]) => (typeof v === 'function' && /^class\b/.test(Function.prototype.toString.call(v)))
      || (typeof v === 'object' && v !== null && !Array.isArray(v) && Object.values(v).every((x) => typeof x === 'string' || typeof x === 'number')))
    .map(([k]) => k)
    .sort();
}

describe('the jsii assembly', () => {
  test('is a valid jsii assembly of this package, with the declared targets', () => {
    const assembly = loadAssemblyFromFile(path.join(ROOT, '.jsii'), true);
    expect(assembly.name).toBe(PKG.name);
    expect(assembly.version).toBe(PKG.version);
    expect(assembly.targets).toEqual({ ...PKG.jsii.targets, js: { npm: PKG.name } });
    for (const target of ['python', 'java', 'dotnet', 'go']) expect(Object.keys(assembly.targets ?? {})).toContain(target);
  });

  test('has exactly the classes and enums the sources export, and each class the members the sources define', () => {
    const assembly = loadAssemblyFromFile(path.join(ROOT, '.jsii'), true);
    const types = Object.values(assembly.types ?? {});
    const inAssembly = types.filter((t) => t.kind === 'class' || t.kind === 'enum').map((t) => t.name).sort();
    expect(inAssembly).toEqual(bindableExports(sources as unknown as Record<string, unknown>));

    for (const t of types) {
      if (t.kind === 'class') {
        const cls = (sources as unknown as Record<string, any>)[t.name];
        for (const m of t.methods ?? []) {
          const owner = m.static ? cls : cls.prototype;
          expect({ member: `${t.name}.${m.name}`, defined: typeof owner[m.name] === 'function' }).toEqual({ member: `${t.name}.${m.name}`, defined: true });
        }
      }
      if (t.kind === 'enum') {
        const keys = Object.keys((sources as unknown as Record<string, Record<string, unknown>>)[t.name]).sort();
        expect({ enum: t.name, members: t.members.map((m) => m.name).sort() }).toEqual({ enum: t.name, members: keys });
      }
    }
  });

  test('comes from the same compilation as lib/', () => {
    const jsii = fs.statSync(path.join(ROOT, '.jsii')).mtimeMs;
    const index = fs.statSync(path.join(ROOT, 'lib', 'src', 'index.js')).mtimeMs;
    // one jsii run writes both within seconds (a `tsc` build alone would leave .jsii behind)
    expect(Math.abs(jsii - index)).toBeLessThan(60_000);
    // the compiled index exports the values the sources export (swc, which runs the tests, also lists type-only
    // re-exports, as undefined)
    const values = (mod: Record<string, unknown>) => Object.keys(mod).filter((k) => mod[k] !== undefined).sort();
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    expect(values(require(path.join(ROOT, 'lib', 'src', 'index.js')))).toEqual(values(sources as unknown as Record<string, unknown>));
  });
});
