import * as Y from 'yjs';
import * as init from '../../src/lib/board/init.ts';
import * as boardCriteria from '../../src/lib/board/criteria.ts';
import * as models from '../../src/lib/board/models.ts';
import * as scores from '../../src/lib/board/scores.ts';
import * as scope from '../../src/lib/board/scope.ts';
import * as schema from '../../src/lib/board/schema.ts';
import * as template from '../../src/lib/board/template.ts';

export interface GridSize {
	scopeRows: number;
	scopeColumns: number;
	models: number;
	criteria: number;
}

/** The shadow-trust template as a new board gets it. */
export function templateBoard(): Uint8Array {
	const doc = new Y.Doc();
	init.initBoard(doc, { title: 'Shadow trust board', description: 'Scope of services and delivery models', template: 'shadow-trust' });
	return Y.encodeStateAsUpdate(doc);
}

/** The template grown to a large workshop board: every scope row filled in, every model scored. */
export function bigBoard(size: GridSize): Uint8Array {
	const doc = new Y.Doc();
	init.initBoard(doc, { title: 'Large board', description: 'Grid rendering benchmark', template: 'shadow-trust' });
	const r = schema.roots(doc);
	for (let c = r.scopeColumns.size; c < size.scopeColumns; c++) scope.addColumn(doc, { name: `Extra ${c + 1}`, type: 'text' });
	for (let i = r.scopeRows.size; i < size.scopeRows; i++) {
		scope.addRow(doc, {
			values: {
				[template.TEMPLATE_COLUMN_IDS.service]: `Service ${i + 1}`,
				[template.TEMPLATE_COLUMN_IDS.statutoryBasis]: `Children Act 1989, s.${i % 90}`
			}
		});
	}
	for (let c = r.criteria.size; c < size.criteria; c++) boardCriteria.add(doc, { name: `Criterion ${c + 1}` });
	for (let m = r.models.size; m < size.models; m++) models.add(doc, { name: `Model ${m + 1}` });
	const criteria = [...r.criteria.keys()];
	let n = 0;
	for (const modelId of r.models.keys()) for (const criterionId of criteria) scores.setScore(doc, modelId, criterionId, n++ % 6);
	return Y.encodeStateAsUpdate(doc);
}
