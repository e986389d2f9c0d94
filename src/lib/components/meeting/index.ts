export { default as SignOffPanel } from './sign-off-panel.svelte';
export { default as StatusBadge } from './status-badge.svelte';
