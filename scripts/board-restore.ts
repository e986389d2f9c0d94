// Imports a board exported by scripts/board-backup.ts into the database the server uses.
//   npx tsx scripts/board-restore.ts board.json [--as-new] [--chair <username>]
// --as-new   restore under a new board id, beside the original (safe while servers run)
// --chair    make this account chair (needed when the board's creator has no account here)
// Without --as-new the board keeps its id and must not exist.
import fs from 'node:fs';
import { parseArgs } from 'node:util';
import { loadConfig } from '../src/lib/server/config.ts';
import { openDatabase } from '../src/lib/server/db/index.ts';
import { restoreBoard, type BoardBackup } from '../src/lib/server/board-backup.ts';

const { values, positionals } = parseArgs({
	allowPositionals: true,
	options: { 'as-new': { type: 'boolean', default: false }, chair: { type: 'string' } }
});
const file = positionals[0];
if (!file) {
	console.error('usage: npx tsx scripts/board-restore.ts board.json [--as-new] [--chair <username>]');
	process.exit(2);
}
const backup = JSON.parse(fs.readFileSync(file, 'utf8')) as BoardBackup;
const config = loadConfig(process.env);
const database = await openDatabase({ url: config.databaseUrl, dataDir: config.dataDir });
try {
	const result = await restoreBoard(database.db, backup, { asNew: values['as-new'], chair: values.chair });
	console.log(`restored "${backup.board.title}" as board ${result.boardId}`);
	if (result.skippedMembers.length > 0) console.log(`members without an account here (not restored): ${result.skippedMembers.join(', ')}`);
} catch (error) {
	console.error(error instanceof Error ? error.message : error);
	process.exitCode = 1;
} finally {
	await database.close();
}
