export { default as CopyButton } from './copy-button.svelte';
