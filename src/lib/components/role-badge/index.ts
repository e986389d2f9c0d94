export { default as RoleBadge } from './role-badge.svelte';
