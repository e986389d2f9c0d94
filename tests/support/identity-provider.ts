import http from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider from 'oidc-provider';

export interface Person {
	sub: string;
	email: string;
	name: string;
}

/**
 * A real OpenID Connect provider (the `oidc-provider` package, as certified implementations use) on a free
 * loopback port. Its login and consent screens are replaced by signing in as `next` at once, so a test
 * chooses who the organisation says the user is; everything else (discovery, PKCE, codes, signed ID tokens,
 * client authentication) is the provider's own.
 */
export class IdentityProvider {
	readonly clientId = 'trustboard-test';
	readonly clientSecret = 'a-client-secret-for-tests-only-0123456789';
	next: Person | null = null;
	#server: http.Server;
	#provider: Provider | null = null;

	private constructor(server: http.Server) {
		this.#server = server;
	}

	get issuer(): string {
		return `http://127.0.0.1:${(this.#server.address() as AddressInfo).port}`;
	}

	/** Listens first, so the issuer URL is known before the app (and its redirect URI) exists. */
	static async listen(): Promise<IdentityProvider> {
		let self: IdentityProvider | null = null;
		const server = http.createServer((req, res) => void self?.handle(req, res));
		self = new IdentityProvider(server);
		await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
		return self;
	}

	/** Registers trustboard as a client with its callback URL. */
	configure(redirectUri: string): void {
		const people = () => this.next;
		this.#provider = new Provider(this.issuer, {
			clients: [
				{
					client_id: this.clientId,
					client_secret: this.clientSecret,
					redirect_uris: [redirectUri],
					response_types: ['code'],
					grant_types: ['authorization_code'],
					token_endpoint_auth_method: 'client_secret_basic'
				}
			],
			pkce: { required: () => true },
			features: { devInteractions: { enabled: false } },
			claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'] },
			cookies: { keys: ['identity-provider-test-cookie-key'] },
			interactions: { url: (_ctx: unknown, interaction: { uid: string }) => `/interaction/${interaction.uid}` },
			findAccount: async (_ctx: unknown, sub: string) => ({
				accountId: sub,
				claims: async () => {
					const person = people();
					return person && person.sub === sub ? { ...person, email_verified: true } : { sub };
				}
			})
		});
	}

	private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
		const provider = this.#provider;
		if (!provider) {
			res.writeHead(503).end();
			return;
		}
		if (!req.url?.startsWith('/interaction/')) return provider.callback()(req, res);
		try {
			const details = await provider.interactionDetails(req, res);
			if (details.prompt.name === 'login') {
				if (!this.next) throw new Error('the test did not say who signs in');
				await provider.interactionFinished(req, res, { login: { accountId: this.next.sub } }, { mergeWithLastSubmission: false });
				return;
			}
			const grant = new provider.Grant({ accountId: details.session!.accountId, clientId: details.params.client_id! });
			grant.addOIDCScope(details.params.scope!);
			await provider.interactionFinished(req, res, { consent: { grantId: await grant.save() } }, { mergeWithLastSubmission: true });
		} catch (error) {
			res.writeHead(500).end(String(error));
		}
	}

	async close(): Promise<void> {
		this.#server.closeAllConnections();
		await new Promise<void>((resolve) => this.#server.close(() => resolve()));
	}
}
