import path from 'node:path';

/** Everything the server can be told from outside, with its defaults. Only this module reads the environment. */
export interface Config {
	port: number;
	host: string;
	/** The app's public origin (scheme://host[:port]); websocket upgrades must come from it. */
	origin: string | null;
	dataDir: string;
	/** postgres://... switches storage to PostgreSQL; otherwise SQLite in dataDir. */
	databaseUrl: string | null;
	/** What a confirmed edit survives on SQLite (docs/reliability.md, "What a confirmation survives"). */
	sqliteSync: SqliteSync;
	/** redis://... enables fan-out between several instances serving the same boards. */
	redisUrl: string | null;
	/** Prefix of every Redis channel and connection name, so deployments (and test runs) can share a Redis. */
	redisPrefix: string;
	/** Bearer token for /metrics; without one, /metrics answers only direct requests from loopback. */
	metricsToken: string | null;
	allowSignup: boolean;
	/** Behind HTTPS the session cookie is Secure. */
	secureCookies: boolean;
	session: { idleMs: number; absoluteMs: number };
	collab: CollabLimits;
	/** An automatic checkpoint is taken after this much editing time (and when the last editor leaves). */
	checkpointIntervalMs: number;
	/** Files one session may download at once, and regains per minute. */
	downloads: { burst: number; perMinute: number };
	/** Worker threads for downloads and cold loads; 0 runs them on the event loop (to measure what the threads save). */
	offloadThreads: number | null;
	logLevel: string;
	/** Header carrying the client address when behind a proxy (adapter-node's ADDRESS_HEADER). */
	addressHeader: string | null;
	xffDepth: number;
	/** Organisation sign-in (OpenID Connect); empty when none is configured. */
	oidcProviders: OidcProviderConfig[];
}

export interface OidcProviderConfig {
	/** Short name used in URLs and environment variable names, e.g. `entra`. */
	id: string;
	/** Text of the sign-in button. */
	label: string;
	/** The issuer URL; its /.well-known/openid-configuration describes the rest. */
	issuer: string;
	clientId: string;
	clientSecret: string | null;
	/** Email domains allowed to sign in (lower case); empty allows any the issuer vouches for. */
	domains: string[];
	/** The organisation enforces its own multi-factor sign-in, so trustboard does not ask for a second factor. */
	trustMfa: boolean;
}

export interface CollabLimits {
	maxMessageBytes: number;
	maxDocBytes: number;
	/** Messages per second a connection may send, averaged over a burst window. */
	messagesPerSecond: number;
	messageBurst: number;
	/** Bytes queued per connection while its room loads. */
	queueCapBytes: number;
	authTimeoutMs: number;
	idleTimeoutMs: number;
	pingIntervalMs: number;
	compactAfterUpdates: number;
	compactAfterBytes: number;
	/** How long an empty room stays loaded before it is unloaded. */
	unloadDelayMs: number;
	/** Bytes the server may hold unsent for one socket (a client that does not read); past it the socket is closed. */
	maxUnsentBytes: number;
	/** Open sockets one session may hold (tabs), and one client address (a council office behind one NAT). */
	maxSocketsPerSession: number;
	maxSocketsPerAddress: number;
}

/**
 * `full`: an edit is confirmed once it is on disk (fsync), so it survives a power cut; `normal`: once the operating
 * system has it, so it survives a crash of the server, and the disk is synced every second.
 */
export const SQLITE_SYNC_MODES = ['full', 'normal'] as const;
export type SqliteSync = (typeof SQLITE_SYNC_MODES)[number];

function sqliteSync(value: string | undefined): SqliteSync {
	const mode = (value ?? '').trim().toLowerCase() || 'full';
	if (!(SQLITE_SYNC_MODES as readonly string[]).includes(mode)) {
		throw new Error(`SQLITE_SYNC must be ${SQLITE_SYNC_MODES.map((m) => `"${m}"`).join(' or ')}, got "${value}"`);
	}
	return mode as SqliteSync;
}

const DAY = 24 * 60 * 60 * 1000;

function int(value: string | undefined, fallback: number, name: string): number {
	if (value === undefined || value === '') return fallback;
	const parsed = Number(value);
	if (!Number.isInteger(parsed) || parsed < 0) throw new Error(`${name} must be a non-negative integer, got "${value}"`);
	return parsed;
}

function bool(value: string | undefined, fallback: boolean): boolean {
	if (value === undefined || value === '') return fallback;
	return ['1', 'true', 'yes', 'on'].includes(value.toLowerCase());
}

const PROVIDER_ID = /^[a-z][a-z0-9]{0,31}$/;

/**
 * OIDC_PROVIDERS lists provider ids (`entra,google`); each reads OIDC_<ID>_ISSUER, _CLIENT_ID, _CLIENT_SECRET,
 * _DOMAINS (comma-separated), _LABEL and _MFA (`trusted` when the organisation enforces its own MFA).
 */
