/** A gateway stand-in's per-APN configuration (the lab fills it from the target file's declared policy). */
export interface ApnConfig {
  pdnTypes: 'ipv4' | 'ipv6' | 'ipv4v6';
  singleAddressBearersOnly: boolean;
  prefer: 'ipv4' | 'ipv6';
  ipv6Pool: string;
  ipv4Pool: string;
  dnsIpv6: string[];
  dnsIpv4: string[];
  mtu: number;
  /** An address of the gateway's that answers ICMPv6 echo from UEs (its SGi address). */
  probeIpv6?: string;
  /** Length of the prefix DHCPv6 delegates to each PDN connection, holding its /64 (TS 23.401 §5.3.1.2.6). */
  prefixDelegation?: number;
  /** Pref64::/n announced in the RA's PREF64 option (RFC 8781). */
  pref64?: string;
  /** 5GS: the only PDU session type the DNN allows; others get 5GSM #57 / #58 (TS 24.501 §6.4.1.4.1). */
  sessionTypeOnly?: 'ipv4v6' | 'unstructured';
}
