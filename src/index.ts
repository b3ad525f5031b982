// Public API of cdk8s-istio-mtls. Everything exported here is jsii-compatible (classes, interfaces, enums; free
// functions are TypeScript-only conveniences that jsii leaves out). CLI internals live in './cli/main'.
export * from './engine';
export { status, StatusRow } from './engine/status';
export * from './constructs';
export {
  CertificateInfo, SpiffeIdentity, inspectCertificate, parseSpiffeId, keyMatchesCertificate,
} from './certs/certificate';
export * from './certs/tls-secret';
export * from './plugin';
