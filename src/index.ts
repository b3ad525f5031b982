export * from './engine';
export * from './certs';
export * from './constructs';
