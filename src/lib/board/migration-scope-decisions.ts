import * as Y from 'yjs';
import * as schema from './schema.ts';
import type { YMap } from './schema.ts';

/**
 * Schema 2 → 3, scope of services: every service gets the record of its scope decision (who was consulted,
 * an equality-impact note), and the statutory roles the law keeps with the council (the Director of Children's
 * Services and the Lead Member, sections 18 and 19 Children Act 2004) are marked so, so that setting them to
 * transfer needs the chair's override. Existing decisions become proposals (no state stored): the board has
 * not yet recorded any as consulted on or agreed.
 */

/** The template's row for the statutory roles, and how other boards are likely to have named it. */
const STATUTORY_ROLES_ROW = 'svc-dcs-lead-member';
const STATUTORY_ROLES_NAME = /director of children'?s services|\blead member\b/i;

function serviceName(doc: Y.Doc, row: YMap): string {
	const cells = schema.childMap(row, 'cells');
	let name = '';
	schema.roots(doc).scopeColumns.forEach((column, id) => {
		if (name || !(column instanceof Y.Map) || column.get('role') !== 'service') return;
		const value = cells?.get(id);
		if (typeof value === 'string') name = value;
	});
	return name;
}

export function migrateScopeDecisions(doc: Y.Doc): void {
	schema.roots(doc).scopeRows.forEach((value, rowId) => {
		if (!(value instanceof Y.Map)) return;
		const row = value as YMap;
		if (!(row.get('consulted') instanceof Y.Map)) row.set('consulted', new Y.Map<unknown>());
		if (!(row.get('equalityNote') instanceof Y.Text)) row.set('equalityNote', new Y.Text());
		if (rowId === STATUTORY_ROLES_ROW || STATUTORY_ROLES_NAME.test(serviceName(doc, row))) row.set('retainedByLaw', true);
	});
}
