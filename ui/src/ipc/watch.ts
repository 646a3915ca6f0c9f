// The watch commands (to be written).
export {};
