import { Lazy } from '../lazy/index.ts';

/**
 * A menu's code (bits-ui's menu state, focus handling, floating layer) is fetched when a menu is first used, or
 * ahead of that when a pointer or the focus reaches a trigger: the page's first load carries plain buttons only
 * (`menu-trigger.svelte`), so a grid's column and row headers cost a button each until one is opened.
 */
export const menuParts = new Lazy(() => import('./parts/index.ts'));
