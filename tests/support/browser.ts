import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { ServerProcess } from './server-process.ts';

/** Debian's Chromium, headless; CHROMIUM_PATH overrides for other systems. */
export function launchBrowser(): Promise<Browser> {
	return chromium.launch({
		executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
		headless: true,
		args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking']
	});
}

function freePort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const probe = net.createServer();
		probe.once('error', reject);
		probe.listen(0, '127.0.0.1', () => {
			const address = probe.address();
			probe.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
		});
	});
}

export interface AppServer {
	server: ServerProcess;
	origin: string;
	stop(): Promise<void>;
}

/**
 * The production build (`npm run build` first) on a free port with a fresh data directory. The port is
 * chosen up front because ORIGIN must name it: the websocket upgrade and form posts are checked against it.
 */
export async function startApp(env: Record<string, string> = {}): Promise<AppServer> {
	if (ServerProcess.entry !== 'build/server.js') throw new Error('browser tests need the built app: run `npm run build` first');
	const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'trustboard-browser-'));
	const port = await freePort();
	const origin = `http://127.0.0.1:${port}`;
	const server = new ServerProcess(dataDir, { ORIGIN: origin, ...env });
	server.port = port;
	await server.start();
	return {
		server,
		origin,
		async stop() {
			if (server.running) await server.stop();
			fs.rmSync(dataDir, { recursive: true, force: true });
		}
	};
}

export async function newPage(browser: Browser, origin: string, viewport = { width: 1366, height: 768 }): Promise<{ context: BrowserContext; page: Page }> {
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

export async function signIn(page: Page, user: { username: string; password: string }) {
	await page.goto('/login');
	await page.getByLabel('Username').fill(user.username);
	await page.getByLabel('Password', { exact: true }).fill(user.password);
	await page.getByRole('button', { name: 'Sign in' }).click();
	await page.waitForURL((url) => !url.pathname.startsWith('/login'));
}
