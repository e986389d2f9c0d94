import { DropdownMenu } from 'bits-ui';

/** A menu's bits-ui parts (state, focus, typeahead, floating layer, dismissal): fetched when a menu is first used. */
export { default as Root } from './root.svelte';
export { default as Content } from './content.svelte';
export { default as SubContent } from './sub-content.svelte';
export { default as Item } from './item.svelte';
export { default as LinkItem } from './link-item.svelte';
export { default as CheckboxItem } from './checkbox-item.svelte';
export { default as RadioItem } from './radio-item.svelte';
export { default as SubTrigger } from './sub-trigger.svelte';
export { default as Separator } from './separator.svelte';
export { default as GroupHeading } from './group-heading.svelte';
export const Trigger = DropdownMenu.Trigger;
export const Group = DropdownMenu.Group;
export const RadioGroup = DropdownMenu.RadioGroup;
export const Sub = DropdownMenu.Sub;
