import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import * as decisions from './decisions.ts';
import * as guard from './guard.ts';
import * as init from './init.ts';
import * as read from './read.ts';
import * as retainedPolicy from './retained-policy.ts';
import * as scope from './scope.ts';
import * as template from './template.ts';
import * as validate from './validate.ts';
import type { Actor } from './decisions.ts';

type YMap = Y.Map<unknown>;
const DCS = 'svc-dcs-lead-member';
const chairActor: Actor = { id: 'u-chair', name: 'Chris Chair', role: 'chair' };

/** Stands in for the server's per-socket origin: who sent the update, with their board role. */
class Member {
	constructor(readonly role: 'chair' | 'editor') {}
}

/**
 * A server document guarded as the collab server guards it, and two clients exchanging updates with it: the
 * chair, and an editor whose client skips the board model's checks and writes raw Yjs.
 */
function room() {
	const server = new Y.Doc();
	init.initBoard(server, { title: 'Guarded', template: 'shadow-trust' });
	guard.createBoardGuard(server);
	const refused: { reason: string; origin: unknown }[] = [];
	retainedPolicy.createRetainedPolicy(server, {
		restricted: (origin) => origin instanceof Member && origin.role !== 'chair',
		onRefused: (reason, origin) => refused.push({ reason, origin })
	});
	const connect = (member: Member) => {
		const client = new Y.Doc();
		Y.applyUpdate(client, Y.encodeStateAsUpdate(server));
		client.on('update', (u: Uint8Array, origin: unknown) => {
			if (origin !== server) Y.applyUpdate(server, u, member);
		});
		server.on('update', (u: Uint8Array, origin: unknown) => {
			if (origin !== member) Y.applyUpdate(client, u, server);
		});
		return client;
	};
	const editorMember = new Member('editor');
	const chair = connect(new Member('chair'));
	const editor = connect(editorMember);
	return { server, chair, editor, editorMember, refused };
}

const row = (doc: Y.Doc, id: string) => doc.getMap('scopeRows').get(id) as YMap;
const cells = (doc: Y.Doc, id: string) => row(doc, id).get('cells') as YMap;
const view = (doc: Y.Doc, id: string) => read.readBoard(doc).scope.rows.find((r) => r.id === id)!;

describe('the server keeps services the law keeps with the council', () => {
	it("reverts an editor's raw write setting one to transfer, back to what it was, and says why", () => {
		const { server, editor, editorMember, refused } = room();
		cells(editor, DCS).set(template.TEMPLATE_COLUMN_IDS.decision, 'transfer');
		for (const doc of [server, editor]) expect(view(doc, DCS).cells[template.TEMPLATE_COLUMN_IDS.decision]).toBe('retain');
		expect(refused).toEqual([{ reason: expect.stringMatching(/kept with the council by law/), origin: editorMember }]);
		expect(validate.validateBoard(server)).toEqual([]);
	});

	it('reverts an editor forging an override, or lifting or adding the mark', () => {
		const { server, editor, refused } = room();
		editor.transact(() => {
			cells(editor, DCS).set(template.TEMPLATE_COLUMN_IDS.decision, 'transfer');
			row(editor, DCS).set('transferOverride', {
				byId: 'u-chair',
				byName: 'Chris Chair',
				at: '2017-01-10T09:30:00.000Z',
				reason: 'Forged'
			});
		});
		expect(view(server, DCS).cells[template.TEMPLATE_COLUMN_IDS.decision]).toBe('retain');
		expect(row(server, DCS).has('transferOverride')).toBe(false);

		row(editor, DCS).delete('retainedByLaw');
		expect(view(server, DCS).decisionRecord.retainedByLaw).toBe(true);
		expect(view(editor, DCS).decisionRecord.retainedByLaw).toBe(true);

		row(editor, 'svc-education').set('retainedByLaw', true);
		expect(view(server, 'svc-education').decisionRecord.retainedByLaw).toBe(false);
		expect(refused).toHaveLength(3);
	});

	it('reverts an editor replacing the whole row with an unmarked copy set to transfer', () => {
		const { server, editor } = room();
		editor.transact(() => {
			const copy = new Y.Map<unknown>();
			const copyCells = new Y.Map<unknown>();
			copy.set('order', row(editor, DCS).get('order'));
			copy.set('cells', copyCells);
			copyCells.set(template.TEMPLATE_COLUMN_IDS.service, "Director of Children's Services and Lead Member roles");
			copyCells.set(template.TEMPLATE_COLUMN_IDS.decision, 'transfer');
			editor.getMap('scopeRows').set(DCS, copy);
		});
		const record = view(server, DCS);
		expect(record.decisionRecord.retainedByLaw).toBe(true);
		expect(record.cells[template.TEMPLATE_COLUMN_IDS.decision]).toBeUndefined();
	});

	it("accepts the chair's override, lets an editor move the decision back, and never lets the editor drop a live override", () => {
		const { server, chair, editor, refused } = room();
		decisions.overrideRetainedTransfer(chair, DCS, {
			actor: chairActor,
			reason: 'Agreed with the DfE',
			at: new Date('2017-01-10T09:30:00Z')
		});
		expect(view(server, DCS).decisionRecord.transferOverride?.reason).toBe('Agreed with the DfE');
		expect(view(editor, DCS).cells[template.TEMPLATE_COLUMN_IDS.decision]).toBe('transfer');

		row(editor, DCS).delete('transferOverride');
		expect(view(server, DCS).decisionRecord.transferOverride?.byName).toBe('Chris Chair');
		expect(refused).toHaveLength(1);

		scope.setCell(editor, DCS, template.TEMPLATE_COLUMN_IDS.decision, 'retain');
		expect(view(server, DCS).cells[template.TEMPLATE_COLUMN_IDS.decision]).toBe('retain');
		expect(row(server, DCS).has('transferOverride')).toBe(false);
		expect(refused).toHaveLength(1);
	});

	it("leaves the chair's own marks and other services' decisions alone", () => {
		const { server, chair, editor, refused } = room();
		decisions.setRetainedByLaw(chair, 'svc-education', true, chairActor);
		scope.setCell(editor, 'svc-fostering', template.TEMPLATE_COLUMN_IDS.decision, 'shared');
		expect(view(server, 'svc-education').decisionRecord.retainedByLaw).toBe(true);
		expect(view(server, 'svc-fostering').cells[template.TEMPLATE_COLUMN_IDS.decision]).toBe('shared');
		expect(refused).toEqual([]);
	});
});
