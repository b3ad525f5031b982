/**
 * Every rule of the engine, one object per code, in reporting order. To add a rule, follow docs/adding-a-rule.md.
 * @internal
 */
import { Rule } from '../rule';
import { authzIdentityPlaintext } from './authz-identity-plaintext';
import { crdCelRule } from './crd-cel-rule';
import { declaredCallUnknownHost } from './declared-call-unknown-host';
import { doubleTls } from './double-tls';
import { duplicateObject } from './duplicate-object';
import { drConnectionPool } from './dr-connection-pool';
import { drCredentialNameWithFiles } from './dr-credential-name-with-files';
import { drCredentialNameWithoutSelector } from './dr-credential-name-without-selector';
import { drDuplicateHost } from './dr-duplicate-host';
import { drEmptyTrafficPolicy } from './dr-empty-traffic-policy';
import { drExportTo } from './dr-export-to';
import { drHost } from './dr-host';
import { drInsecureSkipVerify } from './dr-insecure-skip-verify';
import { drLoadBalancer } from './dr-load-balancer';
import { drIstioMutualExtraFields } from './dr-istio-mutual-extra-fields';
import { drMutualNeedsCerts } from './dr-mutual-needs-certs';
import { drNoCaCertificates } from './dr-no-ca-certificates';
import { drOutlierDetection } from './dr-outlier-detection';
import { drPortLevelSettings } from './dr-port-level-settings';
import { drSelectorWithoutLabels } from './dr-selector-without-labels';
import { drSubsets } from './dr-subsets';
import { drTlsMode } from './dr-tls-mode';
import { drTunnel } from './dr-tunnel';
import { drWithoutTlsOverridesMtls } from './dr-without-tls-overrides-mtls';
import { drWorkloadSelector } from './dr-workload-selector';
import { istioMutualToDisabled } from './istio-mutual-to-disabled';
import { istioMutualToExternal } from './istio-mutual-to-external';
import { istioMutualToPlaintextServer } from './istio-mutual-to-plaintext-server';
import { kubeApiserverMtls } from './kube-apiserver-mtls';
import { legacyDeprecated } from './legacy-deprecated';
import { legacyMtlsMode } from './legacy-mtls-mode';
import { legacyPolicyName } from './legacy-policy-name';
import { migrationStepBreaksCall } from './migration-step-breaks-call';
import { paDisableWithoutReason } from './pa-disable-without-reason';
import { paDuplicateMesh } from './pa-duplicate-mesh';
import { paDuplicateNamespace } from './pa-duplicate-namespace';
import { paInvalidMode } from './pa-invalid-mode';
import { paMultipleWorkloadPolicies } from './pa-multiple-workload-policies';
import { paPermissive } from './pa-permissive';
import { paPortLevelKeys } from './pa-port-level-keys';
import { paPortLevelNeedsSelector } from './pa-port-level-needs-selector';
import { paPortNotContainerPort } from './pa-port-not-container-port';
import { paRootSelectorIgnored } from './pa-root-selector-ignored';
import { paSelectorEmptyKey } from './pa-selector-empty-key';
import { paSelectorNoWorkload } from './pa-selector-no-workload';
import { paSelectorWildcard } from './pa-selector-wildcard';
import { paSelectorWithoutLabels } from './pa-selector-without-labels';
import { plaintextWithoutAutoMtls } from './plaintext-without-auto-mtls';
import { probeStrict } from './probe-strict';
import { strictServerPlaintextClient } from './strict-server-plaintext-client';
import { tlsOverrideToStrict } from './tls-override-to-strict';
import { webhookStrict } from './webhook-strict';
import { ambientAndInjectionLabels } from './ambient-and-injection-labels';
import { ambientDisable } from './ambient-disable';
import { acceptWithoutReason } from './accept-without-reason';
import { declaredCallOtherScope, policiesWithoutWorkloads } from './app-structure';
import { constructInputBoth, constructInputKind, constructInputMissing, portNotServicePort, workloadWithoutPodLabels } from './construct-input';
import { ambientPlaintextToSidecar } from './ambient-plaintext-to-sidecar';
import { dataplaneUnknown } from './dataplane-unknown';
import { headlessAutoMtls } from './headless-auto-mtls';
import { sidecarToHeadlessAmbient } from './sidecar-to-headless-ambient';
import { sidecarWithoutHboneToAmbient } from './sidecar-without-hbone-to-ambient';
import { authzL7AtZtunnel } from './authz-l7-at-ztunnel';
import { authzDeniesDeclaredCall } from './authz-denies-declared-call';
import { authzTargetWithoutWaypoint } from './authz-target-without-waypoint';

export const RULES: readonly Rule[] = [
  paPortLevelNeedsSelector, paPortLevelKeys, paInvalidMode, paSelectorWildcard, paSelectorEmptyKey, paSelectorWithoutLabels,
  paRootSelectorIgnored, paDuplicateMesh, paDuplicateNamespace, paPermissive, paDisableWithoutReason,
  drHost, drEmptyTrafficPolicy, drPortLevelSettings, drTlsMode, drIstioMutualExtraFields, drMutualNeedsCerts,
  drCredentialNameWithFiles, drInsecureSkipVerify, drNoCaCertificates, drExportTo, drSubsets, drWorkloadSelector,
  drDuplicateHost, crdCelRule, drConnectionPool, drOutlierDetection, drLoadBalancer, drTunnel, drSelectorWithoutLabels,
  drCredentialNameWithoutSelector,
  legacyPolicyName, legacyMtlsMode, legacyDeprecated,
  paMultipleWorkloadPolicies, paSelectorNoWorkload, paPortNotContainerPort, duplicateObject,
  strictServerPlaintextClient, istioMutualToPlaintextServer, istioMutualToExternal, kubeApiserverMtls, tlsOverrideToStrict,
  istioMutualToDisabled, drWithoutTlsOverridesMtls, plaintextWithoutAutoMtls, webhookStrict,
  probeStrict, doubleTls, authzIdentityPlaintext, declaredCallUnknownHost,
  migrationStepBreaksCall,
  ambientPlaintextToSidecar, sidecarToHeadlessAmbient, sidecarWithoutHboneToAmbient, ambientDisable, ambientAndInjectionLabels,
  headlessAutoMtls, dataplaneUnknown, authzL7AtZtunnel, authzDeniesDeclaredCall, authzTargetWithoutWaypoint,
  acceptWithoutReason, declaredCallOtherScope, policiesWithoutWorkloads,
  constructInputBoth, constructInputMissing, constructInputKind, workloadWithoutPodLabels, portNotServicePort,
];
