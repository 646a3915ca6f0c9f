// The one door between the UI and the Rust core: the only module that may import @tauri-apps/*.
// Everything else imports from '../ipc' and gets plain typed functions and IpcError.

export { checkDomain } from './commands';
export { IpcError, isKnownErrorCode, toIpcError } from './errors';
export * from './types';
export * from './session';
export * from './session-types';
export * from './plan';
export * from './plan-types';
export * from './watch';
export * from './watch-types';
export * from './mailbox';
export * from './mailbox-types';
export * from './clipboard';
