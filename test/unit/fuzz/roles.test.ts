import test from 'ava';
import { fuzzRoles } from '../../../harness/fuzz/roles.ts';
import { loadTarget } from '../../../harness/runner/target-file.ts';

/**
 * What `v6harness fuzz` may aim at (CLOUD-HARM): stand-ins, and the real elements the docker lab
 * runs on its own networks (open5gs's SGW-C, SMF and UPF); never an external element.
 */
test('open5gs in the docker lab: the SGW-C, SMF and one UPF are fuzzed in their roles; the SGW-U and the PCRF are not', (t) => {
  const { target } = loadTarget('targets/open5gs.yaml');
  t.deepEqual([...fuzzRoles(target)].sort(), [
    ['pgw', 'pgw'],
    ['pgw-u', 'upf'],
    ['sgw', 'sgw'],
    // Not the UPF in its 5G role (upf): one real element per role.
  ]);
});

test('the in-process stand-ins keep their roles', (t) => {
  const roles = fuzzRoles(loadTarget().target);
  t.is(roles.get('pgw'), 'pgw');
  t.is(roles.get('upf'), 'upf');
  t.is(roles.get('aaa'), 'aaa');
});

test('an external element is never fuzzed, whatever it is', (t) => {
  const { target } = loadTarget('targets/open5gs.yaml');
  const external = {
    ...target,
    provider: 'external' as const,
    elements: { pgw: { kind: 'external' as const, address: '2001:db8::1' } },
  } as unknown as typeof target;
  t.is(fuzzRoles(external).size, 0);
  // The same open5gs elements outside the docker lab are not the lab's to fuzz either.
  t.is(fuzzRoles({ ...target, provider: 'inproc' } as typeof target).size, 0);
});
