import { getContext, setContext } from 'svelte';
import type { BoardConnection, Peer } from '$lib/collab/board-connection.svelte';
import { Notices } from '$lib/components/notices';
import type { AgendaState } from './agenda.ts';
import { FOLLOW_EVENT, pickLeader, readChairView, type ChairView } from './follow.ts';
import { LiveAgenda } from './live-agenda.svelte.ts';

export interface MeetingOptions {
	boardId: string;
	me: { id: string; name: string };
	isChair: boolean;
	/** The board's chairs: only their presence is ever followed. */
	chairIds: readonly string[];
	agenda: AgendaState;
}

/**
 * The meeting as one open board page sees it: the live agenda and clock, the
 * notices of what others did, and whether I am following the chair's screen.
 * It exists before the live connection (the server renders the agenda bar with
 * the page), hears the connection once `connect` hands it over, and ends its
 * subscriptions in `destroy`.
 */
export class Meeting {
	readonly boardId: string;
	readonly me: { id: string; name: string };
	readonly isChair: boolean;
	readonly agenda: LiveAgenda;
	readonly notices = new Notices();
	connection = $state<BoardConnection | null>(null);
	/** Mirroring the chair's screen now. */
	following = $state(false);
	/** The agenda item whose details are open in the agenda bar (a follower sees the chair's). */
	openItem = $state<string | null>(null);
	#preferred = $state<string | null>(null);
	readonly #chairIds: ReadonlySet<string>;
	readonly #stops: (() => void)[] = [];

	constructor(options: MeetingOptions) {
		this.boardId = options.boardId;
		this.me = options.me;
		this.isChair = options.isChair;
		this.#chairIds = new Set(options.chairIds);
		this.agenda = new LiveAgenda(options.boardId, options.agenda);
	}

	/** Hears the board's live connection: the agenda's changes, following the chair, others' doings as notices. */
	connect(connection: BoardConnection): void {
		this.connection = connection;
		this.#stops.push(this.agenda.follow(connection));
		this.#stops.push(
			connection.onEvent((event) => {
				if (event.kind === FOLLOW_EVENT && event.by && event.by.id !== this.me.id && this.#chairIds.has(event.by.id))
					this.follow(event.by.id);
				// Every event with a sentence is a notice, whatever its kind; my own doings I already know about.
				if (event.by?.id !== this.me.id) this.notices.push(event.text, event.kind);
			})
		);
	}

	/** The chair I follow, or would follow, if one is here. */
	get leader(): Peer | null {
		return pickLeader(this.connection?.peers ?? [], this.#chairIds, this.me.id, this.#preferred);
	}

	get leaderView(): ChairView | null {
		const leader = this.leader;
		return leader ? readChairView(leader.state) : null;
	}

	follow(preferred: string | null = null): void {
		if (this.isChair && preferred === null) return;
		if (preferred) this.#preferred = preferred;
		this.following = true;
	}

	/** I did something of my own: stop mirroring, until I choose to follow again. */
	unfollow(): void {
		this.following = false;
	}

	destroy(): void {
		for (const stop of this.#stops.splice(0)) stop();
		this.notices.destroy();
	}
}

const KEY = Symbol('meeting');

export function setMeeting(meeting: Meeting): Meeting {
	return setContext(KEY, meeting);
}

/** The open board's meeting, or null on a page without one (a saved version). */
export function getMeeting(): Meeting | null {
	return getContext<Meeting | undefined>(KEY) ?? null;
}
