import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as Y from 'yjs';
import { loadConfig } from '../../src/lib/server/config.ts';
import { openDatabase, type Database } from '../../src/lib/server/db/index.ts';
import type { Role } from '../../src/lib/server/db/schema.ts';
import * as board from '../../src/lib/server/board.ts';
import * as membership from '../../src/lib/server/membership.ts';
import * as session from '../../src/lib/server/session.ts';
import * as user from '../../src/lib/server/user.ts';
import { createDocStore } from '../../src/lib/server/doc-store.ts';
import * as init from '../../src/lib/board/init.ts';

export interface TestUser {
	id: string;
	displayName: string;
	/** A `Cookie` header value carrying a fresh session. */
	cookie: string;
	sessionId: string;
}

/**
 * Test data written straight through the app's own modules into the data directory the server under test
 * uses (SQLite in WAL mode lets both processes open it).
 */
export class Fixtures {
	readonly dataDir: string;
	readonly database: Database;
	#counter = 0;

	private constructor(dataDir: string, database: Database) {
		this.dataDir = dataDir;
		this.database = database;
	}

	/** `parentDir`: where the data folder is made (the full-disk test gives a small tmpfs). */
	static async create(parentDir = os.tmpdir()): Promise<Fixtures> {
		const dataDir = fs.mkdtempSync(path.join(parentDir, 'trustboard-it-'));
		return new Fixtures(dataDir, await openDatabase({ url: null, dataDir }));
	}

	/** Fixtures in the PostgreSQL database at `url`, which the servers under test are given as DATABASE_URL. */
	static async postgres(url: string): Promise<Fixtures> {
		const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'trustboard-it-'));
		return new Fixtures(dataDir, await openDatabase({ url, dataDir }));
	}

	get db() {
		return this.database.db;
	}

	async user(displayName: string): Promise<TestUser> {
		const username = `${displayName.toLowerCase().replace(/[^a-z0-9]/g, '')}${++this.#counter}`;
		const created = await user.create(this.db, { username, displayName, password: 'correct horse battery' });
		if (!created.ok) throw new Error(`could not create ${username}`);
		return { id: created.user.id, displayName, ...(await this.signIn(created.user.id)) };
	}

	async signIn(userId: string): Promise<{ cookie: string; sessionId: string }> {
		const token = session.generateToken();
		const created = await session.create(this.db, token, userId, loadConfig({}).session);
		return { cookie: `${session.COOKIE_NAME}=${token}`, sessionId: created.id };
	}

	/** A board whose document has a title and a description, created by `chair`. */
	async board(chair: TestUser, title = 'Shadow trust board'): Promise<string> {
		return this.#create(chair, { title, description: 'Scope of services and delivery models' });
	}

	/** A board made from the shadow-trust template (services, models, criteria), created by `chair`. */
	async templateBoard(chair: TestUser, title = 'Shadow trust board'): Promise<string> {
		return this.#create(chair, { title, template: 'shadow-trust' });
	}

	async #create(chair: TestUser, options: Parameters<typeof init.initBoard>[1]): Promise<string> {
		const doc = new Y.Doc();
		init.initBoard(doc, options);
		const created = await board.create(this.db, { title: options.title, createdBy: chair.id, initialUpdate: Y.encodeStateAsUpdate(doc) });
		doc.destroy();
		return created.id;
	}

	async member(boardId: string, member: TestUser, role: Role): Promise<void> {
		await membership.add(this.db, boardId, member.id, role, null);
	}

	/** The board's document exactly as stored (what a restarted server would load). */
	async storedDoc(boardId: string): Promise<Y.Doc> {
		const stored = await createDocStore(this.db).load(boardId);
		const doc = new Y.Doc();
		for (const update of stored.updates) Y.applyUpdate(doc, update);
		return doc;
	}

	async close(): Promise<void> {
		await this.database.close();
		fs.rmSync(this.dataDir, { recursive: true, force: true });
	}
}
