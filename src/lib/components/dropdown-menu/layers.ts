/** The parts of a menu that only an open menu needs (bits-ui's floating layer, focus trap, dismissal), fetched on first use. */
export { default as Content } from './content-layer.svelte';
export { default as SubContent } from './sub-content-layer.svelte';
