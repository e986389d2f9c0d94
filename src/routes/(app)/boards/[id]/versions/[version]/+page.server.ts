import { error } from '@sveltejs/kit';
import { toBase64 } from 'lib0/buffer';
import { getContext } from '$lib/server/context';
import { requireBoard, requireUser } from '$lib/server/guard';
import * as membership from '$lib/server/membership';
import * as signoff from '$lib/server/signoff';
import * as versions from '$lib/server/versions';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, params, url }) => {
	const user = requireUser(locals, url);
	const { board } = await requireBoard(user.id, params.id);
	const context = getContext();
	// The live board is the board page; only stored versions open here.
	const version = params.version === versions.LIVE ? null : await versions.load(context, board.id, params.version);
	if (!version?.meta) error(404, 'Not found');
	const { meta } = version;
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
		members: (await membership.list(context.database.db, board.id)).map(({ userId, displayName, role }) => ({ userId, displayName, role }))
	};
};
