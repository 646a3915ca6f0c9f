// Shapes of the mailbox commands. Helper B fills these in.
export type MailboxReport = Record<string, unknown>;