function oidcProviders(env: Record<string, string | undefined>): OidcProviderConfig[] {
	const ids = (env.OIDC_PROVIDERS ?? '')
		.split(',')
		.map((id) => id.trim().toLowerCase())
		.filter(Boolean);
	return ids.map((id) => {
		if (!PROVIDER_ID.test(id)) throw new Error(`OIDC_PROVIDERS: "${id}" must be letters and digits, starting with a letter`);
		const read = (name: string) => env[`OIDC_${id.toUpperCase()}_${name}`]?.trim() || '';
		const issuer = read('ISSUER');
		const clientId = read('CLIENT_ID');
		if (!issuer || !clientId) throw new Error(`OIDC_${id.toUpperCase()}_ISSUER and OIDC_${id.toUpperCase()}_CLIENT_ID are required`);
		const url = new URL(issuer);
		const loopback = ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname);
		if (url.protocol !== 'https:' && !(loopback && url.protocol === 'http:')) {
			throw new Error(`OIDC_${id.toUpperCase()}_ISSUER must be an https:// URL`);
		}
		return {
			id,
			label: read('LABEL') || `Sign in with ${id}`,
			issuer: issuer.replace(/\/+$/, ''),
			clientId,
			clientSecret: read('CLIENT_SECRET') || null,
			domains: read('DOMAINS')
				.split(',')
				.map((d) => d.trim().toLowerCase().replace(/^@/, ''))
				.filter(Boolean),
			trustMfa: read('MFA').toLowerCase() === 'trusted'
		};
	});
}

function normaliseOrigin(value: string | undefined): string | null {
	if (!value) return null;
	const url = new URL(value);
	return url.origin;
}

export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
	const origin = normaliseOrigin(env.ORIGIN);
	const databaseUrl = env.DATABASE_URL || null;
	if (databaseUrl && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
		throw new Error('DATABASE_URL must be a postgres:// URL (SQLite is the default when it is unset)');
	}
	if (env.REDIS_URL && !/^rediss?:\/\//.test(env.REDIS_URL)) throw new Error('REDIS_URL must be a redis:// or rediss:// URL');
	return {
		port: int(env.PORT, 3000, 'PORT'),
		host: env.HOST || '0.0.0.0',
		origin,
		dataDir: path.resolve(env.DATA_DIR || 'data'),
		databaseUrl,
		sqliteSync: sqliteSync(env.SQLITE_SYNC),
		redisUrl: env.REDIS_URL || null,
		redisPrefix: env.REDIS_PREFIX || 'trustboard:',
		metricsToken: env.METRICS_TOKEN || null,
		allowSignup: bool(env.ALLOW_SIGNUP, false),
		secureCookies: origin ? origin.startsWith('https:') : false,
		session: {
			idleMs: int(env.SESSION_IDLE_DAYS, 14, 'SESSION_IDLE_DAYS') * DAY,
			absoluteMs: int(env.SESSION_MAX_DAYS, 60, 'SESSION_MAX_DAYS') * DAY
		},
		collab: {
			maxMessageBytes: int(env.COLLAB_MAX_MESSAGE_BYTES, 2 * 1024 * 1024, 'COLLAB_MAX_MESSAGE_BYTES'),
			maxDocBytes: int(env.COLLAB_MAX_DOC_BYTES, 32 * 1024 * 1024, 'COLLAB_MAX_DOC_BYTES'),
			messagesPerSecond: int(env.COLLAB_MESSAGES_PER_SECOND, 100, 'COLLAB_MESSAGES_PER_SECOND'),
			messageBurst: int(env.COLLAB_MESSAGE_BURST, 400, 'COLLAB_MESSAGE_BURST'),
			queueCapBytes: int(env.COLLAB_QUEUE_CAP_BYTES, 4 * 1024 * 1024, 'COLLAB_QUEUE_CAP_BYTES'),
			authTimeoutMs: int(env.COLLAB_AUTH_TIMEOUT_MS, 10_000, 'COLLAB_AUTH_TIMEOUT_MS'),
			idleTimeoutMs: int(env.COLLAB_IDLE_TIMEOUT_MS, 120_000, 'COLLAB_IDLE_TIMEOUT_MS'),
			pingIntervalMs: int(env.COLLAB_PING_INTERVAL_MS, 30_000, 'COLLAB_PING_INTERVAL_MS'),
			compactAfterUpdates: int(env.COLLAB_COMPACT_AFTER_UPDATES, 500, 'COLLAB_COMPACT_AFTER_UPDATES'),
			compactAfterBytes: int(env.COLLAB_COMPACT_AFTER_BYTES, 1024 * 1024, 'COLLAB_COMPACT_AFTER_BYTES'),
			unloadDelayMs: int(env.COLLAB_UNLOAD_DELAY_MS, 30_000, 'COLLAB_UNLOAD_DELAY_MS'),
			maxUnsentBytes: int(env.COLLAB_MAX_UNSENT_BYTES, 4 * 1024 * 1024, 'COLLAB_MAX_UNSENT_BYTES'),
			maxSocketsPerSession: int(env.COLLAB_MAX_SOCKETS_PER_SESSION, 20, 'COLLAB_MAX_SOCKETS_PER_SESSION'),
			maxSocketsPerAddress: int(env.COLLAB_MAX_SOCKETS_PER_ADDRESS, 500, 'COLLAB_MAX_SOCKETS_PER_ADDRESS')
		},
		checkpointIntervalMs: int(env.CHECKPOINT_MINUTES, 10, 'CHECKPOINT_MINUTES') * 60_000,
		downloads: {
			burst: Math.max(1, int(env.DOWNLOAD_BURST, 30, 'DOWNLOAD_BURST')),
			perMinute: Math.max(1, int(env.DOWNLOADS_PER_MINUTE, 30, 'DOWNLOADS_PER_MINUTE'))
		},
		offloadThreads: env.OFFLOAD_THREADS ? int(env.OFFLOAD_THREADS, 0, 'OFFLOAD_THREADS') : null,
		logLevel: env.LOG_LEVEL || 'info',
		addressHeader: env.ADDRESS_HEADER || null,
		xffDepth: int(env.XFF_DEPTH, 1, 'XFF_DEPTH'),
		oidcProviders: oidcProviders(env)
	};
}
