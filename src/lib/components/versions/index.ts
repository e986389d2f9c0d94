export { default as TakeSnapshotDialog } from './take-snapshot-dialog.svelte';
export { default as HistoryPanel, type VersionItem } from './history-panel.svelte';
export { default as VersionBanner } from './version-banner.svelte';
export { default as DiffView } from './diff-view.svelte';
export { default as DownloadMenu } from './download-menu.svelte';
export { default as VersionsMenu } from './versions-menu.svelte';
export { default as VersionGrids } from './version-grids.svelte';
export { default as StatusHistoryTable } from './status-history-table.svelte';
