/**
 * The README's 20-line example runs as written (with the package import pointed at this checkout and the output
 * folder at a temp dir), so the first code a newcomer copies cannot rot.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

/** The first ```ts block after `heading` in the README. */
function readmeBlock(heading: string): string {
  const readme = fs.readFileSync(path.join(__dirname, '..', 'README.md'), 'utf8');
  const start = readme.indexOf('```ts', readme.indexOf(heading)) + '```ts'.length;
  return readme.slice(start, readme.indexOf('```', start));
}

/**
 * Writes `source` to a temp file beside this test, runs it with console.warn captured and hands `check` what the file
 * exported and the warn spy; the file is removed afterwards.
 */
function runFile(label: string, source: string, check: (exported: any, warn: jest.SpyInstance) => void): void {
  const file = path.join(__dirname, `.readme-${label}-${process.pid}.ts`);
  fs.writeFileSync(file, source);
  const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
  try {
    let exported: any;
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- runs a README example file, written by this test
    jest.isolateModules(() => { exported = require(file); });
    check(exported, warn);
  } finally {
    warn.mockRestore();
    fs.rmSync(file, { force: true });
  }
}

/** Runs the README's App example under `heading` with the package import pointed at this checkout and the output in a temp dir. */
function runAppExample(heading: string, label: string, check: (outdir: string, warn: jest.SpyInstance) => void): void {
  const code = readmeBlock(heading);
  expect(code).toContain("from 'cdk8s-istio-mtls'");
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), `readme-${label}-`));
  try {
    runFile(label, code
      .replace("from 'cdk8s-istio-mtls'", "from '../src'")
      .replace('new App()', `new App({ outdir: ${JSON.stringify(outdir)} })`), (_, warn) => check(outdir, warn));
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
}

test("the README's example synthesizes the mesh-wide policy, the PERMISSIVE exception and the DISABLE rule", () => {
  runAppExample('## A 20-line example', 'example', (outdir) => {
    const out = fs.readFileSync(path.join(outdir, 'mesh.k8s.yaml'), 'utf8');
    expect(out).toMatch(/kind: PeerAuthentication\nmetadata:\n  name: default\n  namespace: istio-system\nspec:\n  mtls:\n    mode: STRICT/);
    expect(out).toMatch(/name: httpbin\n  namespace: test1/);
    expect(out).toMatch(/host: httpbin\.test3\.svc\.cluster\.local\n  trafficPolicy:\n    tls:\n      mode: DISABLE/);
  });
});

test("the README's MigrationPlan example synthesizes the topology, the steady state, three phases and the plan report", () => {
  runAppExample('## Migrating a mesh with `MigrationPlan`', 'plan', (outdir, warn) => {
    expect(fs.readdirSync(outdir).sort()).toEqual([
      'mesh-1-permissive.k8s.yaml', 'mesh-2-namespaces-strict.k8s.yaml', 'mesh-3-mesh-strict.k8s.yaml', 'mesh-plan.md', 'steady.k8s.yaml', 'topology.k8s.yaml',
    ]);
    expect(fs.readFileSync(path.join(outdir, 'mesh-3-mesh-strict.k8s.yaml'), 'utf8')).toMatch(/name: cart-mtls-exception\n  namespace: shop/);
    expect(warn).not.toHaveBeenCalled();
  });
});

test("the README's cdk8s-plus example builds the policies from the Namespace, the Deployment and the Service", () => {
  runFile('plus', [
    "import { Testing } from 'cdk8s';",
    "import * as kplus from 'cdk8s-plus-33';",
    "import { ClientTls, ClientTlsPolicy, NamespaceMtls, ServiceMtls } from '../src';",
    'const chart = Testing.chart();',
    readmeBlock('**From the cdk8s-plus objects you already have**'),
    'module.exports = Testing.synth(chart);',
  ].join('\n'), (out: any[], warn) => {
    const pas = out.filter((o) => o.kind === 'PeerAuthentication');
    const deployment = out.find((o) => o.kind === 'Deployment');
    expect(pas.map((o) => o.metadata)).toEqual([{ name: 'default', namespace: 'shop' }, { name: 'web-mtls', namespace: 'shop' }]);
    expect(pas[1].spec.selector.matchLabels).toEqual(deployment.spec.selector.matchLabels);
    expect(out.find((o) => o.kind === 'DestinationRule').spec).toEqual({ host: 'web.shop.svc.cluster.local', trafficPolicy: { tls: { mode: 'ISTIO_MUTUAL' } } });
    expect(warn).not.toHaveBeenCalled();
  });
});
