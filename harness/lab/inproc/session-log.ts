import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { GTPU_PORT } from '../../protocol/gtpu/index.ts';
import type { RunningStandin, StandinWire } from './standins.ts';

/**
 * What the in-process stand-ins of one scenario said: where each listened and the errors they
 * logged (a message they could not decode, a peer that did not answer). Saved as
 * logs/<scenario>/standins.log when the scenario failed, or when a stand-in had to leave its
 * registered port (another run held it): Wireshark then shows that stand-in's packets in the
 * scenario's pcap as undissected data until told where to look, so the file names the
 * "Decode As" to use.
 */
/** Stand-in log lines kept per scenario: a fuzz campaign or a load makes one per bad message. */
const KEPT = 500;

export class StandinSessionLog {
  private readonly lines: string[] = [];
  private dropped = 0;
  private notable = false;

  /** A stand-in's own log line. */
  readonly log = (line: string): void => {
    this.notable = true;
    if (this.lines.length < KEPT) this.lines.push(`${new Date().toISOString()} ${line}`);
    else this.dropped++;
  };

  /** A line of the lab's own, not a reason to write the file. */
  note(line: string): void {
    this.lines.push(line);
  }

  listening(name: string, wire: StandinWire, r: RunningStandin): void {
    if (r.sctp?.transport === 'raw') {
      // Raw SCTP (IP protocol 132): Wireshark dissects it with no hint (NGAP by PPID 60).
      this.lines.push(`${name} (${r.role}): SCTP [${r.address}]:${r.port}`);
      return;
    }
    // SCTP over UDP (RFC 6951): what Wireshark needs is the UDP port.
    const port = r.sctp?.udpPort ?? r.port;
    this.lines.push(
      `${name} (${r.role}): ${endpointNote(wire, r.address, port)}${r.sctp ? `, SCTP port ${r.port} inside` : ''}`,
    );
    if (r.userPlanePort !== undefined)
      this.lines.push(
        `${name} (${r.role}) GTP-U: ${endpointNote({ transport: 'udp', port: GTPU_PORT, dissector: 'gtp' }, r.address, r.userPlanePort)}`,
      );
    if (port !== wire.port || (r.userPlanePort !== undefined && r.userPlanePort !== GTPU_PORT)) this.notable = true;
  }

  /** Writes the file when there is something to tell; returns the files written. */
  save(reportDir: string, base: string, failed: boolean, mask: (text: string) => string = (s) => s): string[] {
    if (!failed && !this.notable) return [];
    const dir = join(reportDir, 'logs', base);
    mkdirSync(dir, { recursive: true });
    const file = join(dir, 'standins.log');
    const more = this.dropped > 0 ? `\n(${this.dropped} more lines not kept)` : '';
    writeFileSync(file, mask(`${this.lines.join('\n')}${more}\n`));
    return [file];
  }
}

function endpointNote(wire: StandinWire, address: string, port: number): string {
  const at = `${wire.transport.toUpperCase()} [${address}]:${port}`;
  if (port === wire.port) return `${at} (registered port)`;
  return `${at} (port ${wire.port} was taken; in Wireshark: Decode As ${wire.transport}.port==${port} as ${wire.dissector}, or tshark -d ${wire.transport}.port==${port},${wire.dissector})`;
}
