import { describe, expect, it } from 'vitest';
import { pickLeader, readChairView } from './follow.ts';

const view = {
	tab: 'models',
	cell: { rowId: 'model-cic', colId: '@name' },
	scroll: { top: 12.5, left: 0 },
	agendaItem: 'abcdefghijklmnop'
};

describe('following the chair', () => {
	it('reads a chair’s published view, dropping what is malformed', () => {
		expect(readChairView({ view })).toEqual(view);
		expect(readChairView({ view: { ...view, tab: 'settings' } })).toBeNull();
		expect(
			readChairView({ view: { ...view, cell: { rowId: '<script>', colId: 'x' }, scroll: { top: -1, left: 0 }, agendaItem: 7 } })
		).toEqual({
			tab: 'models',
			cell: null,
			scroll: null,
			agendaItem: null
		});
		expect(readChairView({})).toBeNull();
		expect(readChairView(null)).toBeNull();
	});

	it('follows only a chair who is here and publishing, the one who asked first, never me', () => {
		const peer = (userId: string, name: string, published = true) => ({ userId, name, state: published ? { view } : {} });
		const peers = [peer('ed', 'Ed Editor'), peer('c2', 'Zoe Chair'), peer('c1', 'Ann Chair'), peer('c3', 'Bea Chair', false)];
		const chairs = new Set(['c1', 'c2', 'c3', 'me']);
		expect(pickLeader(peers, chairs, 'me', null)?.userId).toBe('c1');
		expect(pickLeader(peers, chairs, 'me', 'c2')?.userId).toBe('c2');
		// Someone not a chair is never followed, even if they publish a view and "asked".
		expect(pickLeader(peers, new Set(['c3']), 'me', 'ed')).toBeNull();
		expect(pickLeader([peer('me', 'Me Chair')], chairs, 'me', null)).toBeNull();
	});
});
