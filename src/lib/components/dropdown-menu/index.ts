import { DropdownMenu } from 'bits-ui';

/**
 * The one dropdown-menu primitive (bits-ui underneath: focus, typeahead, arrow keys and Escape handled there),
 * styled once. Import it as a namespace: `import * as DropdownMenu from '$lib/components/dropdown-menu'`.
 */
export { default as Root } from './menu-root.svelte';
export { default as Trigger } from './menu-trigger.svelte';
export const Group = DropdownMenu.Group;
export const RadioGroup = DropdownMenu.RadioGroup;
export const Sub = DropdownMenu.Sub;
export { default as Content } from './menu-content.svelte';
export { default as Item } from './menu-item.svelte';
export { default as LinkItem } from './menu-link-item.svelte';
export { default as CheckboxItem } from './menu-checkbox-item.svelte';
export { default as RadioItem } from './menu-radio-item.svelte';
export { default as SubTrigger } from './menu-sub-trigger.svelte';
export { default as SubContent } from './menu-sub-content.svelte';
export { default as Separator } from './menu-separator.svelte';
export { default as GroupHeading } from './menu-group-heading.svelte';
