import type { ScenarioContext } from '../../harness/runner/context.ts';
import type { FarHost } from '../../harness/lab/types.ts';

/**
 * The firewall scenarios send from the UE side through the firewall to servers on its internet
 * side. The docker lab builds both sides around its nftables element; for a user's own firewall
 * the target names the two host interfaces cabled to it (docs/targets.md, "Firewall") and the
 * harness builds them (lab/external/external-firewall.ts). Without that declaration the scenario
 * is skipped, naming the keys, instead of blaming the firewall for packets that had nowhere to go.
 */
export function firewallFarSide(ctx: ScenarioContext): FarHost {
  return ctx.declared(
    ctx.element('firewall').farHost,
    'elements.firewall.inside and elements.firewall.outside',
    "the host interfaces cabled to the firewall's UE and internet sides, where the harness puts its UEs and servers",
  );
}
