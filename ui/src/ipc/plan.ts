// The plan commands (to be written).
export {};
