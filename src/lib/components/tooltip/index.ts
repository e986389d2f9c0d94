export { default as Tooltip } from './tooltip.svelte';
