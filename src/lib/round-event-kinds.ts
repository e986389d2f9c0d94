/**
 * The board events about scoring rounds and the register of interests, shared by the server that announces
 * them (src/lib/server/round-events.ts) and the page that re-reads the rounds on hearing one.
 */
export const ROUND_EVENT_KINDS = [
	'round-opened',
	'round-started',
	'round-finished',
	'round-closed',
	'round-revealed',
	'round-agreed',
	'interests-changed',
	'round-settings'
] as const;

export type RoundEventKind = (typeof ROUND_EVENT_KINDS)[number];

export function isRoundEvent(kind: string): kind is RoundEventKind {
	return (ROUND_EVENT_KINDS as readonly string[]).includes(kind);
}
