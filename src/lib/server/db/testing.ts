import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { Dialect } from './dialect.ts';
import { openDatabase, type Database } from './index.ts';

/** Where tests find PostgreSQL; the machines run one on loopback with trust auth. */
export const TEST_POSTGRES_URL = process.env.TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export interface TestDatabase extends Database {
	/** Closes and deletes the database. */
	drop(): Promise<void>;
}

/** A fresh, migrated, real database of the given kind: a temp SQLite file, or a new PostgreSQL database. */
export async function openTestDatabase(dialect: Dialect): Promise<TestDatabase> {
	if (dialect === 'sqlite') {
		const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'trustboard-test-'));
		const database = await openDatabase({ url: null, dataDir: dir });
		return {
			...database,
			async drop() {
				await database.close();
				fs.rmSync(dir, { recursive: true, force: true });
			}
		};
	}
	const name = `trustboard_test_${process.pid}_${Math.random().toString(36).slice(2, 10)}`;
	const admin = new pg.Client({ connectionString: TEST_POSTGRES_URL });
	await admin.connect();
	await admin.query(`create database ${name}`);
	await admin.end();
	const url = new URL(TEST_POSTGRES_URL);
	url.pathname = '/' + name;
	const database = await openDatabase({ url: url.toString(), dataDir: os.tmpdir() });
	return {
		...database,
		async drop() {
			await database.close();
			const cleanup = new pg.Client({ connectionString: TEST_POSTGRES_URL });
			await cleanup.connect();
			await cleanup.query(`drop database if exists ${name} with (force)`);
			await cleanup.end();
		}
	};
}
