export { Lazy } from './lazy.svelte.ts';
