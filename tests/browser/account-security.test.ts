import fs from 'node:fs';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { generateHOTP } from '@oslojs/otp';
import { decodeBase32IgnorePadding } from '@oslojs/encoding';
import { boardWithMembers, signIn, useBrowserSession, waitLive } from '../support/browser.ts';

/**
 * The administrator's security story in Chromium: require two-factor for administrators and chairs, enrol by
 * scanning (here: reading) the QR code's key at the next sign-in, keep the recovery codes, then deactivate an
 * editor whose open board stops at once, and read it all in the security log.
 */

const session = useBrowserSession();

const admin = { username: 'ada', displayName: 'Ada Admin', password: 'a long pass phrase' };
const editor = { username: 'eli', displayName: 'Eli Editor', password: 'another pass phrase' };

function codeFor(key: string, time = Date.now()): string {
	return generateHOTP(decodeBase32IgnorePadding(key), BigInt(Math.floor(time / 30_000)), 6);
}

async function shoot(page: Page, name: string): Promise<void> {
	fs.mkdirSync('.shots', { recursive: true });
	for (const width of [1440, 1024, 390]) {
		await page.setViewportSize({ width, height: 900 });
		await page.screenshot({ path: `.shots/${name}-${width}.png`, fullPage: true });
	}
	await page.setViewportSize({ width: 1366, height: 768 });
}

describe('account security', () => {
	it('requiring two-factor makes the administrator enrol at sign-in; deactivating an editor stops their open board', async () => {
		const {
			boardPath,
			chair: a,
			members: [b]
		} = await boardWithMembers(session, admin, [{ person: editor, role: 'Editor' }]);

		// The administrator requires two-factor, signs out and in again.
		await a.page.goto('/admin');
		await a.page.getByRole('button', { name: 'Require it' }).click();
		await expect.poll(() => a.page.getByText('Administrators and chairs now need two-factor sign-in').count()).toBe(1);
		await shoot(a.page, 'admin-accounts');
		await a.page.goto('/logout');
		await a.page.getByRole('button', { name: 'Sign out' }).click();
		await a.page.waitForURL(/\/login/);
		await a.page.getByLabel('Username').fill(admin.username);
		await a.page.getByLabel('Password', { exact: true }).fill(admin.password);
		await a.page.getByRole('button', { name: 'Sign in' }).click();
		await a.page.waitForURL(/\/login\/two-factor/);
		expect(await a.page.getByRole('img', { name: /QR code/ }).count()).toBe(1);
		await shoot(a.page, 'two-factor-enrol');
		const key = (await a.page.getByTestId('totp-key').textContent())!.trim();
		await a.page.getByLabel('Code', { exact: true }).fill(codeFor(key));
		await a.page.getByRole('button', { name: 'Turn on and sign in' }).click();
		const codes = a.page.getByRole('list', { name: 'Recovery codes' }).getByRole('listitem');
		await expect.poll(() => codes.count()).toBe(10);
		await shoot(a.page, 'two-factor-recovery-codes');
		await a.page.getByRole('link', { name: 'Continue' }).click();
		await a.page.waitForURL((url) => url.pathname === '/');

		// "Your sessions" shows this browser.
		await a.page.goto('/account/sessions');
		expect(await a.page.getByText('This device').count()).toBe(1);
		await shoot(a.page, 'your-sessions');

		// The editor has the board open; the administrator deactivates them.
		await b.page.goto(boardPath);
		await waitLive(b.page);
		await a.page.goto('/admin');
		await a.page.getByRole('button', { name: `Deactivate ${editor.displayName}` }).click();
		await a.page.getByRole('alertdialog').getByRole('button', { name: 'Deactivate' }).click();
		await expect.poll(() => a.page.getByText(`${editor.displayName} is deactivated`).count()).toBe(1);
		await expect.poll(() => b.page.getByText('You have been signed out').count(), { timeout: 5_000 }).toBe(1);
		await b.page.goto('/');
		await b.page.waitForURL(/\/login/);
		await signIn(b.page, editor).catch(() => undefined);
		expect(await b.page.getByText('This account has been deactivated').count()).toBe(1);

		await a.page.goto('/admin/log');
		for (const label of ['Account deactivated', 'Two-factor turned on', 'Two-factor policy changed', 'Signed in']) {
			expect(await a.page.getByRole('cell', { name: label, exact: true }).count(), label).toBeGreaterThan(0);
		}
		await shoot(a.page, 'security-log');
	});
});
