import type { EditAction } from '$lib/grid/keymap';

export interface GridColumn {
	readonly id: string;
	/** The column's name, read out for every cell. */
	readonly label: string;
	/** In rem, so the grid grows with the projector's larger type. */
	readonly width: number;
	/** Stays in view when scrolling sideways (the service or model name). */
	readonly sticky?: boolean;
	/** Sticky because this person froze it (so the column menu offers to unfreeze it). */
	readonly frozen?: boolean;
	readonly align?: 'start' | 'end' | 'center';
	/** In rem: the width the longest word of its name needs (widenToWords), below which a phone may not narrow it. */
	readonly least?: number;
}

export interface GridRowItem {
	readonly kind: 'row';
	readonly id: string;
}

export interface GridGroupItem {
	readonly kind: 'group';
	readonly id: string;
	readonly label: string;
	readonly colour: string;
	readonly count: number;
	readonly collapsed: boolean;
}

export type GridItem = GridRowItem | GridGroupItem;

/** A heading spanning several columns (the model grid's criterion groups). */
export interface GridBand {
	readonly id: string;
	readonly label: string;
	/** Index of the first column it spans, and how many. */
	readonly start: number;
	readonly span: number;
}

export interface EditorContext {
	readonly rowId: string;
	readonly colId: string;
	/** A typed character that started the edit and replaces the value, or null to edit the value as it is. */
	readonly initial: string | null;
	/** Ends editing and moves as a spreadsheet does. */
	finish(action: EditAction | 'done'): void;
}

export type ActivateReason = 'enter' | 'toggle' | 'dblclick';
