import { describe, expect, it } from 'vitest';
import { completeMention, findMentions, mentionQuery, splitMentions, suggest } from './mentions.ts';

const members = [
	{ id: 'ann', name: 'Ann Lee' },
	{ id: 'annlong', name: 'Ann Lee-Smith' },
	{ id: 'bob', name: 'Bob' },
	{ id: 'dana', name: 'Dana Reid (DfE)' }
];

describe('@mentions', () => {
	it('finds members by their whole name, the longest that fits, once each', () => {
		expect(findMentions('@Ann Lee please check, and @bob too. Thanks @Ann Lee', members)).toEqual(['ann', 'bob']);
		expect(findMentions('cc @Ann Lee-Smith', members)).toEqual(['annlong']);
		expect(findMentions('(@Dana Reid (DfE)) agreed', members)).toEqual(['dana']);
	});

	it('does not see a mention in an email address, a longer word or a name no member has', () => {
		expect(findMentions('mail bob@Bob.example or @Bobby or @Carol', members)).toEqual([]);
		expect(findMentions('@', members)).toEqual([]);
	});

	it('splits the text so mentions can be shown apart, losing nothing', () => {
		const pieces = splitMentions('Hi @Bob, see @Ann Lee.', members);
		expect(pieces.map((p) => p.text).join('')).toBe('Hi @Bob, see @Ann Lee.');
		expect(pieces.filter((p) => 'member' in p).map((p) => p.text)).toEqual(['@Bob', '@Ann Lee']);
	});

	it('knows the mention being typed at the caret and completes it with a member’s name', () => {
		expect(mentionQuery('Thanks @an', 10)).toEqual({ start: 7, query: 'an' });
		expect(mentionQuery('Thanks @', 8)).toEqual({ start: 7, query: '' });
		expect(mentionQuery('bob@exa', 7)).toBeNull();
		expect(mentionQuery('@ann\nnext', 9)).toBeNull();
		expect(suggest('lee', members).map((m) => m.id)).toEqual(['ann', 'annlong']);
		expect(suggest('b', members).map((m) => m.id)).toEqual(['bob']);
		const query = mentionQuery('Thanks @an for this', 10)!;
		expect(completeMention('Thanks @an for this', query, members[0]!)).toEqual({ text: 'Thanks @Ann Lee  for this', caret: 16 });
	});
});
