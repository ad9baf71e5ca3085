// The command list names each subcommand without loading it; what it loads is that command.
import { describe, expect, it } from 'vitest';
import { commands } from '../../server/cli/commands/index.ts';

describe('the lazily loaded command list', () => {
  it('loads, for every entry, the command of that name', async () => {
    for (const entry of commands) {
      const command = await entry.load();
      expect(command.name).toBe(entry.name);
    }
  });
});
