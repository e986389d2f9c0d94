import {
	DEFAULT_VIEW,
	clampWidth,
	loadViewState,
	saveViewState,
	type ModelsViewState,
	type ScopeViewState,
	type ViewState
} from './view-state.ts';

function storage(): Storage | null {
	try {
		return typeof localStorage === 'undefined' ? null : localStorage;
	} catch {
		return null;
	}
}

/**
 * The reactive personal view of one board. With no board id (a saved version
 * shown read-only) it is kept in memory only.
 */
export class PersonalView {
	#boardId: string | null;
	current = $state<ViewState>(DEFAULT_VIEW);

	constructor(boardId: string | null) {
		this.#boardId = boardId;
		if (boardId) this.current = loadViewState(storage(), boardId);
	}

	#set(next: ViewState): void {
		this.current = next;
		if (this.#boardId) saveViewState(storage(), this.#boardId, next);
	}

	setTab(tab: ViewState['tab']): void {
		this.#set({ ...this.current, tab });
	}

	setPanelOpen(panelOpen: boolean): void {
		this.#set({ ...this.current, panelOpen });
	}

	updateScope(change: Partial<ScopeViewState>): void {
		this.#set({ ...this.current, scope: { ...this.current.scope, ...change } });
	}

	updateModels(change: Partial<ModelsViewState>): void {
		this.#set({ ...this.current, models: { ...this.current.models, ...change } });
	}

	/** null goes back to the column's default width. */
	setWidth(colId: string, width: number | null): void {
		const widths = { ...this.current.widths };
		if (width === null) delete widths[colId];
		else widths[colId] = clampWidth(width);
		this.#set({ ...this.current, widths });
	}

	/** Freezes the column at the left, or unfreezes it. */
	toggleFrozen(colId: string): void {
		const frozen = this.current.frozen;
		this.#set({ ...this.current, frozen: frozen.includes(colId) ? frozen.filter((id) => id !== colId) : [...frozen, colId] });
	}

	/** `defaults` are the columns hidden until I first choose (see ViewState.hidden). */
	setHidden(colId: string, hide: boolean, defaults: readonly string[] = []): void {
		const hidden = (this.current.hidden ?? defaults).filter((id) => id !== colId);
		this.#set({ ...this.current, hidden: hide ? [...hidden, colId] : hidden });
	}

	showAllColumns(): void {
		this.#set({ ...this.current, hidden: [] });
	}

	toggleCollapsed(groupKey: string): void {
		const collapsed = this.current.scope.collapsed;
		this.updateScope({
			collapsed: collapsed.includes(groupKey) ? collapsed.filter((k) => k !== groupKey) : [...collapsed, groupKey]
		});
	}
}
