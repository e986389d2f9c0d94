import type { RequestEvent } from '@sveltejs/kit';
import { generateCodeVerifier, generateState } from 'arctic';
import { constantTimeEqual } from '@oslojs/crypto/subtle';
import { decodeBase64urlIgnorePadding, encodeBase64urlNoPadding } from '@oslojs/encoding';
import type { Kysely } from 'kysely';
import type { OidcProviderConfig } from './config.ts';
import type { Schema } from './db/schema.ts';
import * as account from './account.ts';
import * as audit from './audit.ts';
import { getContext } from './context.ts';
import * as invite from './invite.ts';
import * as oidc from './oidc.ts';
import * as signIn from './sign-in.ts';
import * as user from './user.ts';

/**
 * Signing in with an organisation account. An identity (issuer + subject) opens the trustboard account it is
 * linked to, and it is linked only through a board invite (a new account) or an administrator's one-time link
 * (an existing account): never by an email address that happens to match.
 */

const FLOW_COOKIE = 'trustboard_oidc';
const FLOW_PATH = '/login/sso';
const FLOW_MS = 10 * 60_000;

interface Flow {
	provider: string;
	state: string;
	codeVerifier: string;
	nonce: string;
	redirectTo: string;
	invite: string | null;
	link: string | null;
}

type Event = Pick<RequestEvent, 'cookies' | 'locals' | 'request' | 'getClientAddress' | 'url'>;

export type Outcome = { ok: true; location: string } | { ok: false; message: string };

export function provider(id: string): OidcProviderConfig | null {
	return getContext().config.oidcProviders.find((p) => p.id === id) ?? null;
}

/** The providers to offer as buttons; never their secrets. */
export function buttons(): Array<{ id: string; label: string }> {
	return getContext().config.oidcProviders.map((p) => ({ id: p.id, label: p.label }));
}

function redirectUri(event: Event, id: string): string {
	return `${getContext().config.origin ?? event.url.origin}${FLOW_PATH}/${id}/callback`;
}

export async function begin(
	event: Event,
	chosen: OidcProviderConfig,
	intent: { redirectTo: string; invite: string | null; link: string | null }
): Promise<URL> {
	const flow: Flow = {
		provider: chosen.id,
		state: generateState(),
		codeVerifier: generateCodeVerifier(),
		nonce: generateState(),
		...intent
	};
	const url = await oidc.authorizationUrl(chosen, redirectUri(event, chosen.id), flow);
	// SameSite=Lax: the provider sends the browser back with a top-level GET, which carries Lax cookies.
	event.cookies.set(FLOW_COOKIE, encodeBase64urlNoPadding(new TextEncoder().encode(JSON.stringify(flow))), {
		path: FLOW_PATH,
		httpOnly: true,
		sameSite: 'lax',
		secure: getContext().config.secureCookies,
		maxAge: FLOW_MS / 1000
	});
	return url;
}

function readFlow(event: Event): Flow | null {
	const raw = event.cookies.get(FLOW_COOKIE);
	event.cookies.delete(FLOW_COOKIE, { path: FLOW_PATH });
	if (!raw) return null;
	try {
		const flow = JSON.parse(new TextDecoder().decode(decodeBase64urlIgnorePadding(raw))) as Flow;
		return typeof flow.state === 'string' && typeof flow.codeVerifier === 'string' && typeof flow.nonce === 'string' ? flow : null;
	} catch {
		return null;
	}
}

function sameText(a: string, b: string): boolean {
	const encoder = new TextEncoder();
	return a.length === b.length && constantTimeEqual(encoder.encode(a), encoder.encode(b));
}

const RETRY = 'Start again from the sign-in page.';

