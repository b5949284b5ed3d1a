/**
 * `v6harness target init`: a commented target file for the elements a user has, with every key a
 * suite may need (docs/targets.md is the reference). Every address is a documentation address
 * (RFC 3849, RFC 5737) marked `# FILL IN`: the file validates as written, and a run against it
 * fails the pre-flight until the addresses are the user's.
 */
export const TEMPLATE_ELEMENTS = [
  'pgw',
  'sgw',
  'ggsn',
  'pgw-u',
  'smf',
  'dns64',
  'nat64',
  'aaaa-filter',
  'firewall',
  'aaa',
  'hss',
] as const;
export type TemplateElement = (typeof TEMPLATE_ELEMENTS)[number];

const BLOCKS: Record<TemplateElement, string> = {
  pgw: `  # PGW (S5/S8 GTPv2-C): the harness plays the SGW (suites core, mno, mvno-l2, terminal, roaming).
  pgw:
    kind: external
    address: 2001:db8:5100::10 # FILL IN: the PGW's S5/S8 GTP-C address
    port: 2123
    # The APNs as the operator declared them: the scenarios judge the PGW against this. Scenarios ask
    # by role (dualStack, ipv6Only, ipv4Only, singleAddress, tinyPool, prefixDelegation, xlat), found
    # from pdnTypes, or named here: roles: { dualStack: internet, ipv6Only: v6only, ipv4Only: v4only }
    apns:
      internet: # role dualStack: IPv4v6 with dual-address bearers
        pdnTypes: ipv4v6
        ipv6Pool: 2001:db8:5200::/40 # FILL IN: the /64s come from here (TS 23.401 §5.3.1.2.2)
        ipv4Pool: 198.51.100.0/24 # FILL IN
        dnsIpv6: [2001:db8:5300::53] # FILL IN: the DNS servers in PCO
        dnsIpv4: [198.51.100.53] # FILL IN
        mtu: 1400 # the IPv4 link MTU in PCO and the RA's MTU option
        probeIpv6: 2001:db8:f000::6 # FILL IN: answers ICMPv6 echo through this APN (user-plane scenarios)
      v6only: { pdnTypes: ipv6, ipv6Pool: 2001:db8:5400::/40, probeIpv6: 2001:db8:f000::6 } # role ipv6Only; FILL IN
      v4only: { pdnTypes: ipv4, ipv4Pool: 203.0.113.0/24 } # role ipv4Only; FILL IN
      # Further roles, where your PGW has such APNs (their scenarios are skipped otherwise):
      # tiny: { pdnTypes: ipv6, ipv6Pool: 2001:db8:5500::/63 }                    # tinyPool: pool exhaustion, cause 84
      # single: { pdnTypes: ipv4v6, singleAddressBearersOnly: true }               # singleAddress: cause 19
      # tether: { pdnTypes: ipv6, ipv6Pool: 2001:db8:5600::/40, prefixDelegation: 56 } # prefixDelegation (DHCPv6 PD)
      # xlat: { pdnTypes: ipv6, ipv6Pool: 2001:db8:5700::/40, pref64: 2001:db8:64::/96 } # xlat: 464XLAT
`,
  sgw: `  # SGW (S11 GTPv2-C): the harness plays the MME and eNodeB (suite ran); S1-U and S5/S8 as the SGW says.
  sgw:
    kind: external
    address: 2001:db8:5100::20 # FILL IN: the SGW's S11 GTP-C address
    port: 2123
    # interfaces: { s11: ipv6, s1u: ipv6, s5: ipv6 } # the family of each interface, where it differs
`,
  ggsn: `  # GGSN (Gn GTPv1-C): the harness plays the SGSN (suites gn, mvno-l2).
  ggsn:
    kind: external
    address: 192.0.2.20 # FILL IN: the GGSN's Gn GTP-C address
    port: 2123
    apns:
      inet6: { pdnTypes: ipv6, ipv6Pool: 2001:db8:5800::/40, dnsIpv6: [2001:db8:5300::53], probeIpv6: 2001:db8:f000::6 } # FILL IN
      inet46: # FILL IN
        { pdnTypes: ipv4v6, ipv6Pool: 2001:db8:5900::/40, ipv4Pool: 203.0.113.0/24, dnsIpv6: [2001:db8:5300::53], probeIpv6: 2001:db8:f000::6 }
`,
  'pgw-u': `  # PGW-U / UPF (Sxb/N4 PFCP): the harness plays the PGW-C (core/sxb-*).
  pgw-u:
    kind: external
    address: 2001:db8:5100::30 # FILL IN: the user plane function's PFCP address
    port: 8805
    apns:
      internet: { pdnTypes: ipv6, ipv6Pool: 2001:db8:5a00::/40, probeIpv6: 2001:db8:f000::6 } # FILL IN (the Network Instance)
`,
  smf: `  # SMF (N11 Nsmf_PDUSession over HTTP/2 h2c, TS 29.502; N4 PFCP): the harness's AMF stand-in relays the
  # PDU sessions of the gNB and UEs it plays to it (suite core5g). Pre-flight sends HTTP/2 SETTINGS and
  # a Retrieve SM Context it answers 404, and a PFCP Heartbeat to n4Address. Add an AMF stand-in that
  # names it (docs/targets.md, "SMF") and the UPF it controls (upf: kind external, its PFCP address).
  smf:
    kind: external
    address: 2001:db8:5100::50 # FILL IN: the SMF's N11 (SBI) address
    port: 80 # FILL IN: its N11 port (h2c, no TLS)
    n4Address: 2001:db8:5100::51 # FILL IN: its N4 (PFCP) address
    dnns: # FILL IN: the DNNs it serves, declared like APNs (PDU session types, pools)
      internet: { pdnTypes: ipv4v6, ipv6Pool: 2001:db8:5b00::/40, ipv4Pool: 198.51.100.0/24, mtu: 1400 }
      v6only: { pdnTypes: ipv6, ipv6Pool: 2001:db8:5c00::/40 }
`,
  dns64: `  # DNS64 resolver (suite gateway: gateway/dns64-*; backend/dns64-query-rate). It must resolve the
  # names under gateway.names below, and synthesize with gateway.nat64Prefix.
  dns64:
    kind: external
    address: 2001:db8:6400::53 # FILL IN: the resolver's IPv6 address
    port: 53
    ipv4Address: 192.0.2.53 # FILL IN: its IPv4 address, for IPv4 clients
`,
  nat64: `  # NAT64 (suite gateway: gateway/nat64-*, throughput through the NAT64). The harness host must route
  # gateway.nat64Prefix to the translator; UDP/TCP echo (internet.udpEchoPort) must answer at internet.ipv4Only.
  nat64:
    kind: external
    address: 2001:db8:6400::64 # FILL IN: the translator's IPv6 address
    ipv4Address: 192.0.2.64 # FILL IN: its IPv4 (pool) address, where unsolicited inbound is tried
`,
  'aaaa-filter': `  # AAAA filter (suite gateway: gateway/aaaa-filter-*): a resolver that filters AAAA for IPv4 clients.
  aaaa-filter:
    kind: external
    address: 2001:db8:6600::53 # FILL IN: the resolver's IPv6 address (IPv6 clients are never filtered)
    port: 53
    ipv4Address: 192.0.2.66 # FILL IN: its IPv4 address (IPv4 clients are filtered, gateway.aaaaFilterIpv4Clients)
`,
  firewall: `  # Firewall at the internet connection (suite gateway: gateway/firewall-*). The harness host is the UE
  # side on \`inside.interface\` (it puts gateway.firewall's UE addresses there) and runs the internet-side
  # server in a network namespace on \`outside.interface\` (echo on every declared service port, the
  # narrow-MTU hop to gateway.firewall.beyondIpv6). Your firewall routes the server's networks out of
  # its outside port and beyondIpv6's /64 to serverIpv6. Needs root.
  firewall:
    kind: external
    address: 2001:db8:f1::fe # FILL IN: the firewall's IPv6 address on the UE side (the UE's next hop)
    ipv4Address: 203.0.113.14 # FILL IN: its IPv4 address on the UE side
    inside: { interface: eth1 } # FILL IN: the host's interface cabled to the firewall's UE side
    outside: { interface: eth2, ipv6: 2001:db8:f2::fe, ipv4: 203.0.113.30 } # FILL IN: host interface on its internet side; the firewall's addresses there
`,
  aaa: `  # AAA (RADIUS accounting): your PGW/GGSN accounts to it (mvno/*-accounting cannot read an external
  # AAA's records and are skipped); with the secret the harness acts as a NAS (backend/radius-*).
  aaa:
    kind: external
    address: 2001:db8:5100::18 # FILL IN: the AAA's RADIUS accounting address
    port: 1813
    # secret: "..." # FILL IN to run backend/radius-* (the NAS secret your AAA has for the harness's address)
`,
  hss: `  # HSS (S6a Diameter over TCP): the harness plays the MME (suite backend). The subscribers are what your
  # HSS holds: the scenarios check its Update Location Answers against them.
  hss:
    kind: external
    address: 2001:db8:5100::38 # FILL IN: the HSS's Diameter address
    port: 3868
    diameterRealm: epc.mnc001.mcc001.3gppnetwork.org # FILL IN: its Origin-Realm
    homePlmn: "001-01" # FILL IN: MCC-MNC
    subscribers: # FILL IN: IMSIs your HSS holds, with their subscribed PDN type per APN (TS 29.272 §7.3.62)
      "001010000005001": { apns: { internet: { pdnType: ipv4 } } }
      "001010000005002": { apns: { internet: { pdnType: ipv6 } } }
      "001010000005003": { apns: { internet: { pdnType: ipv4v6 } }, roaming: ["001-02"] }
      "001010000005004": { apns: { internet: { pdnType: ipv4-or-ipv6 } } }
`,
};

