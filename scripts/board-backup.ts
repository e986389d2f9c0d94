// Exports one board (row, members, update log and compacted state, snapshots) as JSON, from the database the
// server uses (DATABASE_URL, or SQLite in DATA_DIR). Safe while servers run: it reads in one transaction.
//   npx tsx scripts/board-backup.ts <boardId> > board.json
import { loadConfig } from '../src/lib/server/config.ts';
import { openDatabase } from '../src/lib/server/db/index.ts';
import { exportBoard } from '../src/lib/server/board-backup.ts';

const boardId = process.argv[2];
if (!boardId) {
	console.error('usage: npx tsx scripts/board-backup.ts <boardId> > board.json');
	process.exit(2);
}
const config = loadConfig(process.env);
const database = await openDatabase({ url: config.databaseUrl, dataDir: config.dataDir, sqliteSync: config.sqliteSync });
try {
	const backup = await exportBoard(database.db, boardId);
	if (!backup) {
		console.error(`no board ${boardId}`);
		process.exitCode = 1;
	} else {
		process.stdout.write(JSON.stringify(backup) + '\n');
		console.error(`exported "${backup.board.title}": ${backup.updates.length} log entries, ${backup.snapshots.length} snapshots`);
	}
} finally {
	await database.close();
}
