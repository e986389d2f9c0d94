export { default as CellHistory } from './cell-history.svelte';
export { default as ChangeEntry } from './change-entry.svelte';