export async function finish(event: Event, chosen: OidcProviderConfig): Promise<Outcome> {
	const { db } = getContext().database;
	const address = event.getClientAddress();
	const refuse = async (reason: string, message: string, userId: string | null = null): Promise<Outcome> => {
		await audit.record(db, { boardId: null, userId, type: 'auth.sso_refused', detail: { provider: chosen.id, reason, address } });
		return { ok: false, message };
	};

	const flow = readFlow(event);
	if (!flow || flow.provider !== chosen.id)
		return refuse('no sign-in in progress', `This sign-in was not started here or took too long. ${RETRY}`);
	const state = event.url.searchParams.get('state') ?? '';
	if (!sameText(state, flow.state))
		return refuse('state mismatch', `This sign-in does not match the one started in this browser. ${RETRY}`);
	const providerError = event.url.searchParams.get('error');
	if (providerError)
		return refuse(`provider error: ${providerError.slice(0, 100)}`, `Your organisation did not complete the sign-in. ${RETRY}`);
	const code = event.url.searchParams.get('code');
	if (!code) return refuse('no code', `Your organisation did not complete the sign-in. ${RETRY}`);

	let identity: oidc.Identity;
	try {
		identity = await oidc.exchange(chosen, redirectUri(event, chosen.id), code, flow);
	} catch (error) {
		getContext().logger.warn({ err: error, provider: chosen.id }, 'organisation sign-in refused');
		return refuse(error instanceof oidc.OidcError ? error.message : 'provider unreachable', `The sign-in could not be verified. ${RETRY}`);
	}
	if (!oidc.domainAllowed(chosen, identity.email)) {
		return refuse(
			`domain not allowed: ${identity.email}`,
			`Accounts of ${identity.email.split('@')[1]} cannot sign in to this trustboard.`
		);
	}

	const linked = await findLinkedUser(db, identity);
	let userId: string;
	let redirectTo = flow.redirectTo;
	if (linked) {
		userId = linked;
		if (flow.link && (await account.findLink(db, flow.link, 'link'))?.id !== linked) {
			return refuse('identity linked elsewhere', 'This organisation account is already linked to another trustboard account.', linked);
		}
		// An existing member following an invite lands on it and accepts it there.
		if (flow.invite) redirectTo = `/invite/${encodeURIComponent(flow.invite)}`;
	} else if (flow.link) {
		const owner = await account.findLink(db, flow.link, 'link');
		if (!owner || !(await account.useLink(db, flow.link, 'link')))
			return refuse('link unusable', 'This account link has expired or been used. Ask an administrator for a new one.');
		await linkIdentity(db, owner.id, chosen.id, identity);
		userId = owner.id;
	} else if (flow.invite) {
		const usable = await invite.findUsable(db, flow.invite);
		if (!usable)
			return refuse(
				'invite unusable',
				'This invitation cannot be used. It may have expired or been revoked: ask the board’s chair for a new link.'
			);
		const created = await createAccount(db, identity);
		await linkIdentity(db, created, chosen.id, identity);
		await invite.accept(db, usable, created);
		userId = created;
		redirectTo = `/boards/${usable.boardId}`;
	} else {
		return refuse(
			`not linked: ${identity.email}`,
			'Your organisation account is not linked to a trustboard account yet. Open the invitation a board chair sent you, or ask an administrator for an account link.'
		);
	}

	if (await account.isDeactivated(db, userId))
		return refuse('account deactivated', 'This account has been deactivated. Ask an administrator.', userId);
	const location = await signIn.afterFirstFactor(event, userId, `oidc:${chosen.id}`, redirectTo, { secondFactorDone: chosen.trustMfa });
	return { ok: true, location };
}

async function findLinkedUser(db: Kysely<Schema>, identity: oidc.Identity): Promise<string | null> {
	const row = await db
		.selectFrom('identities')
		.select('user_id')
		.where('issuer', '=', identity.issuer)
		.where('subject', '=', identity.subject)
		.executeTakeFirst();
	return row?.user_id ?? null;
}

async function linkIdentity(db: Kysely<Schema>, userId: string, providerId: string, identity: oidc.Identity): Promise<void> {
	await db.transaction().execute(async (trx) => {
		await trx
			.insertInto('identities')
			.values({
				issuer: identity.issuer,
				subject: identity.subject,
				user_id: userId,
				provider: providerId,
				email: identity.email,
				created_at: Date.now()
			})
			.execute();
		await audit.record(trx, {
			boardId: null,
			userId,
			type: 'account.identity_linked',
			detail: { provider: providerId, email: identity.email }
		});
	});
}

/** A new account for an invited organisation member, named after their email; it has no password. */
async function createAccount(db: Kysely<Schema>, identity: oidc.Identity): Promise<string> {
	const base = usernameFrom(identity.email);
	const displayName = user.normaliseDisplayName(identity.name).slice(0, user.DISPLAY_NAME_MAX) || base;
	for (let attempt = 1; attempt < 50; attempt++) {
		const username = attempt === 1 ? base : `${base.slice(0, 28)}${attempt}`;
		const created = await user.create(db, { username, displayName, password: null });
		if (created.ok) return created.user.id;
	}
	throw new Error('no free username for an organisation account');
}

function usernameFrom(email: string): string {
	const local = email
		.slice(0, email.indexOf('@'))
		.toLowerCase()
		.replace(/[^a-z0-9._-]/g, '')
		.replace(/^[._-]+/, '');
	const padded = local.length >= 3 ? local : `${local}user`;
	return padded.slice(0, 32);
}
