export { Lazy, warmWhenIdle } from './lazy.svelte.ts';
