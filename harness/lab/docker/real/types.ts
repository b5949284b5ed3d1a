/**
 * How the docker lab runs one real element: the files to write into its container, the shell
 * command that starts it, the log line that says it serves, its service port and the kernel
 * features it needs (a TUN device and forwarding for a translator).
 */
export interface RealConfig {
  files: { path: string; content: string }[];
  /** Runs in the background of the container's supervisor script; must stay in the foreground itself. */
  start: string;
  /** Commands run before `start` (interfaces, routes). */
  setup?: string;
  /** A line of the element's own output that means it serves. */
  ready: string;
  /** Lines that must all have been logged before it serves (`ready` among them), where one is not enough. */
  readyAll?: string[];
  /** How long the element may take to log them (default 10 s). */
  readyWithinS?: number;
  port: number;
  kernel?: { tun: true };
  /** Network sysctls of the container's namespace (/proc/sys is read-only inside). */
  sysctls?: Record<string, string>;
}
