export { default as BoardWorkspace } from './board-workspace.svelte';
