/**
 * Following the chair: the chair's page publishes what it shows in its
 * presence (the tab, the selected cell, how far the grid is scrolled, the
 * agenda item open), and a member who follows mirrors it. Presence is
 * stamped by the server with the sender's real identity, so a "chair's view"
 * is only ever taken from a member whose role is chair.
 */

/** The board event a chair sends to ask everyone to follow their screen. */
export const FOLLOW_EVENT = 'follow-chair';

export interface ChairView {
	readonly tab: 'scope' | 'models';
	readonly cell: { readonly rowId: string; readonly colId: string } | null;
	/** Scroll offsets of the grid in rem, so screens with other type sizes land on the same rows. */
	readonly scroll: { readonly top: number; readonly left: number } | null;
	readonly agendaItem: string | null;
}

const ID = /^[A-Za-z0-9@_-]{1,64}$/;

function isId(value: unknown): value is string {
	return typeof value === 'string' && ID.test(value);
}

function isOffset(value: unknown): value is number {
	return typeof value === 'number' && Number.isFinite(value) && value >= 0 && value < 1e6;
}

/** The `view` field of a presence state, if it is well formed (presence is another member's bytes). */
export function readChairView(presence: Record<string, unknown> | null | undefined): ChairView | null {
	const view = presence?.view;
	if (typeof view !== 'object' || view === null) return null;
	const { tab, cell, scroll, agendaItem } = view as Record<string, unknown>;
	if (tab !== 'scope' && tab !== 'models') return null;
	const c = cell as Record<string, unknown> | null | undefined;
	const s = scroll as Record<string, unknown> | null | undefined;
	return {
		tab,
		cell: c && isId(c.rowId) && isId(c.colId) ? { rowId: c.rowId, colId: c.colId } : null,
		scroll: s && isOffset(s.top) && isOffset(s.left) ? { top: s.top, left: s.left } : null,
		agendaItem: isId(agendaItem) ? agendaItem : null
	};
}

export interface PresentPeer {
	readonly userId: string;
	readonly name: string;
	readonly state: Record<string, unknown>;
}

/**
 * Whom to follow: the chair who asked (if present), else the first chair
 * present by name. Only members whose role is chair qualify, and never me.
 */
export function pickLeader<P extends PresentPeer>(
	peers: readonly P[],
	chairIds: ReadonlySet<string>,
	meId: string,
	preferred: string | null
): P | null {
	const chairs = peers.filter((p) => chairIds.has(p.userId) && p.userId !== meId && readChairView(p.state));
	return chairs.find((p) => p.userId === preferred) ?? [...chairs].sort((a, b) => a.name.localeCompare(b.name))[0] ?? null;
}

/** Two views the same for a follower's purposes (the chair's presence is re-sent for other reasons too). */
export function sameView(a: ChairView | null, b: ChairView | null): boolean {
	return JSON.stringify(a) === JSON.stringify(b);
}
