export { default as BoardHeader } from './board-header.svelte';
export { default as CollaborativeText } from './collaborative-text.svelte';
export { default as PresenceList, type Person } from './presence-list.svelte';
export { default as SyncStatus, type ConnectionState, type SaveState } from './sync-status.svelte';
export { LiveMeta, LiveText } from './live-meta.svelte.ts';
