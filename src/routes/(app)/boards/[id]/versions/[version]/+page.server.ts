import { error } from '@sveltejs/kit';
import { toBase64 } from 'lib0/buffer';
import { getContext } from '$lib/server/context';
import { requireBoard, requireUser } from '$lib/server/guard';
import * as membership from '$lib/server/membership';
import * as signoff from '$lib/server/signoff';
import * as versions from '$lib/server/versions';
import { togetherRecord } from '$lib/server/together-record';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, params, url }) => {
	const user = requireUser(locals, url);
	const { board } = await requireBoard(user.id, params.id);
	const context = getContext();
	// The live board is the board page; only stored versions open here.
	const version = params.version === versions.LIVE ? null : await versions.load(context, board.id, params.version);
	if (!version?.meta) error(404, 'Not found');
	const { meta } = version;
	const members = await membership.list(context.database.db, board.id);
	const names = new Map(members.map((m) => [m.userId, m.displayName]));
	// The register of interests and agreed spreads as they stood when the snapshot was taken.
	const together = await togetherRecord(
		context.database.db,
		board.id,
		version.view,
		meta.createdAt,
		(id) => names.get(id) ?? 'A former member'
	);
	return {
		board: { id: board.id, title: board.title },
		version: {
			id: meta.id,
			kind: meta.kind,
			title: meta.title,
			note: meta.note,
			meeting: meta.meeting,
			isMinutes: meta.isMinutes,
			signOff: signoff.status(await signoff.get(context.database.db, board.id, meta.id)),
			createdAt: meta.createdAt,
			createdByName: meta.createdByName
		},
		// The document itself, so the page can show it in the same grid component as the live board.
		state: toBase64(version.state),
		view: version.view,
		me: { id: user.id, name: user.displayName },
		members: members.map(({ userId, displayName, role }) => ({ userId, displayName, role })),
		together
	};
};
