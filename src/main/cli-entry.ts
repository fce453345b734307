import { runCli } from '../cli/main.js';
import { VERSION } from './version.js';

/** Entry point of the `modelry` bin. */
const code = await runCli(process.argv.slice(2), VERSION);
process.exitCode = code;
