/** The owner of the server's own client id (server-side changes): no member may write under it. */
const SERVER = '';
/** New client ids one update may bind: a returning client brings one per page load it edited offline in. */
export const MAX_NEW_IDS_PER_UPDATE = 64;

/**
 * Who may write under each Yjs client id of one board. Client ids are public (every update and presence
 * carries them), so without this a member could write under another's id and make the board ignore or
 * delete that member's later edits. An id is bound to the member who first announces it (presence) or
 * writes under it, here and in the database (`src/lib/server/client-ids.ts`), so the binding outlives the
 * room and is the same on every instance; ids with content from before bindings existed are bound on first use.
 */
export class ClientIdRegistry {
	readonly #owners: Map<number, string>;
	readonly #store: (clientId: number, userId: string) => void;

	constructor(stored: Map<number, string>, serverClientId: number, store: (clientId: number, userId: string) => void) {
		this.#owners = new Map(stored);
		this.#owners.set(serverClientId, SERVER);
		this.#store = store;
	}

	ownerOf(clientId: number): string | undefined {
		return this.#owners.get(clientId);
	}

	/**
	 * Binds the unbound ids to `userId`. Returns an id bound to someone else (and binds nothing), or null when
	 * all of them are now the member's.
	 */
	claim(clientIds: Iterable<number>, userId: string): number | null {
		const fresh: number[] = [];
		for (const clientId of clientIds) {
			const owner = this.#owners.get(clientId);
			if (owner === undefined) fresh.push(clientId);
			else if (owner !== userId) return clientId;
		}
		for (const clientId of fresh) {
			this.#owners.set(clientId, userId);
			this.#store(clientId, userId);
		}
		return null;
	}

	/**
	 * Presence from another instance carries its member (stamped there, from the session): those client ids are
	 * bound there and stored, and this instance learns them without waiting to reload.
	 */
	learnFromPresence(clientIds: number[], states: Map<number, unknown>): void {
		for (const clientId of clientIds) {
			const user = (states.get(clientId) as { user?: { id?: unknown } } | undefined)?.user;
			if (typeof user?.id === 'string' && !this.#owners.has(clientId)) this.#owners.set(clientId, user.id);
		}
	}
}
