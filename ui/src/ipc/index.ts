// The one door between the UI and the Rust core: the only module that may import @tauri-apps/*.
// Everything else imports from '../ipc' and gets plain typed functions and IpcError.

export { checkDomain } from './commands';
export { IpcError, isKnownErrorCode, toIpcError } from './errors';
export * from './types';
