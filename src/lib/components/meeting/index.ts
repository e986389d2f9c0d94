export { default as SignOffPanel } from './sign-off-panel.svelte';
export { default as StatusBadge, type SignOffStatus } from './status-badge.svelte';
export { default as DecisionForm } from './decision-form.svelte';
