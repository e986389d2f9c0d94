import type { RoundEventKind } from '../round-event-kinds.ts';
import * as boardEvents from './board-events.ts';

/**
 * What everyone on a board hears, at once, about scoring rounds and the register of interests: a round
 * opened, closed or revealed, a member started or finished, a score agreed, an interest declared or ruled on,
 * the reveal setting changed. An event says who did what and, for a round, who has finished; never a score
 * or a rationale. Pages re-read the rounds endpoint on hearing one, which answers each member only with what
 * they may see.
 */

export type { RoundEventKind };

export interface Actor {
	id: string;
	name: string;
}

export async function announce(
	boardId: string,
	by: Actor,
	kind: RoundEventKind,
	text: string,
	round?: { id: string; status: string; finished: readonly string[] }
): Promise<void> {
	const data = round ? { roundId: round.id, status: round.status, finished: [...round.finished] } : {};
	await boardEvents.announce(boardId, { kind, text, by, data });
}
