import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import * as init from '../board/init.ts';
import * as read from '../board/read.ts';
import * as scope from '../board/scope.ts';
import { TEMPLATE_COLUMN_IDS as C } from '../board/template.ts';
import { presentParts } from './present.ts';

const doc = new Y.Doc();
init.initBoard(doc, { title: 'Board', template: 'shadow-trust' });
scope.setCell(doc, 'svc-adoption', C.budget, 1250);
const view = read.readBoard(doc);

describe('the presenter view of an agenda item', () => {
	it('shows the services named and those in its areas, with their decision and budget', () => {
		const [services] = presentParts(
			[
				{ kind: 'area', id: 'area-care' },
				{ kind: 'service', id: 'svc-front-door' }
			],
			view,
			[]
		);
		expect(services?.caption).toBe('Services');
		expect(services?.headers.slice(0, 3)).toEqual(['Service', 'Scope decision', 'Budget (£k)']);
		const names = services!.rows.map((r) => r[0]);
		expect(names).toContain('Adoption');
		expect(names).toContain('Fostering');
		expect(names).toContain('Front door / multi-agency safeguarding hub');
		expect(names).not.toContain('Child protection');
		expect(services!.rows.find((r) => r[0] === 'Adoption')?.[2]).toBe('£1,250k');
	});

	it('shows every model against the criteria of a heading, or only the models named', () => {
		const criterion = view.models.criteria.find((c) => c.groupId !== null)!;
		const [all] = presentParts([{ kind: 'heading', id: criterion.groupId! }], view, []);
		expect(all?.headers).toContain(criterion.name);
		expect(all?.headers.slice(-2)).toEqual(['Total', 'Standing']);
		expect(all?.rows).toHaveLength(view.models.rows.length);
		const model = view.models.rows[1]!;
		const [one] = presentParts([{ kind: 'model', id: model.id }], view, []);
		expect(one?.rows.map((r) => r[0])).toEqual([model.name]);
		expect(presentParts([{ kind: 'service', id: 'gone' }], view, [])).toEqual([]);
	});
});
