export { default as ScopeGrid } from './scope-grid.svelte';
export { default as ScopeSummary } from './scope-summary.svelte';
export { default as DecisionRecord } from './decision-record.svelte';
