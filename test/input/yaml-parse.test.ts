/**
 * parseYaml, the loader's one YAML parse: the documents js-yaml's loadAll gives, the line each document starts on,
 * and the line of each item of a List, on the fixtures and on generated streams.
 */
import * as fs from 'fs';
import * as path from 'path';
import * as fc from 'fast-check';
import * as yaml from 'js-yaml';
import { loadContent } from '../../src/input/load';
import { parseYaml } from '../../src/input/yaml-parse';
import { REFERENCE_SCHEMA } from '../../src/input/yaml-schema';

function yamlFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of fs.readdirSync(dir)) {
    const p = path.join(dir, name);
    if (fs.statSync(p).isDirectory()) out.push(...yamlFiles(p));
    else if (/\.ya?ml$/.test(name)) out.push(p);
  }
  return out;
}

type Outcome = { docs: unknown[]; lines: number[] } | { error: string };

/**
 * What js-yaml itself says about a text: loadAll's documents (core schema plus merge keys) and, as its listener
 * reports them, the line of each document's root node; or its error message.
 */
function reference(text: string): Outcome {
  const lines: number[] = [];
  let depth = 0;
  const listener = (event: yaml.EventType, state: yaml.State) => {
    if (event === 'open') {
      if (depth++ === 0) lines.push(state.line + 1);
    } else depth--;
  };
  try {
    const docs = yaml.loadAll(text, null, { filename: 'x.yaml', listener, schema: REFERENCE_SCHEMA });
    return { docs, lines };
  } catch (e) {
    return { error: (e as Error).message };
  }
}

/** parseYaml's documents and lines, or its error message. */
function parsed(text: string): Outcome {
  try {
    const p = parseYaml(text, 'x.yaml', false);
    return { docs: p.docs, lines: p.lines };
  } catch (e) {
    return { error: (e as Error).message };
  }
}

describe('parseYaml', () => {
  const fixtures = yamlFiles(path.join(__dirname, '..', 'fixtures'));

  test('gives js-yaml\'s documents and lines for every fixture', () => {
    expect(fixtures.length).toBeGreaterThan(20);
    for (const file of fixtures) {
      const text = fs.readFileSync(file, 'utf8');
      expect({ file, ...parsed(text) }).toEqual({ file, ...reference(text) });
    }
  });

  test('gives the right lines for comments, blank lines, empty documents, markers with content and block scalars', () => {
    const text = [
      '# leading comment', '', '---   # a comment on the marker', '', '  # indented comment', 'apiVersion: v1', 'kind: Namespace',
      'metadata: {name: a}', '---', '---', '--- {apiVersion: v1, kind: Namespace, metadata: {name: b}}', '---',
      'apiVersion: v1', 'kind: ConfigMap', 'metadata:', '  name: c', 'data:', '  x: |', '    --- not a marker', '    text', '---', '',
    ].join('\n');
    const result = parsed(text);
    expect(result).toEqual(reference(text));
    expect((result as { lines: number[] }).lines).toEqual([6, 10, 11, 11, 13, 22]);
  });

  test('gives js-yaml\'s documents, lines and errors on generated streams', () => {
    const piece = fc.constantFrom(
      'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: a\n',
      '# comment\n', '\n', '---\n', '--- # c\n', '--- {apiVersion: v1, kind: Service}\n', '--- |\n  text\n',
      'kind: Service\nspec:\n  ports:\n  - port: 80\n    name: http\n', '  indented: 1\n', 'data:\n  a: >\n    folded\n\n    more\n',
      'x: [1,\n  2]\n', 'y: "multi\n  line"\n', '...\n', 'z: &a 1\nw: *a\n', 'bad: [\n', '- item\n',
      'apiVersion: v1\nkind: List\nitems:\n- kind: Namespace\n- {kind: Service}\n',
    );
    fc.assert(fc.property(fc.array(piece, { maxLength: 12 }), (pieces) => {
      const text = pieces.join('');
      expect(parsed(text)).toEqual(reference(text));
    }), { seed: 2026, numRuns: 400 });
  });

  test('gives js-yaml\'s error for a malformed stream', () => {
    for (const text of ['a: [\n', 'apiVersion: v1\nkind: List\nitems:\n- a: 1\n b: 2\n', '---\nx: "unterminated\n', 'a: 1\na: 2\n']) {
      const result = parsed(text);
      expect(result).toHaveProperty('error');
      expect(result).toEqual(reference(text));
    }
  });

  test('keeps the line of each item of a List, and of nothing else', () => {
    const text = 'apiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: Namespace\n  metadata: {name: a}\n- {apiVersion: v1, kind: Namespace}\n'
      + '---\napiVersion: v1\nkind: ConfigMap\ndata:\n  items: [1, 2]\n';
    const p = parseYaml(text, 'x.yaml', false);
    expect(p.lines).toEqual([1, 9]);
    const list = p.docs[0] as { items: unknown[] };
    expect(p.itemLines.get(list.items)).toEqual([4, 7]);
    expect(p.itemLines.size).toBe(1);
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
