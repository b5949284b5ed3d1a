import { execFileSync } from 'node:child_process';

/**
 * System tools the tests depend on are installed by containers/install-deps.sh. A missing tool is a
 * test failure with this message, never a skip: CI must prove the oracle ran.
 */
export function requireTool(name: string): string {
  try {
    return execFileSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' }).trim();
  } catch {
    throw new Error(`${name} is not installed: run containers/install-deps.sh (see README) before npm test`);
  }
}
