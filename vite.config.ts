import { sveltekit } from '@sveltejs/kit/vite';
import tailwindcss from '@tailwindcss/vite';
import { defineConfig } from 'vitest/config';
import { collabDevServer } from './server/dev-plugin.ts';
import { firstLoadChunks } from './scripts/first-load-chunks.js';
import { preloadStaticImports } from './scripts/preload-static-imports.js';

export default defineConfig({
	plugins: [tailwindcss(), preloadStaticImports(), firstLoadChunks(import.meta.dirname), sveltekit(), collabDevServer()],
	test: {
		expect: { requireAssertions: true },
		projects: [
			{
				extends: true,
				test: {
					name: 'unit',
					environment: 'node',
					include: ['src/**/*.spec.ts', 'server/**/*.spec.ts']
				}
			},
			{
				extends: true,
				test: {
					name: 'integration',
					environment: 'node',
					include: ['tests/integration/**/*.test.ts'],
					testTimeout: 60_000,
					hookTimeout: 120_000
				}
			},
			{
				extends: true,
				test: {
					name: 'browser',
					environment: 'node',
					include: ['tests/browser/**/*.test.ts'],
					testTimeout: 120_000,
					hookTimeout: 180_000,
					fileParallelism: false
				}
			},
			{
				extends: true,
				test: {
					// npm run test:reliability: crash, fault, bad input, authorisation, web security and load tests
					// (docs/reliability.md). Files run one at a time so their timings and the server's figures are not
					// disturbed by each other.
					name: 'reliability',
					environment: 'node',
					include: ['tests/reliability/**/*.test.ts'],
					testTimeout: 300_000,
					hookTimeout: 180_000,
					fileParallelism: false
				}
			}
		]
	}
});
