export { default as DownloadStatus } from './download-status.svelte';
