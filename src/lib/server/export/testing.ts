import * as Y from 'yjs';
import * as template from '../../board/template.ts';
import * as scope from '../../board/scope.ts';
import * as init from '../../board/init.ts';
import * as decisions from '../../board/decisions.ts';
import * as scores from '../../board/scores.ts';

// Test support for the export writers' specs.

/** A minimal RFC 4180 reader (also taking bare LF line ends, as LibreOffice writes), to read back what was written. */
export function parseCsv(text: string): string[][] {
	const rows: string[][] = [];
	let row: string[] = [];
	let field = '';
	let quoted = false;
	for (let i = 0; i < text.length; i++) {
		const ch = text[i];
		if (quoted) {
			if (ch === '"' && text[i + 1] === '"') {
				field += '"';
				i++;
			} else if (ch === '"') quoted = false;
			else field += ch;
		} else if (ch === '"') quoted = true;
		else if (ch === ',') {
			row.push(field);
			field = '';
		} else if (ch === '\n' || (ch === '\r' && text[i + 1] === '\n')) {
			if (ch === '\r') i++;
			row.push(field);
			rows.push(row);
			row = [];
			field = '';
		} else field += ch;
	}
	if (field !== '' || row.length > 0) rows.push([...row, field]);
	return rows;
}

/**
 * A template board with formula-like text, a negative budget, decimals and multi-line text, a decision record
 * on fostering and the chair's override on the statutory roles.
 */
export function hostileBoard(): Y.Doc {
	const doc = new Y.Doc();
	init.initBoard(doc, { title: 'Board', template: 'shadow-trust' });
	scope.addRow(doc, {
		id: 'svc-evil',
		values: {
			[template.TEMPLATE_COLUMN_IDS.service]: '=HYPERLINK("http://evil.example","Click")',
			[template.TEMPLATE_COLUMN_IDS.statutoryBasis]: '+1+1',
			[template.TEMPLATE_COLUMN_IDS.budget]: -250
		}
	});
	scope.addRow(doc, {
		id: 'svc-at',
		values: { [template.TEMPLATE_COLUMN_IDS.service]: '@SUM(A1:A2)', [template.TEMPLATE_COLUMN_IDS.statutoryBasis]: '-2+3' }
	});
	scope.addRow(doc, {
		id: 'svc-tab',
		values: { [template.TEMPLATE_COLUMN_IDS.service]: '\tTabbed', [template.TEMPLATE_COLUMN_IDS.statutoryBasis]: '\rReturn' }
	});
	scope.setCell(doc, 'svc-fostering', template.TEMPLATE_COLUMN_IDS.notes, 'Line one\nLine "two", with comma');
	scope.setCell(doc, 'svc-fostering', template.TEMPLATE_COLUMN_IDS.budget, 2400.5);
	scope.setCell(doc, 'svc-fostering', template.TEMPLATE_COLUMN_IDS.staff, 41);
	scope.setCell(doc, 'svc-fostering', template.TEMPLATE_COLUMN_IDS.risk, 'amber');
	// Complete, so it is ranked: 3 on each of the 14 weighted criteria (42), and a pass on every gate.
	for (const c of template.CRITERIA) scores.setScore(doc, 'model-cic', c.id, 3);
	scores.setScore(doc, 'model-cic', 'crit-scope', 5);
	decisions.setDecisionState(doc, 'svc-fostering', 'consulted');
	decisions.setConsulted(doc, 'svc-fostering', 'staff', true);
	decisions.setConsulted(doc, 'svc-fostering', 'safeguardingBoard', true);
	decisions.setEqualityNote(doc, 'svc-fostering', '=No adverse impact');
	const chair = { id: 'user-1', name: 'Alex Lead', role: 'chair' } as const;
	decisions.overrideRetainedTransfer(doc, 'svc-dcs-lead-member', {
		actor: chair,
		reason: 'Counsel: delegable',
		at: new Date('2017-01-10T09:30:00Z')
	});
	return doc;
}
