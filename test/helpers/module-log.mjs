/**
 * Records every module a Node process loads through the ESM loader: import it first (`node --import
 * <file URL of this file>`, or the same in NODE_OPTIONS) with TERMAUDIT_MODULE_LOG set to a file, and each
 * resolved URL is appended to that file, one a line. The startup test uses it to see which of dist/'s
 * modules `termaudit --version` loads. Plain JavaScript, so a child `node` runs it without tsx.
 */
import { register } from 'node:module';

const logFile = process.env.TERMAUDIT_MODULE_LOG;
if (!logFile) throw new Error('module-log.mjs: set TERMAUDIT_MODULE_LOG to the file that receives the URLs');
register('./module-log-hooks.mjs', import.meta.url, { data: { logFile } });
