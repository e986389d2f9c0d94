import { Lazy } from '../lazy/index.ts';

/**
 * A menu's content is fetched when any menu first opens, or ahead of that when a pointer or the focus reaches a
 * trigger: the page's first load carries the triggers only. bits-ui mounts the content as soon as it arrives and
 * moves the focus into it then, so a first Enter or click on a trigger still opens its menu.
 */
export const menuLayers = new Lazy(() => import('./layers.ts'));
