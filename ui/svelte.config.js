// Svelte compiler options for the Sendwell UI (read by vite-plugin-svelte and svelte-check).
// TypeScript in <script lang="ts"> is handled by Svelte 5 itself; no preprocessor is needed.

/** @type {import('@sveltejs/vite-plugin-svelte').SvelteConfig} */
export default {
  vitePlugin: {
    // Our own components use runes only (no legacy `$:` or `export let`); libraries keep theirs.
    dynamicCompileOptions({ filename }) {
      if (!filename.includes('/node_modules/')) return { runes: true };
    },
  },
};
