import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import * as comments from './comments.ts';
import * as criteria from './criteria.ts';
import * as init from './init.ts';
import * as locks from './locks.ts';
import * as models from './models.ts';
import * as read from './read.ts';
import * as scope from './scope.ts';
import * as scores from './scores.ts';
import * as template from './template.ts';

const chair = { id: 'u_chair000000001', name: 'Cai Chair' };

function board() {
	const doc = new Y.Doc();
	init.initBoard(doc, { title: 'Workshop', description: 'Scope and models', template: 'shadow-trust' });
	return doc;
}

/** Runs `change` and returns the view re-read from the parts it touched, beside the view before it. */
function afterChange(doc: Y.Doc, change: (doc: Y.Doc) => void) {
	const before = read.readBoard(doc);
	const parts = new Set<read.BoardPart>();
	const collect = (transaction: Y.Transaction) => {
		for (const part of read.changedParts(doc, transaction.changed.keys())) parts.add(part);
	};
	doc.on('afterTransaction', collect);
	change(doc);
	doc.off('afterTransaction', collect);
	return { before, parts, after: read.rereadBoard(doc, before, parts) };
}

const firstRow = template.SCOPE_ROWS[0]!.id;
const basis = template.TEMPLATE_COLUMN_IDS.statutoryBasis;

describe('re-reading only the parts of a board a change touched', () => {
	const changes: [string, (doc: Y.Doc) => void][] = [
		['a scope cell', (doc) => scope.setCell(doc, firstRow, basis, 'Children Act 1989, s.17')],
		['a new scope column', (doc) => scope.addColumn(doc, { name: 'Notes', type: 'text' })],
		['a score', (doc) => scores.setScore(doc, read.readBoard(doc).models.rows[0]!.id, read.readBoard(doc).models.criteria[0]!.id, 4)],
		['a new criterion', (doc) => criteria.add(doc, { name: 'Resilience' })],
		['the scale (on the meta map)', (doc) => criteria.setScale(doc, { min: 0, max: 10 })],
		['the appraisal note (on the meta map)', (doc) => criteria.setAppraisalNote(doc, 'Figures are illustrative')],
		['a model’s name', (doc) => models.setName(doc, read.readBoard(doc).models.rows[0]!.id, 'Wholly owned company')],
		['the title text', (doc) => (doc.getMap('meta').get('title') as Y.Text).insert(0, 'Second ')],
		['a comment', (doc) => comments.addComment(doc, { target: { grid: 'scope', rowId: firstRow }, body: 'Check the law', author: chair })],
		['a whole row deleted', (doc) => scope.deleteRow(doc, firstRow)]
	];

	it.each(changes)('after %s, reads the same board as reading all of it', (_name, change) => {
		const doc = board();
		const { after } = afterChange(doc, change);
		expect(after).toEqual(read.readBoard(doc));
	});

	it('keeps the parts a change did not touch as the same objects, so a scope cell does not re-read 750 scores', () => {
		const doc = board();
		const cell = afterChange(doc, (d) => scope.setCell(d, firstRow, basis, 'Education Act 1996'));
		expect([...cell.parts]).toEqual(['scope']);
		expect(cell.after.models).toBe(cell.before.models);
		expect(cell.after.scope).not.toBe(cell.before.scope);

		const score = afterChange(doc, (d) => scores.setScore(d, cell.after.models.rows[0]!.id, cell.after.models.criteria[0]!.id, 3));
		expect([...score.parts]).toEqual(['models']);
		expect(score.after.scope).toBe(score.before.scope);

		// Typing in the title touches a text inside the meta map, not the map's own keys (scale, benchmark).
		const title = afterChange(doc, (d) => (d.getMap('meta').get('title') as Y.Text).insert(0, 'Draft: '));
		expect([...title.parts]).toEqual(['meta']);
		expect(title.after.models).toBe(title.before.models);
		expect(title.after.title).toBe('Draft: Workshop');

		// A lock is read by the locks list, not the board view: nothing to re-read.
		const locked = afterChange(doc, (d) => locks.lock(d, { kind: 'row', grid: 'scope', rowId: firstRow }, chair));
		expect(locked.parts.size).toBe(0);
		expect(locked.after).toBe(locked.before);
	});
});
