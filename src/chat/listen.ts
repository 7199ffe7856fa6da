// Opening a listening port, with a sentence a school's IT lead can act on when it cannot be opened: the
// port in use (another Rollcall, another program) or a privileged one, and the variable that moves it.
import type { Server } from 'node:http';

/** Listens on `port`, or rejects with an Error naming `variable` (PORT, TEAMS_PORT, IMPORT_PORT). */
export function listen(server: Server, port: number, host: string | undefined, variable: string): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', (error) => reject(portError(error, port, variable)));
    server.listen(port, host, () => resolve());
  });
}

/** The same sentence for a listener Rollcall does not open itself (Bolt's). */
export function portError(error: unknown, port: number, variable: string): unknown {
  const code = error !== null && typeof error === 'object' && 'code' in error ? error.code : undefined;
  if (code === 'EADDRINUSE') {
    return new Error(`Port ${port} is already in use (another Rollcall, or another program). Set ${variable} to a free port, for example ${variable}=${port + 1}.`);
  }
  if (code === 'EACCES') return new Error(`Port ${port} needs privileges Rollcall does not have. Set ${variable} to a port above 1023.`);
  return error;
}
