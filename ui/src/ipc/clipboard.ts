// Copy to the clipboard (the clipboard-manager plugin; only write-text is allowed). Helper B.
export {};
