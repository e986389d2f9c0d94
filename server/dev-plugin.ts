import type { Plugin } from 'vite';

/** Placeholder until the collaboration server lands: attaches nothing. */
export function collabDevServer(): Plugin {
	return { name: 'trustboard-collab', apply: 'serve' };
}
