/**
 * `--namespace NS`, as `kubectl apply -n NS` reads it: every namespaced object without `metadata.namespace` is in
 * NS. Upstream samples and most Helm and kustomize output carry no namespace. Cluster-scoped kinds keep none; an
 * object that names its own namespace keeps it (kubectl would refuse a mismatch; the analysis keeps what is written).
 * The objects are copied, never changed.
 */
import { K8sObject } from '../engine/types';
import { isObject } from '../engine/values';

/** Kinds without a namespace (Kubernetes core and common API groups, and the legacy Istio MeshPolicy). */
const CLUSTER_SCOPED = new Set([
  'Namespace', 'Node', 'PersistentVolume', 'ClusterRole', 'ClusterRoleBinding', 'CustomResourceDefinition',
  'MutatingWebhookConfiguration', 'ValidatingWebhookConfiguration', 'ValidatingAdmissionPolicy', 'ValidatingAdmissionPolicyBinding',
  'APIService', 'StorageClass', 'PriorityClass', 'IngressClass', 'RuntimeClass', 'CSIDriver', 'CSINode', 'VolumeAttachment',
  'CertificateSigningRequest', 'ComponentStatus', 'GatewayClass', 'MeshPolicy', 'ClusterIssuer',
]);

/** Whether objects of this kind live in a namespace. */
export function isNamespaced(kind: unknown): boolean {
  return typeof kind === 'string' && !CLUSTER_SCOPED.has(kind);
}

/** The object in namespace `ns` when it is namespaced and names none; otherwise the object itself. */
export function withDefaultNamespace(obj: K8sObject, ns: string): K8sObject {
  if (!isNamespaced(obj.kind)) return obj;
  const md = isObject(obj.metadata) ? obj.metadata : {};
  if (typeof md.namespace === 'string' && md.namespace !== '') return obj;
  return { ...obj, metadata: { ...md, namespace: ns } };
}
