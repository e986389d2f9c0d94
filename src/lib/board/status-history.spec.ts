import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import * as init from './init.ts';
import * as criteria from './criteria.ts';
import * as models from './models.ts';
import * as scores from './scores.ts';
import * as statusHistory from './status-history.ts';

/** A log as the server keeps it: one entry per update, with who sent it and when. */
function loggedBoard() {
	const doc = new Y.Doc();
	const log: { update: Uint8Array; userId: string | null; createdAt: number }[] = [];
	let who: string | null = null;
	let clock = 1_000;
	doc.on('update', (update: Uint8Array) => log.push({ update, userId: who, createdAt: (clock += 1_000) }));
	const as = (user: string | null, change: () => void) => {
		who = user;
		change();
	};
	return { doc, log, as };
}

describe('status history from the update log', () => {
	it('lists who set each status, when and why, oldest first, ignoring edits that leave the status alone', () => {
		const { doc, log, as } = loggedBoard();
		let model = '';
		let vat = '';
		as(null, () => {
			init.initBoard(doc, { title: 'Board' });
			vat = criteria.add(doc, { name: 'VAT', weight: 0, knockout: true, threshold: 1 });
			model = models.add(doc, { name: 'Mutual' });
		});
		as('chair', () => models.setStatus(doc, model, 'shortlisted', { reason: 'Meets the strategic objectives' }));
		as('officer', () => scores.setScore(doc, model, vat, 0));
		as('chair', () => models.setStatus(doc, model, 'preferred', { reason: 'VAT ruling due in March', override: true }));
		as('member', () => models.setStatus(doc, model, 'discounted', { reason: 'Untested' }));
		const replay = new statusHistory.StatusHistoryReplay();
		replay.feed(log);
		expect(replay.events(model).map((e) => [e.status, e.reason, e.override, e.userId])).toEqual([
			['shortlisted', 'Meets the strategic objectives', false, 'chair'],
			['preferred', 'VAT ruling due in March', true, 'chair'],
			['discounted', 'Untested', false, 'member']
		]);
		expect(replay.events(model).map((e) => e.at)).toEqual([...replay.events(model).map((e) => e.at)].sort());
		replay.destroy();
	});

	it('stops at a snapshot: only the changes the version holds', () => {
		const { doc, log, as } = loggedBoard();
		let model = '';
		as(null, () => {
			init.initBoard(doc, { title: 'Board' });
			model = models.add(doc, { name: 'Company' });
		});
		as('chair', () => models.setStatus(doc, model, 'shortlisted', { reason: 'First workshop' }));
		const snapshot = Y.encodeStateAsUpdate(doc);
		as('chair', () => models.setStatus(doc, model, 'preferred', { reason: 'Second workshop' }));
		const replay = new statusHistory.StatusHistoryReplay(snapshot);
		replay.feed(log);
		expect(replay.events(model).map((e) => e.reason)).toEqual(['First workshop']);
	});
});
