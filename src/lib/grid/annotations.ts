import type { ThreadView } from '$lib/board/read';
import type { Grid } from '$lib/board/schema';

/** What other people put on top of the grid: their selected cells (presence) and comment counts. */

export interface RemoteCursor {
	readonly clientId: number;
	readonly userId: string;
	readonly name: string;
	readonly colour: string;
	readonly rowId: string;
	readonly colId: string;
	readonly editing: boolean;
}

export interface PeerLike {
	readonly clientId: number;
	readonly userId: string;
	readonly name: string;
	readonly colour: string;
	readonly state: Record<string, unknown>;
}

/** The presence fields this UI publishes with connection.setPresence. */
export interface CellPresence {
	readonly cell: { readonly grid: Grid; readonly rowId: string; readonly colId: string } | null;
	readonly editing: boolean;
}

export function cellKey(rowId: string, colId: string): string {
	return `${rowId}\u0000${colId}`;
}

/** Peers' selected cells in one grid. Anything malformed in a peer's state is ignored. */
export function remoteCursors(peers: readonly PeerLike[], grid: Grid): RemoteCursor[] {
	const out: RemoteCursor[] = [];
	for (const peer of peers) {
		const cell = peer.state.cell as { grid?: unknown; rowId?: unknown; colId?: unknown } | null | undefined;
		if (!cell || cell.grid !== grid || typeof cell.rowId !== 'string' || typeof cell.colId !== 'string') continue;
		out.push({
			clientId: peer.clientId,
			userId: peer.userId,
			name: peer.name || 'Someone',
			colour: peer.colour,
			rowId: cell.rowId,
			colId: cell.colId,
			editing: peer.state.editing === true
		});
	}
	return out;
}

export function byCell(cursors: readonly RemoteCursor[]): Map<string, RemoteCursor[]> {
	const map = new Map<string, RemoteCursor[]>();
	for (const c of cursors) {
		const key = cellKey(c.rowId, c.colId);
		map.set(key, [...(map.get(key) ?? []), c]);
	}
	return map;
}

export interface CommentCount {
	readonly open: number;
	readonly resolved: number;
}

/** Threads per cell (and per row, under the row id with colId ""), open ones counted separately. */
export function commentCounts(threads: readonly ThreadView[], grid: Grid): Map<string, CommentCount> {
	const map = new Map<string, CommentCount>();
	for (const t of threads) {
		if (t.grid !== grid || !t.targetExists) continue;
		const key = cellKey(t.rowId, t.columnId ?? '');
		const now = map.get(key) ?? { open: 0, resolved: 0 };
		map.set(key, t.resolved ? { ...now, resolved: now.resolved + 1 } : { ...now, open: now.open + 1 });
	}
	return map;
}
