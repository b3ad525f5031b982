/**
 * The mesh model: every API version we support normalized into one set of records, with indexes.
 *
 * PeerAuthentication security.istio.io/v1 + v1beta1, legacy authentication.istio.io/v1alpha1 MeshPolicy and
 * Policy, DestinationRule networking.istio.io/v1 + v1beta1 + v1alpha3, and the topology objects (Namespaces,
 * workloads, Services, ServiceEntries, webhook configurations, AuthorizationPolicies).
 * @internal
 */
export * from './records';
export * from './hosts';
export { ServiceDirectory } from './directory';
export { BuildOptions, buildModel, modelOf, refOf } from './build';
export { sidecarOf } from './workloads';
export { Dataplane, DataplaneDecision, dataplaneOf } from './dataplane';
export { READERS } from './readers';
export { wildcardsMatching } from './indexes';
export { hasKeys, isObject, stringMap, toPort } from '../values';
export { CALLS_ANNOTATION, groupOf, inGroup } from '../vocabulary';
export { selectorMatches } from './selectors';
export { VirtualServiceModel, VirtualServiceRoute } from './virtual-services';
