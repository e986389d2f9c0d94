export { default as NoticeStack } from './notice-stack.svelte';
export { Notices, NOTICE_MS, type Notice } from './notices.svelte.ts';
