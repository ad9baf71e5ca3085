// Starts the HTTP server: reads the configuration, opens the workspace (migrating and seeding the
// database), listens. Nothing else.
import type { AddressInfo } from 'node:net';
import { createApp } from './app.ts';
import { isLoopbackHost, loadConfig } from './config.ts';
import { hasAdministrator, isLocalMode } from './services/accounts.ts';
import { openWorkspace } from './services/workspace.ts';

async function main(): Promise<void> {
  const config = loadConfig();
  const workspace = await openWorkspace(config, 'server');
  // Without an administrator there are no accounts: local mode, where whoever reaches the port may
  // do everything. That is only safe on an address no other machine reaches.
  if (!isLoopbackHost(config.host) && !hasAdministrator(workspace.db)) {
    console.error(
      `triptych: refusing to listen on ${config.host}, which other machines can reach, while no administrator exists ` +
        `(anyone could change everything). Create one first — npx triptych users add NAME --role administrator — ` +
        `or start on 127.0.0.1 and open /setup there.`,
    );
    workspace.close();
    process.exit(1);
  }
  const app = await createApp(workspace);
  const server = app.listen(config.port, config.host, () => {
    const host = config.host.includes(':') ? `[${config.host}]` : config.host;
    // PORT=0 listens on a free port: say which
    const port = (server.address() as AddressInfo | null)?.port ?? config.port;
    const mode = isLocalMode(workspace.db) ? 'local mode: no accounts, this machine only' : 'accounts: sign-in required';
    console.log(`Triptych is serving ${config.databasePath} at http://${host}:${port}/ (${mode})`);
  });
  server.on('error', (error) => {
    console.error(`triptych: cannot listen on ${config.host}:${config.port}: ${error.message}`);
    workspace.close();
    process.exit(1);
  });
  const stop = () => server.close(() => { workspace.close(); process.exit(0); });
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((error: unknown) => {
  console.error(`triptych: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
