import { error, fail } from '@sveltejs/kit';
import { can } from '$lib/roles';
import { agendaPartsOf, currentItem, encodePart, LIMITS, type AgendaState } from '$lib/meeting/agenda';
import { FOLLOW_EVENT } from '$lib/meeting/follow';
import * as agenda from '$lib/server/agenda';
import * as boardEvents from '$lib/server/board-events';
import { getContext } from '$lib/server/context';
import { requireBoard, requireUser, requireUserForAction } from '$lib/server/guard';
import type { User } from '$lib/server/user';
import * as versions from '$lib/server/versions';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, params, url }) => {
	const user = requireUser(locals, url);
	const { board, role } = await requireBoard(user.id, params.id);
	const context = getContext();
	const live = await versions.load(context, board.id, versions.LIVE);
	if (!live) error(404, 'Not found');
	const parts = agendaPartsOf(live.view);
	return {
		board: { id: board.id, title: board.title },
		canRun: can(role, 'runAgenda') && board.archivedAt === null,
		agenda: await agenda.get(context.database.db, board.id),
		parts: parts.map((p) => ({ value: encodePart(p.part), label: p.label, kind: p.part.kind })),
		limits: LIMITS
	};
};

function field(form: FormData, name: string): string {
	const value = form.get(name);
	return typeof value === 'string' ? value : '';
}

/** Only the chair of a live (not archived) board runs its agenda: everyone else gets 403 before anything is read. */
async function chair(locals: App.Locals, boardId: string): Promise<{ user: User; boardId: string }> {
	const user = requireUserForAction(locals);
	const { board } = await requireBoard(user.id, boardId, 'runAgenda');
	if (board.archivedAt !== null) error(403, 'This board is archived: its agenda cannot change.');
	return { user, boardId: board.id };
}

/** Everyone on the board gets the new agenda at once; `text`, when given, is shown to them as a notice. */
async function announce(boardId: string, user: User, state: AgendaState, text = ''): Promise<void> {
	await boardEvents.announce(boardId, {
		kind: text ? 'agenda-moved' : 'agenda',
		text,
		by: { id: user.id, name: user.displayName },
		data: { agenda: state }
	});
}

async function itemForm(boardId: string, form: FormData) {
	const live = await versions.load(getContext(), boardId, versions.LIVE);
	if (!live) error(404, 'Not found');
	const values = {
		title: field(form, 'title'),
		minutes: field(form, 'minutes'),
		parts: form.getAll('parts').filter((p): p is string => typeof p === 'string')
	};
	return { values, read: agenda.readItem(values, live.view) };
}

function itemId(form: FormData): string {
	return field(form, 'itemId').slice(0, 64);
}

export const actions: Actions = {
	setDate: async ({ locals, params, request }) => {
		const { user, boardId } = await chair(locals, params.id);
		const date = field(await request.formData(), 'meetingDate').trim();
		const state = await agenda.setMeetingDate(getContext().database.db, boardId, user.id, date);
		if (!state) return fail(400, { action: 'setDate' as const, message: 'Give the meeting’s date.' });
		await announce(boardId, user, state);
		return { action: 'setDate' as const, success: 'Meeting date set.' };
	},

	add: async ({ locals, params, request }) => {
		const { user, boardId } = await chair(locals, params.id);
		const { values, read } = await itemForm(boardId, await request.formData());
		if (!read.ok) return fail(400, { action: 'add' as const, message: read.message, values });
		const state = await agenda.addItem(getContext().database.db, boardId, user.id, read.value);
		if (state === 'full') return fail(400, { action: 'add' as const, message: `An agenda holds at most ${LIMITS.items} items.`, values });
		await announce(boardId, user, state);
		return { action: 'add' as const, success: `Added “${read.value.title}”.` };
	},

	update: async ({ locals, params, request }) => {
		const { user, boardId } = await chair(locals, params.id);
		const form = await request.formData();
		const { values, read } = await itemForm(boardId, form);
		if (!read.ok) return fail(400, { action: 'update' as const, message: read.message, values, itemId: itemId(form) });
		const state = await agenda.updateItem(getContext().database.db, boardId, user.id, itemId(form), read.value);
		if (!state) error(404, 'Not found');
		await announce(boardId, user, state);
		return { action: 'update' as const, success: `Saved “${read.value.title}”.` };
	},

	remove: async ({ locals, params, request }) => {
		const { user, boardId } = await chair(locals, params.id);
		const state = await agenda.removeItem(getContext().database.db, boardId, user.id, itemId(await request.formData()));
		if (!state) error(404, 'Not found');
		await announce(boardId, user, state);
		return { action: 'remove' as const, success: 'Item removed.' };
	},

	move: async ({ locals, params, request }) => {
		const { user, boardId } = await chair(locals, params.id);
		const form = await request.formData();
		const by = field(form, 'by') === 'up' ? -1 : 1;
		const state = await agenda.moveItem(getContext().database.db, boardId, user.id, itemId(form), by);
		if (!state) error(404, 'Not found');
		await announce(boardId, user, state);
		return { action: 'move' as const };
	},

	start: async ({ locals, params }) => {
		const { user, boardId } = await chair(locals, params.id);
		const { db } = getContext().database;
		const before = await agenda.get(db, boardId);
		const state = await agenda.start(db, boardId, user.id);
		const item = currentItem(state);
		// Starting the meeting is news; resuming after a pause is only the clock moving again.
		const text = !before.clock.currentId && item ? `${user.displayName} started the meeting on “${item.title}”` : '';
		await announce(boardId, user, state, text);
		return { action: 'start' as const };
	},

	pause: async ({ locals, params }) => {
		const { user, boardId } = await chair(locals, params.id);
		const state = await agenda.pause(getContext().database.db, boardId, user.id);
		await announce(boardId, user, state);
		return { action: 'pause' as const };
	},

	/** Asks every member's screen to follow the chair's; each member can stop following at any time. */
	askToFollow: async ({ locals, params }) => {
		const { user, boardId } = await chair(locals, params.id);
		await boardEvents.announce(boardId, {
			kind: FOLLOW_EVENT,
			text: `${user.displayName} asked everyone to follow their screen`,
			by: { id: user.id, name: user.displayName }
		});
		return { action: 'askToFollow' as const };
	},

	/** Moves on to the item named (`end` finishes the agenda): naming it makes a double click harmless. */
	goTo: async ({ locals, params, request }) => {
		const { user, boardId } = await chair(locals, params.id);
		const target = itemId(await request.formData());
		const state = await agenda.goTo(getContext().database.db, boardId, user.id, target === 'end' ? null : target);
		if (!state) error(404, 'Not found');
		const item = currentItem(state);
		await announce(
			boardId,
			user,
			state,
			item ? `${user.displayName} moved the agenda on to “${item.title}”` : `${user.displayName} closed the agenda`
		);
		return { action: 'goTo' as const };
	}
};
