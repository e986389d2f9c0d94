/**
 * @mentions in comment text. A mention is "@" followed by a member's display
 * name as the board knows it (names have spaces, so the longest name that
 * matches wins), at the start of the text or after a space or punctuation,
 * and not run on into another letter. Nothing extra is stored in the
 * comment: the browser and the server read the same plain text the same way.
 */

export interface Mentionable {
	readonly id: string;
	readonly name: string;
}

export type Piece = { readonly text: string } | { readonly text: string; readonly member: Mentionable };

const WORD = /[\p{L}\p{N}]/u;

function startsMention(body: string, at: number): boolean {
	return body[at] === '@' && (at === 0 || !WORD.test(body[at - 1]!));
}

/** The member named right after the "@" at `at`, the longest name first; null if none. */
function memberAt(body: string, at: number, byLength: readonly Mentionable[]): Mentionable | null {
	const rest = body.slice(at + 1, at + 1 + 200).toLocaleLowerCase('en-GB');
	for (const member of byLength) {
		const name = member.name.toLocaleLowerCase('en-GB');
		if (!name || !rest.startsWith(name)) continue;
		const after = rest[name.length];
		if (after === undefined || !WORD.test(after)) return member;
	}
	return null;
}

function longestFirst(members: readonly Mentionable[]): Mentionable[] {
	return [...members].filter((m) => m.name.trim()).sort((a, b) => b.name.length - a.name.length);
}

/** The text in pieces, mentions apart, for showing them as mentions (always as text). */
export function splitMentions(body: string, members: readonly Mentionable[]): Piece[] {
	const byLength = longestFirst(members);
	const pieces: Piece[] = [];
	let plainFrom = 0;
	for (let i = 0; i < body.length; i++) {
		if (!startsMention(body, i)) continue;
		const member = memberAt(body, i, byLength);
		if (!member) continue;
		if (i > plainFrom) pieces.push({ text: body.slice(plainFrom, i) });
		const end = i + 1 + member.name.length;
		pieces.push({ text: body.slice(i, end), member });
		plainFrom = end;
		i = end - 1;
	}
	if (plainFrom < body.length) pieces.push({ text: body.slice(plainFrom) });
	return pieces;
}

/** The ids of the members a text mentions, each once, in order. */
export function findMentions(body: string, members: readonly Mentionable[]): string[] {
	const ids: string[] = [];
	for (const piece of splitMentions(body, members)) if ('member' in piece && !ids.includes(piece.member.id)) ids.push(piece.member.id);
	return ids;
}

/**
 * The mention being typed at the caret: where its "@" is and what follows it
 * so far, for suggesting names; null when the caret is not in one.
 */
export function mentionQuery(text: string, caret: number): { start: number; query: string } | null {
	const before = text.slice(0, caret);
	const at = before.lastIndexOf('@');
	if (at < 0 || !startsMention(text, at)) return null;
	const query = before.slice(at + 1);
	if (query.length > 40 || /[\n@]/.test(query) || /^\s/.test(query)) return null;
	return { start: at, query };
}

/** Members whose name starts with (or has a word starting with) the query, best matches first. */
export function suggest(query: string, members: readonly Mentionable[], limit = 6): Mentionable[] {
	const q = query.toLocaleLowerCase('en-GB').trim();
	const scored = members.flatMap((m) => {
		const name = m.name.toLocaleLowerCase('en-GB');
		if (name.startsWith(q)) return [{ m, score: 0 }];
		if (name.split(/\s+/).some((word) => word.startsWith(q))) return [{ m, score: 1 }];
		return [];
	});
	return scored
		.sort((a, b) => a.score - b.score || a.m.name.localeCompare(b.m.name))
		.slice(0, limit)
		.map((s) => s.m);
}

/** The text with the mention being typed replaced by the member's name and a space; and the new caret. */
export function completeMention(
	text: string,
	mention: { start: number; query: string },
	member: Mentionable
): { text: string; caret: number } {
	const inserted = `@${member.name} `;
	const end = mention.start + 1 + mention.query.length;
	return { text: text.slice(0, mention.start) + inserted + text.slice(end), caret: mention.start + inserted.length };
}
