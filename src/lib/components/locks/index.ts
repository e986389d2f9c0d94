export { default as LocksList } from './locks-list.svelte';
