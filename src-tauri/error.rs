//! The error every command returns to the UI: the core's stable code, its plain message and a
//! suggested fix. The UI branches on `code` (ui/src/ipc/), never on the message text.

use sendwell_core::ErrorPayload;
use serde::Serialize;

/// What a rejected `invoke` carries: `{ code, message, suggestion }`.
#[derive(Debug, Clone, Serialize)]
#[serde(transparent)]
pub struct CommandError(pub ErrorPayload);

impl From<sendwell_core::Error> for CommandError {
    fn from(e: sendwell_core::Error) -> Self {
        CommandError(e.to_payload())
    }
}

/// Result of every command.
pub type CommandResult<T> = Result<T, CommandError>;
