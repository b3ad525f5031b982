export * from './engine';
export * from './certs';
