/**
 * parseYaml's shortcut for streams without Lists (a listener that only notes each document's line) against the
 * tracked parse, which follows every node: the same documents and lines, on the fixtures and on generated streams.
 */
import * as fs from 'fs';
import * as path from 'path';
import * as fc from 'fast-check';
import { loadContent } from '../../src/input/load';
import { parseTracked, parseYaml } from '../../src/input/yaml-parse';

function yamlFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of fs.readdirSync(dir)) {
    const p = path.join(dir, name);
    if (fs.statSync(p).isDirectory()) out.push(...yamlFiles(p));
    else if (/\.ya?ml$/.test(name)) out.push(p);
  }
  return out;
}

/** Both parses of a text: the documents and lines, or the error message, of each. */
function both(text: string): { fast: unknown; tracked: unknown } {
  const run = (f: typeof parseYaml) => {
    try {
      const p = f(text, 'x.yaml', false);
      return { docs: p.docs, lines: p.lines };
    } catch (e) {
      return { error: (e as Error).message };
    }
  };
  return { fast: run(parseYaml), tracked: run(parseTracked) };
}

describe('parseYaml without Lists', () => {
  const fixtures = yamlFiles(path.join(__dirname, '..', 'fixtures'));

  test('gives the tracked parse\'s documents and lines for every fixture', () => {
    expect(fixtures.length).toBeGreaterThan(20);
    let withoutList = 0;
    for (const file of fixtures) {
      const text = fs.readFileSync(file, 'utf8');
      if (!text.includes('List')) withoutList++;
      const { fast, tracked } = both(text);
      expect({ file, ...fast as object }).toEqual({ file, ...tracked as object });
    }
    expect(withoutList).toBeGreaterThan(20); // the shortcut was taken
  });

  test('gives the same lines for comments, blank lines, empty documents, markers with content and block scalars', () => {
    const text = [
      '# leading comment', '', '---   # a comment on the marker', '', '  # indented comment', 'apiVersion: v1', 'kind: Namespace',
      'metadata: {name: a}', '---', '---', '--- {apiVersion: v1, kind: Namespace, metadata: {name: b}}', '---',
      'apiVersion: v1', 'kind: ConfigMap', 'metadata:', '  name: c', 'data:', '  x: |', '    --- not a marker', '    text', '---', '',
    ].join('\n');
    const { fast, tracked } = both(text);
    expect(fast).toEqual(tracked);
    expect((fast as { lines: number[] }).lines).toEqual([6, 10, 11, 11, 13, 22]);
  });

  test('gives the same documents, lines and errors on generated streams', () => {
    const piece = fc.constantFrom(
      'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: a\n',
      '# comment\n', '\n', '---\n', '--- # c\n', '--- {apiVersion: v1, kind: Service}\n', '--- |\n  text\n',
      'kind: Service\nspec:\n  ports:\n  - port: 80\n    name: http\n', '  indented: 1\n', 'data:\n  a: >\n    folded\n\n    more\n',
      'x: [1,\n  2]\n', 'y: "multi\n  line"\n', '...\n', 'z: &a 1\nw: *a\n', 'bad: [\n', '- item\n',
    );
    fc.assert(fc.property(fc.array(piece, { maxLength: 12 }), (pieces) => {
      const { fast, tracked } = both(pieces.join(''));
      expect(fast).toEqual(tracked);
    }), { seed: 2026, numRuns: 400 });
  });

  test('a List written with escapes still gets the line of each item', () => {
    const text = 'apiVersion: v1\nkind: "Li\\x73t"\nitems:\n- apiVersion: v1\n  kind: Namespace\n  metadata: {name: a}\n- apiVersion: v1\n  kind: Namespace\n  metadata: {name: b}\n';
    expect(text.includes('List')).toBe(false);
    expect(loadContent(text, 'list.yaml').map((o) => [o.object.metadata.name, o.line])).toEqual([['a', 4], ['b', 7]]);
  });

  test('a List gets the line of each item', () => {
    const text = '# c\napiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: Namespace\n  metadata: {name: a}\n\n- apiVersion: v1\n  kind: Namespace\n  metadata: {name: b}\n';
    expect(loadContent(text, 'list.yaml').map((o) => [o.object.metadata.name, o.line])).toEqual([['a', 5], ['b', 9]]);
  });
});
