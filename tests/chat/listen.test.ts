// A port already in use: the local page, the Teams listener, Slack's and the HTTP import each fail with one
// sentence naming the variable that moves them, not a stack trace (the CLI prints an Error's message).
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { portError } from '../../src/chat/listen.js';
import { LocalChatPort } from '../../src/chat/local/port.js';
import { LocalChat } from '../../src/chat/local/session.js';
import { startLocalWeb } from '../../src/chat/local/web.js';
import { buildDemoRouter } from './demo-router.js';

let taken: Server;
let port = 0;
beforeAll(async () => {
  taken = createServer();
  await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
  port = (taken.address() as AddressInfo).port;
});
afterAll(() => new Promise<void>((resolve) => taken.close(() => resolve())));

describe('a port already in use', () => {
  it('the local page names PORT', async () => {
    const local = new LocalChatPort({ print: () => undefined });
    const demo = buildDemoRouter(() => local);
    const chat = new LocalChat({ router: demo.router, staffDirectory: demo.staff, port: local, userId: 'office' });
    await expect(startLocalWeb(chat, port)).rejects.toThrow(`Port ${port} is already in use (another Rollcall, or another program). Set PORT to a free port, for example PORT=${port + 1}.`);
  });

  it('names the variable given for any listener, and leaves other errors as they are', () => {
    const inUse = Object.assign(new Error('listen EADDRINUSE'), { code: 'EADDRINUSE' });
    expect(String(portError(inUse, 3100, 'IMPORT_PORT'))).toBe('Error: Port 3100 is already in use (another Rollcall, or another program). Set IMPORT_PORT to a free port, for example IMPORT_PORT=3101.');
    const denied = Object.assign(new Error('listen EACCES'), { code: 'EACCES' });
    expect(String(portError(denied, 80, 'TEAMS_PORT'))).toBe('Error: Port 80 needs privileges Rollcall does not have. Set TEAMS_PORT to a port above 1023.');
    const other = new Error('something else');
    expect(portError(other, 3000, 'PORT')).toBe(other);
  });
});
