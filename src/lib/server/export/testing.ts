import * as Y from 'yjs';
import {
	CRITERIA,
	TEMPLATE_COLUMN_IDS as C,
	addScopeRow,
	initBoard,
	overrideRetainedTransfer,
	setConsulted,
	setDecisionState,
	setEqualityNote,
	setScopeCell,
	setScore
} from '../../board/index.ts';

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
			if (ch === '"' && text[i + 1] === '"') (field += '"'), i++;
			else if (ch === '"') quoted = false;
			else field += ch;
		} else if (ch === '"') quoted = true;
		else if (ch === ',') row.push(field), (field = '');
		else if (ch === '\r' && text[i + 1] === '\n') row.push(field), rows.push(row), (row = []), (field = ''), i++;
		else if (ch === '\n') row.push(field), rows.push(row), (row = []), (field = '');
		else field += ch;
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
	initBoard(doc, { title: 'Board', template: 'shadow-trust' });
	addScopeRow(doc, { id: 'svc-evil', values: { [C.service]: '=HYPERLINK("http://evil.example","Click")', [C.statutoryBasis]: '+1+1', [C.budget]: -250 } });
	addScopeRow(doc, { id: 'svc-at', values: { [C.service]: '@SUM(A1:A2)', [C.statutoryBasis]: '-2+3' } });
	addScopeRow(doc, { id: 'svc-tab', values: { [C.service]: '\tTabbed', [C.statutoryBasis]: '\rReturn' } });
	setScopeCell(doc, 'svc-fostering', C.notes, 'Line one\nLine "two", with comma');
	setScopeCell(doc, 'svc-fostering', C.budget, 2400.5);
	setScopeCell(doc, 'svc-fostering', C.staff, 41);
	setScopeCell(doc, 'svc-fostering', C.risk, 'amber');
	// Complete, so it is ranked: 3 on each of the 14 weighted criteria (42), and a pass on every gate.
	for (const c of CRITERIA) setScore(doc, 'model-cic', c.id, 3);
	setScore(doc, 'model-cic', 'crit-scope', 5);
	setDecisionState(doc, 'svc-fostering', 'consulted');
	setConsulted(doc, 'svc-fostering', 'staff', true);
	setConsulted(doc, 'svc-fostering', 'safeguardingBoard', true);
	setEqualityNote(doc, 'svc-fostering', '=No adverse impact');
	const chair = { id: 'user-1', name: 'Alex Lead', role: 'chair' } as const;
	overrideRetainedTransfer(doc, 'svc-dcs-lead-member', { actor: chair, reason: 'Counsel: delegable', at: new Date('2017-01-10T09:30:00Z') });
	return doc;
}

