/**
 * One look for every menu: the grids' column, row and status menus, the toolbars, versions, downloads and the
 * account menu. A long menu scrolls within the space the screen has (bits-ui measures it) instead of running
 * off a laptop's or phone's screen.
 */
export const contentClass =
	'z-50 max-h-(--bits-dropdown-menu-content-available-height) min-w-60 overflow-y-auto rounded-md border border-slate-300 bg-white p-1 shadow-lg';
export const itemClass =
	'flex cursor-default items-center gap-2 rounded px-3 py-2 text-base text-slate-900 outline-none select-none data-highlighted:bg-brand-50 data-disabled:text-slate-400';
