export * from './certificate';
export * from './tls-secret';
export * from './inspect-cert-cli';
