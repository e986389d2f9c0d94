export { default as SignOffPanel } from './sign-off-panel.svelte';
export { default as StatusBadge, type SignOffStatus } from './status-badge.svelte';
export { default as DecisionForm } from './decision-form.svelte';
export { default as AgendaBar } from './agenda-bar.svelte';
export { default as FollowChair } from './follow-chair.svelte';
export { default as AgendaItemForm } from './agenda-item-form.svelte';
