export { default as RecoveryCodes } from './recovery-codes.svelte';
