// The version of Triptych, from package.json, for exports and the interface.
import fs from 'node:fs';
import path from 'node:path';
import { projectRoot } from './config.ts';

export const triptychVersion: string = (
  JSON.parse(fs.readFileSync(path.join(projectRoot, 'package.json'), 'utf8')) as { version: string }
).version;
