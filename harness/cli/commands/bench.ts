import { UsageError } from '../../runner/errors.ts';
import { BENCHES } from '../bench/index.ts';

/** `bench [NAME...]`: runs the named benchmarks (all by default); each prints its baseline and ratio. */
export async function benchCommand(names: string[]): Promise<number> {
  const chosen = names.length ? names : Object.keys(BENCHES);
  for (const n of chosen)
    if (!BENCHES[n]) throw new UsageError(`unknown benchmark "${n}" (known: ${Object.keys(BENCHES).join(', ')})`);
  let ok = true;
  for (const n of chosen) ok = (await BENCHES[n]()) && ok;
  return ok ? 0 : 1;
}
