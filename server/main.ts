// Starts the HTTP server: reads the configuration, opens the workspace (migrating and seeding the
// database), listens. Nothing else.
import { createApp } from './app.ts';
import { loadConfig } from './config.ts';
import { openWorkspace } from './services/workspace.ts';

async function main(): Promise<void> {
  const config = loadConfig();
  const workspace = await openWorkspace(config, 'server');
  const app = await createApp(workspace);
  const server = app.listen(config.port, config.host, () => {
    const host = config.host.includes(':') ? `[${config.host}]` : config.host;
    console.log(`Triptych is serving ${config.databasePath} at http://${host}:${config.port}/`);
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
