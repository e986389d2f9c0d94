import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import * as criteria from '$lib/board/criteria';
import * as boardModels from '$lib/board/models';
import * as scores from '$lib/board/scores';
import * as read from '$lib/board/read';
import { parseScale, strandedMessage, strandedScores } from './scale-change.ts';

describe('parseScale', () => {
	it('accepts whole numbers with the lowest below the highest', () => {
		expect(parseScale('1', ' 10 ')).toEqual({ scale: { min: 1, max: 10 } });
		expect(parseScale('-2', '2')).toEqual({ scale: { min: -2, max: 2 } });
	});

	it('says what is wrong otherwise', () => {
		expect(parseScale('', '5')).toEqual({ problem: 'The lowest and highest scores must be whole numbers.' });
		expect(parseScale('0', '4.5')).toEqual({ problem: 'The lowest and highest scores must be whole numbers.' });
		expect(parseScale('5', '5')).toEqual({ problem: 'The highest score must be above the lowest.' });
		expect(parseScale('0', '1000')).toEqual({ problem: 'Scores must lie between -100 and 100.' });
	});
});

describe('strandedScores', () => {
	const doc = new Y.Doc();
	const vat = criteria.add(doc, { name: 'VAT' });
	const pace = criteria.add(doc, { name: 'Pace' });
	const mutual = boardModels.add(doc, { name: 'Mutual' });
	const cic = boardModels.add(doc, { name: 'CIC' });
	scores.setScore(doc, mutual, vat, 0);
	scores.setScore(doc, mutual, pace, 5);
	scores.setScore(doc, cic, vat, 3);
	const models = read.readBoard(doc).models;

	it('lists the scores a new range would leave outside it', () => {
		expect(strandedScores(models, { min: 0, max: 10 })).toEqual([]);
		expect(strandedScores(models, { min: 1, max: 4 })).toEqual([
			{ model: 'Mutual', criterion: 'VAT', score: 0 },
			{ model: 'Mutual', criterion: 'Pace', score: 5 }
		]);
	});

	it('names them in the message, a few at a time', () => {
		const stranded = strandedScores(models, { min: 4, max: 10 });
		expect(strandedMessage(stranded, { min: 4, max: 10 })).toBe(
			'2 scores lie outside 4–10 (Mutual – VAT: 0; CIC – VAT: 3). Change or clear them first, then change the scale.'
		);
		expect(strandedMessage(stranded, { min: 4, max: 10 }, 1)).toBe(
			'2 scores lie outside 4–10 (Mutual – VAT: 0; and 1 more). Change or clear them first, then change the scale.'
		);
		expect(strandedMessage(stranded.slice(0, 1), { min: 4, max: 10 })).toBe(
			'1 score lies outside 4–10 (Mutual – VAT: 0). Change or clear it first, then change the scale.'
		);
	});
});
