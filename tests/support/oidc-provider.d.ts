// oidc-provider ships no types; the tests use this much of it.
declare module 'oidc-provider' {
	import type { IncomingMessage, ServerResponse } from 'node:http';
	export default class Provider {
		constructor(issuer: string, configuration: Record<string, unknown>);
		callback(): (req: IncomingMessage, res: ServerResponse) => void;
		interactionDetails(
			req: IncomingMessage,
			res: ServerResponse
		): Promise<{
			prompt: { name: string };
			params: Record<string, string>;
			session?: { accountId: string };
		}>;
		interactionFinished(
			req: IncomingMessage,
			res: ServerResponse,
			result: Record<string, unknown>,
			options?: Record<string, unknown>
		): Promise<void>;
		Grant: new (init: { accountId: string; clientId: string }) => { addOIDCScope(scope: string): void; save(): Promise<string> };
	}
}
