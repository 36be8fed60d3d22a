/** Real peers the end-to-end tests need. A missing peer FAILS the test: .ci/run installs them all. */
import { execFileSync } from 'node:child_process';

/** The absolute path of a program, or a thrown error naming the Debian package that brings it. */
export function requirePeer(program: string, debianPackage: string): string {
  try {
    return execFileSync('sh', ['-c', `command -v ${program}`], { encoding: 'utf8' }).trim();
  } catch {
    throw new Error(`test peer '${program}' is missing: apt-get install ${debianPackage} (.ci/run does this)`);
  }
}
