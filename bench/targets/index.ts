import { HocuspocusTarget } from './hocuspocus.ts';
import { RelayTarget } from './relay.ts';
import { TrustboardTarget } from './trustboard.ts';
import { YWebsocketServerTarget } from './y-websocket-server.ts';
import type { Target } from './target.ts';

/** Every server the bench knows, in table order (the bare relay first: the floor). Workloads pick the ones that apply to them. */
export const TARGETS: readonly Target[] = [
	new RelayTarget(),
	new YWebsocketServerTarget(false),
	new YWebsocketServerTarget(true),
	new HocuspocusTarget(false),
	new HocuspocusTarget(true),
	new TrustboardTarget('sqlite'),
	new TrustboardTarget('sqlite-normal'),
	new TrustboardTarget('postgres')
];
