import v8 from 'node:v8';
import vm from 'node:vm';

let gc: (() => void) | null | undefined;

/**
 * Run a full garbage collection now, once, where a large short-lived allocation has just ended —
 * PGlite's initdb and start-up leave a few hundred MB of WebAssembly memory that V8 would otherwise
 * hold until some later collection (the server is then idle, so that can take a long time).
 * Returns false where the runtime does not allow it.
 */
export function collectGarbageNow(): boolean {
  if (gc === undefined) {
    try {
      v8.setFlagsFromString('--expose-gc');
      gc = vm.runInNewContext('gc') as () => void;
    } catch {
      gc = null;
    }
  }
  if (!gc) return false;
  gc();
  return true;
}
