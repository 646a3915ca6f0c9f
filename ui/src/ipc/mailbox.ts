// The mailbox commands (to be written).
export {};
