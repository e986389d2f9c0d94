import { error, fail } from '@sveltejs/kit';
import * as datetime from '$lib/board/datetime';
import { can } from '$lib/roles';
import { getContext } from '$lib/server/context';
import * as decisions from '$lib/server/decisions';
import { requireBoard, requireUser, requireUserForAction } from '$lib/server/guard';
import { isId } from '$lib/server/ids';
import * as membership from '$lib/server/membership';
import * as snapshot from '$lib/server/snapshot';
import * as versions from '$lib/server/versions';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, params, url }) => {
	const user = requireUser(locals, url);
	const { board, role } = await requireBoard(user.id, params.id);
	const context = getContext();
	const { db } = context.database;
	const live = await versions.load(context, board.id, versions.LIVE);
	if (!live) error(404, 'Not found');
	const [log, actionList, snapshots, members] = await Promise.all([
		decisions.list(db, board.id),
		decisions.actions(db, board.id),
		snapshot.list(db, board.id),
		membership.list(db, board.id)
	]);
	const titles = new Map(snapshots.filter((s) => s.deletedAt === null).map((s) => [s.id, s.title]));
	const numbers = new Map(log.map((d) => [d.id, `D${d.number}`]));
	return {
		board: { id: board.id, title: board.title },
		canRecord: can(role, 'recordDecision'),
		canManageActions: can(role, 'manageActions'),
		today: datetime.ukIsoDay(Date.now()),
		parts: decisions.partsOf(live.view).map((p) => ({ value: decisions.encodePart(p.ref), label: p.label, kind: p.ref.kind })),
		memberNames: members.map((m) => m.displayName),
		decisions: log
			.map((d) => ({
				id: d.id,
				number: `D${d.number}`,
				meetingDate: d.meetingDate,
				agendaItem: d.agendaItem,
				resolution: d.resolution,
				rationale: d.rationale,
				parts: d.parts.map((p) => decisions.partLabel(p, live.view)),
				proposer: d.proposer,
				seconder: d.seconder,
				how: decisions.howReached(d),
				snapshot: d.snapshotId && titles.has(d.snapshotId) ? { id: d.snapshotId, title: titles.get(d.snapshotId) ?? '' } : null
			}))
			.reverse(),
		actions: actionList.map((a) => ({
			id: a.id,
			description: a.description,
			owner: a.owner,
			dueDate: a.dueDate,
			status: a.status,
			linkedTo: a.decisionId ? (numbers.get(a.decisionId) ?? '') : a.part ? decisions.partLabel(a.part, live.view) : ''
		})),
		limits: decisions.LIMITS
	};
};

function field(form: FormData, name: string): string {
	const value = form.get(name);
	return typeof value === 'string' ? value : '';
}

export const actions: Actions = {
	record: async ({ locals, params, request }) => {
		const user = requireUserForAction(locals);
		const { board } = await requireBoard(user.id, params.id, 'recordDecision');
		const form = await request.formData();
		const values: decisions.DecisionForm = {
			meetingDate: field(form, 'meetingDate'),
			agendaItem: field(form, 'agendaItem'),
			resolution: field(form, 'resolution'),
			rationale: field(form, 'rationale'),
			parts: form.getAll('parts').filter((p): p is string => typeof p === 'string'),
			proposer: field(form, 'proposer'),
			seconder: field(form, 'seconder'),
			method: field(form, 'method'),
			votesFor: field(form, 'votesFor'),
			votesAgainst: field(form, 'votesAgainst'),
			abstentions: field(form, 'abstentions')
		};
		const context = getContext();
		const live = await versions.load(context, board.id, versions.LIVE);
		if (!live) error(404, 'Not found');
		const read = decisions.readDecision(values, live.view);
		if (!read.ok)
			return fail(400, { action: 'record' as const, message: read.message, values: { ...values, parts: values.parts.join('\n') } });
		if (board.archivedAt !== null)
			return fail(400, {
				action: 'record' as const,
				message: 'This board is archived.',
				values: { ...values, parts: values.parts.join('\n') }
			});
		// The snapshot is taken first, so the decision names the board exactly as it stood when it was made.
		const withSnapshot = form.get('snapshot') === 'on';
		const next = (await decisions.list(context.database.db, board.id)).length + 1;
		const taken = withSnapshot
			? await versions.take(context, {
					boardId: board.id,
					userId: user.id,
					kind: 'named',
					title: `Decision D${next}: ${read.value.resolution}`.replace(/\s+/g, ' ').slice(0, snapshot.TITLE_MAX),
					meeting: null
				})
			: null;
		const recorded = await decisions.record(context.database.db, board.id, user.id, read.value, taken?.id ?? null);
		return { action: 'record' as const, success: `Decision D${recorded.number} recorded${taken ? ', with a snapshot of the board' : ''}.` };
	},

	addAction: async ({ locals, params, request }) => {
		const user = requireUserForAction(locals);
		const { board } = await requireBoard(user.id, params.id, 'manageActions');
		const form = await request.formData();
		const values = {
			description: field(form, 'description'),
			owner: field(form, 'owner'),
			dueDate: field(form, 'dueDate'),
			link: field(form, 'link')
		};
		const context = getContext();
		const live = await versions.load(context, board.id, versions.LIVE);
		if (!live) error(404, 'Not found');
		const read = decisions.readAction(values, live.view);
		if (!read.ok) return fail(400, { action: 'addAction' as const, message: read.message, values });
		if (read.value.decisionId !== null && !isId(read.value.decisionId))
			return fail(400, { action: 'addAction' as const, message: 'That decision is not on this board.', values });
		const added = await decisions.addAction(context.database.db, board.id, user.id, read.value);
		if (!added) return fail(400, { action: 'addAction' as const, message: 'That decision is not on this board.', values });
		return { action: 'addAction' as const, success: 'Action added.' };
	},

	setStatus: async ({ locals, params, request }) => {
		const user = requireUserForAction(locals);
		const { board } = await requireBoard(user.id, params.id, 'manageActions');
		const form = await request.formData();
		const id = form.get('actionId');
		const status = form.get('status');
		if (!isId(id)) error(404, 'Not found');
		if (!decisions.isActionStatus(status)) return fail(400, { action: 'setStatus' as const, message: 'Choose open, in progress or done.' });
		if (!(await decisions.setActionStatus(getContext().database.db, board.id, id, status, user.id))) error(404, 'Not found');
		return { action: 'setStatus' as const, success: 'Action updated.' };
	}
};
