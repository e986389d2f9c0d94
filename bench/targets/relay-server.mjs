// The floor of this stack: one websocket room per path that forwards each binary frame to the room's other
// sockets, with no Yjs and no storage. Its one concession to the protocol: a client's sync step 1 is answered
// with an empty sync step 2, so a client is "synced" without a peer (the peers' own step 2 replies, forwarded,
// carry the document). Run on bare node: HOST=... PORT=... node relay-server.mjs
import { WebSocketServer } from 'ws';

const EMPTY_STEP2 = Uint8Array.of(0, 1, 2, 0, 0); // sync, step 2, an update of 2 bytes: no structs, no deletions
const rooms = new Map();
const server = new WebSocketServer({ host: process.env.HOST, port: Number(process.env.PORT), perMessageDeflate: false });
server.on('connection', (socket, request) => {
	const name = request.url ?? '/';
	const room = rooms.get(name) ?? new Set();
	rooms.set(name, room);
	room.add(socket);
	socket.on('message', (data, isBinary) => {
		if (!isBinary) return;
		if (data[0] === 0 && data[1] === 0) socket.send(EMPTY_STEP2);
		for (const peer of room) if (peer !== socket && peer.readyState === peer.OPEN) peer.send(data);
	});
	socket.on('close', () => {
		room.delete(socket);
		if (room.size === 0) rooms.delete(name);
	});
});
server.on('listening', () => console.log(JSON.stringify({ msg: 'listening', port: Number(process.env.PORT) })));
