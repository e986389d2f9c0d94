/**
 * The one dropdown-menu primitive (bits-ui underneath: focus, typeahead, arrow keys and Escape handled there),
 * styled once. Import it as a namespace: `import * as DropdownMenu from '$lib/components/dropdown-menu'`.
 * Every part here is a stand-in that renders bits-ui's part from `parts/`, fetched when a menu is first used.
 */
export { default as Root } from './menu-root.svelte';
export { default as Trigger } from './menu-trigger.svelte';
export { default as Group } from './menu-group.svelte';
export { default as RadioGroup } from './menu-radio-group.svelte';
export { default as Sub } from './menu-sub.svelte';
export { default as Content } from './menu-content.svelte';
export { default as Item } from './menu-item.svelte';
export { default as LinkItem } from './menu-link-item.svelte';
export { default as CheckboxItem } from './menu-checkbox-item.svelte';
export { default as RadioItem } from './menu-radio-item.svelte';
export { default as SubTrigger } from './menu-sub-trigger.svelte';
export { default as SubContent } from './menu-sub-content.svelte';
export { default as Separator } from './menu-separator.svelte';
export { default as GroupHeading } from './menu-group-heading.svelte';
