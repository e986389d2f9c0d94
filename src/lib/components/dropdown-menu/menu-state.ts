import { getContext, setContext } from 'svelte';

/** What a menu's trigger asks of its root: whether bits-ui runs this menu yet, and to open it (fetching the code first). */
export interface MenuState {
	/** bits-ui's root, trigger and content are mounted for this menu. */
	readonly live: boolean;
	/** The plain button had the focus: bits-ui's trigger takes it when mounted, so the open menu gives it back there. */
	readonly refocus: boolean;
	open(byKeyboard: boolean, hadFocus: boolean): void;
}

const KEY = Symbol('menu');

export function setMenuState(state: MenuState): void {
	setContext(KEY, state);
}

export function getMenuState(): MenuState {
	return getContext<MenuState>(KEY);
}
