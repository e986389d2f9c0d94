export { default as RelativeTime, formatRelative, formatAbsolute } from './relative-time.svelte';
