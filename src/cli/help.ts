/** The help texts of the `istio-mtls` commands. */
import { BIN } from './io';
import { MAX_TOTAL_BYTES } from '../input/files';
import { GRAPH_HELP } from './graph';

export const HELP = `Usage: ${BIN} <command> [options]

Checks Istio mutual TLS configuration (PeerAuthentication, DestinationRule, legacy MeshPolicy/Policy) together
with the Services, workloads and namespaces it applies to, and predicts which calls will fail.

Commands:
  analyze <file|dir|->...   run every rule over the manifests; print the findings
  status <file|dir|->...    one row per service host:port: server mode, client TLS, OK/CONFLICT
                            (what 'istioctl authn tls-check' used to print)
  rules                     list the rules
  inspect-cert <pem|->      show the identity and validity of a certificate
  graph <file|dir|->...     draw the mesh (Mermaid or DOT): dataplanes, modes, calls, broken calls in red

Options:
  -h, --help                show help (also: ${BIN} <command> --help)
  --version                 print the version

Exit codes: 0 no error findings, 1 error findings, 2 unusable input or usage.
`;

export const ENGINE_OPTIONS = `  --root-namespace NS       Istio's root namespace, where mesh-wide policies live (default: istio-system)
  --auto-mtls true|false    whether auto mTLS is on (default: true, false when the input has legacy
                            authentication.istio.io/v1alpha1 policies)
  --cluster-domain DOMAIN   the cluster's DNS suffix (default: cluster.local)
  --migration               the input is a migration phase: PERMISSIVE is expected
  -n, --namespace NS        the namespace of objects that name none, as 'kubectl apply -n NS' (cluster-scoped
                            kinds keep none)
  --sidecar-hbone true|false
                            sidecars injected later take HBONE from ambient callers (the ambient profile's
                            ISTIO_META_ENABLE_HBONE; default: false)
  --sidecars-send-hbone true|false
                            sidecars send HBONE to ambient pods (istiod's PILOT_ENABLE_SENDING_HBONE; default: true)
  --istio-version X.Y       the Istio release of the mesh (default: 1.30); before 1.24, DestinationRules for
                            one host merge regardless of exportTo
  --max-input-mib N         refuse inputs larger than N MiB in total (default: ${MAX_TOTAL_BYTES / (1024 * 1024)}; 64 MiB per file)`;

export const INPUTS = `Inputs: YAML files (several documents each), JSON files, 'kind: List' objects, directories (every .yaml,
.yml and .json file, recursively, in sorted order) and '-' for standard input. All inputs are analyzed together.`;

export const ANALYZE_HELP = `Usage: ${BIN} analyze <file|dir|->... [options]

Runs every rule over all the objects of all inputs together and prints the findings.

${INPUTS}

Options:
  --format text|json|sarif  output format (default: text)
  --fail-on error|warning   exit 1 on error findings (default), or on warnings too (for pipelines)
  --ignore 'CODE: reason'   accept every finding of CODE on purpose (repeatable; the reason is required): it is
                            listed as suppressed and fails nothing (per object: the istio-mtls.cdk8s.io/accept
                            annotation)
${ENGINE_OPTIONS}
  --output FILE             write the output to FILE (atomically) instead of standard output
  --source-root DIR         SARIF artifact URIs are relative to DIR (the 'SRCROOT' base; default: the current
                            directory)
  --passthrough             with '-' as the only input: copy standard input unchanged to standard output when
                            there is no error finding, the findings go to standard error (or --output); for
                            'helm install --post-renderer' and pipelines
  --verbose                 also say which files were skipped and why (cdk8s' construct-metadata.json)
  -h, --help                show this help

A directory 'cdk8s synth' wrote is analyzed as the app's synth-time check analyzed it: cdk8s' construct-metadata.json
is skipped, and istio-mtls-metadata.json (written when a validation plugin is configured) gives the mesh scopes and
MigrationPlan phases.

Exit codes:
  0  no error findings (warnings and info do not fail, unless --fail-on warning)
  1  at least one error finding (or warning, with --fail-on warning)
  2  usage error, or unusable input (unreadable, binary, empty or malformed file, an object without apiVersion
     or kind, a field of the wrong type in an Istio object): one line on stderr, nothing on stdout
`;

export const STATUS_HELP = `Usage: ${BIN} status <file|dir|->... [options]

Prints one row per Service host:port (and per DestinationRule host without a Service): the server mode its
endpoints accept, the TLS a sidecar client (in a namespace without DestinationRules of its own) sends, the
deciding PeerAuthentication and DestinationRule, and OK or CONFLICT: what 'istioctl authn tls-check' used to print.

${INPUTS}

Options:
  --format text|json        output format (default: text)
${ENGINE_OPTIONS}
  --output FILE             write the output to FILE (atomically) instead of standard output
  -h, --help                show this help

Exit codes: 0 no CONFLICT, 1 at least one CONFLICT, 2 usage error or unusable input.
`;

export const RULES_HELP = `Usage: ${BIN} rules [--format text|json|markdown] [--output FILE]

Lists every rule: code, severity, name, summary (and source, in json and markdown).
`;


export const COMMAND_HELP: Record<string, string> = { analyze: ANALYZE_HELP, status: STATUS_HELP, rules: RULES_HELP, graph: GRAPH_HELP };
