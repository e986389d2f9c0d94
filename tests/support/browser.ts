import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, expect } from 'vitest';
import { startApp } from './server-process.ts';

/** Debian's Chromium, headless; CHROMIUM_PATH overrides for other systems. */
export function launchBrowser(): Promise<Browser> {
	return chromium.launch({
		executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
		headless: true,
		args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking']
	});
}

interface AppServer {
	origin: string;
	stop(): Promise<void>;
}

/** The production build (`npm run build` first) with a fresh data directory, removed when it stops. */
async function startWithOwnData(env: Record<string, string> = {}): Promise<AppServer> {
	const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'trustboard-browser-'));
	const server = await startApp(dataDir, env);
	return {
		origin: server.origin,
		async stop() {
			if (server.running) await server.stop();
			fs.rmSync(dataDir, { recursive: true, force: true });
		}
	};
}

interface BrowserSession {
	readonly app: AppServer;
	/** A fresh context (its own cookies, so its own user) with a page on the app. */
	newPage(viewport?: { width: number; height: number }): Promise<{ context: BrowserContext; page: Page }>;
}

/**
 * The app and Chromium for one test file: started before its tests and stopped after them. Call at the top
 * level of the file; use the session only inside tests, as nothing runs before `beforeAll`.
 */
export function useBrowserSession(env: Record<string, string> = {}): BrowserSession {
	let app: AppServer | undefined;
	let browser: Browser | undefined;
	beforeAll(async () => {
		app = await startWithOwnData(env);
		browser = await launchBrowser();
	});
	afterAll(async () => {
		await browser?.close();
		await app?.stop();
	});
	const started = () => {
		if (!app || !browser) throw new Error('the browser session is used before beforeAll started it');
		return { app, browser };
	};
	return {
		get app() {
			return started().app;
		},
		newPage(viewport) {
			const { app, browser } = started();
			return newPage(browser, app.origin, viewport);
		}
	};
}

async function newPage(
	browser: Browser,
	origin: string,
	viewport = { width: 1366, height: 768 }
): Promise<{ context: BrowserContext; page: Page }> {
	const context = await browser.newContext({ baseURL: origin, viewport });
	const page = await context.newPage();
	return { context, page };
}

/** Registers through the register page (first account, or with `invite` through an invite link). */
export async function register(page: Page, user: { username: string; displayName: string; password: string }, inviteUrl?: string) {
	if (inviteUrl) {
		await page.goto(inviteUrl);
		await page.getByRole('link', { name: 'Create an account' }).click();
	} else {
		await page.goto('/register');
	}
	await page.getByLabel('Your name').fill(user.displayName);
	await page.getByLabel('Username').fill(user.username);
	await page.getByLabel('Password', { exact: true }).fill(user.password);
	await page.getByRole('button', { name: /Create account/ }).click();
	await page.waitForURL((url) => !url.pathname.startsWith('/register') && !url.pathname.startsWith('/invite'));
}

/** Fills in the new-board page already open and returns the created board's path. */
export async function createBoard(page: Page, title: string, kind: 'Blank board' | 'Shadow trust template'): Promise<string> {
	await page.getByLabel('Board title').fill(title);
	await page.getByRole('radio', { name: new RegExp(kind) }).check();
	await page.getByRole('button', { name: 'Create board' }).click();
	await page.waitForURL(/\/boards\/[a-z2-7]{16}$/);
	return new URL(page.url()).pathname;
}

/** Creates an invite link on the board settings page already open, and checks it is a new, well-formed link. */
export async function createInvite(page: Page, role: 'Editor' | 'Observer'): Promise<string> {
	const field = page.getByTestId('invite-url');
	const previous = (await field.count()) > 0 ? await field.inputValue() : null;
	await page.getByRole('radio', { name: new RegExp(role) }).check();
	await page.getByRole('button', { name: 'Create invite link' }).click();
	await expect.poll(() => page.getByTestId('new-invite').textContent()).toContain(`New ${role.toLowerCase()} link`);
	const url = await field.inputValue();
	expect(url).toMatch(/\/invite\/[a-z2-7]{32}$/);
	expect(url).not.toBe(previous);
	expect(url.startsWith(new URL(page.url()).origin)).toBe(true);
	return url;
}

/** Waits until the board page open in `page` says it is live (synced with the server). */
export async function waitLive(page: Page): Promise<void> {
	await expect.poll(() => page.getByTestId('sync-status').textContent(), { timeout: 15_000 }).toContain('Live');
}

interface Person {
	username: string;
	displayName: string;
	password: string;
}

type Tab = { context: BrowserContext; page: Page };
type Member = { person: Person; role: 'Editor' | 'Observer'; viewport?: { width: number; height: number } };

/**
 * The start of most shared-board stories: the chair registers (the first account, so also the administrator)
 * and makes a board; each member then registers through an invite link of their role made for them, in a
 * browser context of their own. Every page is left where registering took it.
 */
export async function boardWithMembers<const M extends readonly Member[]>(
	session: BrowserSession,
	chair: Person,
	members: M,
	board: { title?: string; kind?: 'Blank board' | 'Shadow trust template' } = {}
): Promise<{ boardPath: string; chair: Tab; members: { -readonly [K in keyof M]: Tab } }> {
	const first = await session.newPage();
	await register(first.page, chair);
	await first.page.goto('/boards/new');
	const boardPath = await createBoard(first.page, board.title ?? 'Shadow trust board', board.kind ?? 'Shadow trust template');
	const joined: Tab[] = [];
	for (const { person, role, viewport } of members) {
		// A fresh settings page for each link, so a link of the same role is not mistaken for the one still shown.
		await first.page.goto(`${boardPath}/settings`);
		const invite = await createInvite(first.page, role);
		const tab = await session.newPage(viewport);
		await register(tab.page, person, invite);
		joined.push(tab);
	}
	return { boardPath, chair: first, members: joined as unknown as { -readonly [K in keyof M]: Tab } };
}

export async function signIn(page: Page, user: { username: string; password: string }) {
	await page.goto('/login');
	await page.getByLabel('Username').fill(user.username);
	await page.getByLabel('Password', { exact: true }).fill(user.password);
	await page.getByRole('button', { name: 'Sign in' }).click();
	await page.waitForURL((url) => !url.pathname.startsWith('/login'));
}
