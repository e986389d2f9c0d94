export { default as ReasonDialog } from './reason-dialog.svelte';