const USER_PLANE: readonly TemplateElement[] = ['pgw', 'ggsn', 'pgw-u', 'nat64'];
const GATEWAY: readonly TemplateElement[] = ['dns64', 'nat64', 'aaaa-filter', 'firewall'];

export function targetTemplate(elements: readonly TemplateElement[], name = 'my-target'): string {
  const out: string[] = [
    `# A target file for your own elements, written by \`v6harness target init\` (reference: docs/targets.md).`,
    '# Replace every address marked FILL IN, then:',
    `#   npx v6harness target check --target THIS-FILE   # one probe per element: does it answer?`,
    `#   npx v6harness run --suite SUITE --target THIS-FILE`,
    '# A scenario that needs something this file does not declare is skipped, naming the key to add.',
    `name: ${name}`,
    'provider: external',
    '# What the harness may send toward your elements (CLOUD-HARM): keep it gentle on a live network.',
    'limits: { messagesPerSecond: 50, userPlanePacketsPerSecond: 1000 }',
  ];
  if (elements.some((e) => USER_PLANE.includes(e)))
    out.push(
      '# Hosts behind SGi/Gi that the UE pings and talks UDP/TCP echo (RFC 862) to: an IPv6-only, an IPv4-only,',
      '# a dual-stack one, and a dual-stack one whose IPv6 is broken (for Happy Eyeballs).',
      'internet:',
      '  ipv6Only: 2001:db8:f000::6 # FILL IN',
      '  ipv4Only: 192.0.2.4 # FILL IN',
      '  dualStack: { ipv6: 2001:db8:f000::46, ipv4: 192.0.2.46 } # FILL IN',
      '  brokenIpv6: { ipv6: 2001:db8:f000::bad, ipv4: 192.0.2.66 } # FILL IN',
      '  udpEchoPort: 7',
    );
  if (elements.some((e) => GATEWAY.includes(e))) {
    out.push(
      '# The gateway centre as declared: the Pref64 of DNS64 and NAT64, and names your resolvers must resolve.',
      'gateway:',
      '  nat64Prefix: 2001:db8:64::/96 # FILL IN: your Pref64::/n (64:ff9b::/96 for the well-known prefix)',
      '  names: # FILL IN: one zone holding these records',
      '    aOnly: { name: a-only.v6lab.example, ipv4: 192.0.2.4 } # an A, no AAAA',
      '    dualStack: { name: dual.v6lab.example, ipv4: 192.0.2.46, ipv6: 2001:db8:f000::46 }',
      '    aaaaOnly: { name: v6-only.v6lab.example, ipv6: 2001:db8:f000::6 }',
      '    mapped: { name: mapped.v6lab.example, ipv4: 192.0.2.7 } # AAAA ::ffff:192.0.2.7 and A 192.0.2.7',
      '    nxdomain: nx.v6lab.example # a name that does not exist',
      '    rfc6052: { name: rfc6052.v6lab.example, ipv4: 192.0.2.33 }',
      '    brokenIpv6: { name: broken-v6.v6lab.example, ipv4: 192.0.2.66, ipv6: 2001:db8:f000::bad }',
      '    aOnlyWildcard: { name: any.v6lab.example, ipv4: 192.0.2.5 } # *.any… A 192.0.2.5 (query-rate test)',
      '  aaaaFilterIpv4Clients: filtered # or unfiltered',
    );
    if (elements.includes('firewall'))
      out.push(
        '  # The firewall policy: UE addresses (put on inside.interface), the server behind it, the services.',
        '  firewall:',
        '    ueIpv6: 2001:db8:f1::1 # FILL IN (a /64 on the UE side; the firewall is ::fe there)',
        '    ueIpv4: 203.0.113.1 # FILL IN (a /28; the firewall is .14)',
        '    iotUeIpv6: 2001:db8:f1::100 # an IoT UE with a global address: inbound allowed (IOT-GLOBAL)',
        '    serverIpv6: 2001:db8:f2::2 # FILL IN: the server on the internet side (a /64; the firewall is ::fe)',
        '    serverIpv4: 203.0.113.18 # FILL IN (a /28; the firewall is .30)',
        '    beyondIpv6: 2001:db8:f3::1 # behind the server over a link of beyondMtu: Packet Too Big comes from there',
        '    beyondMtu: 1300',
        '    blocked: [{ protocol: tcp, port: 25 }] # FILL IN: services blocked from UEs',
        '    allowed: [{ protocol: tcp, port: 80 }, { protocol: udp, port: 7 }] # FILL IN: services allowed',
      );
  }
  out.push('elements:');
  for (const e of TEMPLATE_ELEMENTS) if (elements.includes(e)) out.push(BLOCKS[e].trimEnd());
  return `${out.join('\n')}\n`;
}
