import { error, fail, redirect } from '@sveltejs/kit';
import * as meta from '$lib/board/meta';
import { can, isRole, ROLE_LABELS } from '$lib/roles';
import { getContext } from '$lib/server/context';
import { requireBoard, requireUser, requireUserForAction } from '$lib/server/guard';
import { isId } from '$lib/server/ids';
import * as board from '$lib/server/board';
import * as boardSettings from '$lib/server/board-settings';
import * as roundEvents from '$lib/server/round-events';
import * as invite from '$lib/server/invite';
import * as membership from '$lib/server/membership';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, params, url }) => {
	const user = requireUser(locals, url);
	const found = await requireBoard(user.id, params.id);
	const { db } = getContext().database;
	const isChair = can(found.role, 'manageMembers');
	const now = Date.now();
	const invites = isChair ? (await invite.list(db, found.board.id)).filter((i) => i.revokedAt === null && i.expiresAt > now) : [];
	return {
		board: { id: found.board.id, title: found.board.title, archived: found.board.archivedAt !== null },
		role: found.role,
		isChair,
		me: { id: user.id },
		members: await membership.list(db, found.board.id),
		// A used single-use link is spent: it is no longer active.
		invites: invites
			.filter((i) => i.multiUse || i.uses === 0)
			.map((i) => ({ id: i.id, role: i.role, createdAt: i.createdAt, expiresAt: i.expiresAt, uses: i.uses, multiUse: i.multiUse })),
		expiryChoices: invite.EXPIRY_CHOICES.map((choice) => choice.label),
		settings: await boardSettings.get(db, found.board.id),
		titleMax: board.TITLE_MAX
	};
};

function memberId(form: FormData): string {
	const userId = form.get('userId');
	// A malformed id never names a member: same answer as a member who left meanwhile.
	if (!isId(userId)) error(404, 'Not found');
	return userId;
}

/** An archived board is read-only for everyone, so every member's open connection is re-evaluated. */
async function setArchived(boardId: string, archived: boolean, byUserId: string) {
	const { collab, database } = getContext();
	await board.setArchived(database.db, boardId, archived, byUserId);
	const members = await membership.list(database.db, boardId);
	await Promise.all(members.map((member) => collab.membershipChanged(boardId, member.userId)));
}

const CHANGE_REFUSED = {
	last_chair: 'A board needs at least one chair. Make someone else chair first.',
	not_member: 'That person is no longer a member of this board.'
} as const;

export const actions: Actions = {
	rename: async ({ locals, params, request }) => {
		const user = requireUserForAction(locals);
		const { board: found } = await requireBoard(user.id, params.id, 'rename');
		const title = board.normaliseTitle((await request.formData()).get('title'));
		const message = board.validateTitle(title);
		if (message) return fail(400, { action: 'rename' as const, message, values: { title: title.slice(0, board.TITLE_MAX * 2) } });
		const { collab, database } = getContext();
		await board.rename(database.db, found.id, title, user.id);
		// The title also lives in the live document: change it there as the server so open boards update.
		await collab.change(found.id, user.id, (doc) => meta.setTitle(doc, title));
		return { action: 'rename' as const, success: 'The board is renamed.' };
	},

	revealNames: async ({ locals, params, request }) => {
		const user = requireUserForAction(locals);
		const { board: found } = await requireBoard(user.id, params.id, 'manageMembers');
		if (found.archivedAt !== null) return fail(403, { action: 'reveal' as const, message: 'This board is archived and read-only.' });
		const choice = (await request.formData()).get('reveal');
		if (choice !== 'named' && choice !== 'anonymous')
			return fail(400, { action: 'reveal' as const, message: 'Choose how scores are revealed.' });
		const { database } = getContext();
		const anonymous = choice === 'anonymous';
		if (await boardSettings.setAnonymousReveal(database.db, found.id, anonymous, user.id)) {
			const text = `${user.displayName} set scoring rounds to be revealed ${anonymous ? 'without names' : 'with names'}.`;
			await roundEvents.announce(found.id, { id: user.id, name: user.displayName }, 'round-settings', text);
		}
		return {
			action: 'reveal' as const,
			success: anonymous
				? 'Rounds revealed from now on show scores without names.'
				: 'Rounds revealed from now on show who gave each score.'
		};
	},

	archive: async ({ locals, params }) => {
		const user = requireUserForAction(locals);
		const { board: found } = await requireBoard(user.id, params.id, 'archive');
		await setArchived(found.id, true, user.id);
		return { action: 'archive' as const, success: 'The board is archived. It is read-only until restored.' };
	},

	unarchive: async ({ locals, params }) => {
		const user = requireUserForAction(locals);
		const { board: found } = await requireBoard(user.id, params.id, 'archive');
		await setArchived(found.id, false, user.id);
		return { action: 'archive' as const, success: 'The board is restored.' };
	},

	setRole: async ({ locals, params, request }) => {
		const user = requireUserForAction(locals);
		const { board: found } = await requireBoard(user.id, params.id, 'manageMembers');
		const form = await request.formData();
		const userId = memberId(form);
		const role = form.get('role');
		if (!isRole(role)) return fail(400, { action: 'members' as const, message: 'Choose a role.' });
		const { database } = getContext();
		const result = await membership.setRole(database.db, found.id, userId, role, user.id);
		if (!result.ok) return fail(400, { action: 'members' as const, message: CHANGE_REFUSED[result.reason] });
		return { action: 'members' as const, success: `Role changed to ${ROLE_LABELS[role]}.` };
	},

	remove: async ({ locals, params, request }) => {
		const user = requireUserForAction(locals);
		const { board: found } = await requireBoard(user.id, params.id, 'manageMembers');
		const userId = memberId(await request.formData());
		const { database } = getContext();
		const result = await membership.remove(database.db, found.id, userId, user.id);
		if (!result.ok) return fail(400, { action: 'members' as const, message: CHANGE_REFUSED[result.reason] });
		if (userId === user.id) redirect(303, '/');
		return { action: 'members' as const, success: 'Member removed.' };
	},

	createInvite: async ({ locals, params, request, url }) => {
		const user = requireUserForAction(locals);
		const { board: found } = await requireBoard(user.id, params.id, 'manageInvites');
		const form = await request.formData();
		const role = form.get('role');
		// Without JavaScript the expiry select cannot be used: its default, seven days, applies.
		const expiryLabel = form.get('expiry') ?? invite.EXPIRY_CHOICES[1].label;
		const expiry = invite.EXPIRY_CHOICES.find((choice) => choice.label === expiryLabel);
		if (!isRole(role) || !expiry) {
			return fail(400, { action: 'invite' as const, message: 'Choose a role and how long the link works.' });
		}
		const { config, database } = getContext();
		const multiUse = form.get('multiUse') === 'on';
		const created = await invite.create(database.db, { boardId: found.id, role, expiresInMs: expiry.ms, createdBy: user.id, multiUse });
		return {
			action: 'invite' as const,
			created: {
				url: `${config.origin ?? url.origin}/invite/${created.token}`,
				role,
				multiUse,
				expiresAt: created.invite.expiresAt
			}
		};
	},

	revokeInvite: async ({ locals, params, request }) => {
		const user = requireUserForAction(locals);
		const { board: found } = await requireBoard(user.id, params.id, 'manageInvites');
		const inviteId = (await request.formData()).get('inviteId');
		if (!isId(inviteId)) error(404, 'Not found');
		const revoked = await invite.revoke(getContext().database.db, found.id, inviteId, user.id);
		return { action: 'invite' as const, success: revoked ? 'Invite link revoked: it no longer works.' : 'That link was already revoked.' };
	}
};
