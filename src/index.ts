export * from './engine';
export * from './certs';
export * from './constructs';
export { status, StatusRow } from './engine/status';
export { runCli, CliIo } from './cli/main';
export { IstioMtlsValidation, IstioMtlsValidationProperties } from './plugin';
