import { safeNodeLabel } from '../incident/safeNodeLabel';
import type { NodeActivityReader, NodeLastEvent } from '../ports/NodeActivityStore';
import type { OperationsMessage, OperationsNotifier } from '../ports/OperationsNotifier';
import type { SilenceAnnouncements } from '../ports/SilenceAnnouncements';
import { formatDuration } from '../rules/parseDuration';

export interface SilenceCheckDependencies {
  readonly activity: NodeActivityReader;
  readonly announcements: SilenceAnnouncements;
  readonly notifier: OperationsNotifier;
}

export interface SilenceCheckOptions {
  readonly nowMs: number;
  /** A node with no event seen for longer than this is silent. */
  readonly silentAfterMs: number;
}

export interface SilenceCheckOutcome {
  readonly nodes: number;
  readonly silent: number;
  /** Node keys announced silent by this run. */
  readonly fellSilent: readonly string[];
  /** Node keys announced speaking again by this run. */
  readonly spokeAgain: readonly string[];
  /** Newest event seen from any node; undefined while no node is known. */
  readonly newestEventMs?: number;
}

/**
 * The silence use case, run on a schedule: reads every node's last event seen and tells the operators
 * once when a node falls silent for longer than `silentAfterMs` and once when it speaks again. What
 * was announced is remembered after the message went out, so a failed send is retried by the next
 * run (a send that succeeds but is not remembered is announced twice, never lost).
 */
export async function checkSilence(
  deps: SilenceCheckDependencies,
  options: SilenceCheckOptions,
): Promise<SilenceCheckOutcome> {
  const [nodes, announced] = await Promise.all([
    deps.activity.listNodes(),
    deps.announcements.listAnnounced(),
  ]);
  const announcedByKey = new Map(announced.map((a) => [a.nodeKey, a]));
  const fellSilent: string[] = [];
  const spokeAgain: string[] = [];
  let silent = 0;
  let newestEventMs: number | undefined;
  for (const node of nodes) {
    const lastMs = Date.parse(node.lastEventAt);
    if (!Number.isFinite(lastMs)) continue;
    newestEventMs = Math.max(newestEventMs ?? lastMs, lastMs);
    const isSilent = options.nowMs - lastMs > options.silentAfterMs;
    const announcement = announcedByKey.get(node.nodeKey);
    if (isSilent) silent++;
    if (isSilent && !announcement) {
      await deps.notifier.notify(silenceMessage(node, options));
      await deps.announcements.remember({
        nodeKey: node.nodeKey,
        node: node.node,
        lastEventAt: node.lastEventAt,
        announcedAt: new Date(options.nowMs).toISOString(),
      });
      fellSilent.push(node.nodeKey);
    } else if (!isSilent && announcement) {
      await deps.notifier.notify(speaksAgainMessage(node, announcement.lastEventAt));
      await deps.announcements.forget(node.nodeKey);
      spokeAgain.push(node.nodeKey);
    }
  }
  return {
    nodes: nodes.length,
    silent,
    fellSilent,
    spokeAgain,
    ...(newestEventMs === undefined ? {} : { newestEventMs }),
  };
}

function silenceMessage(node: NodeLastEvent, options: SilenceCheckOptions): OperationsMessage {
  const label = safeNodeLabel(node.node, 60);
  const quietFor = formatDuration(roundDown(options.nowMs - Date.parse(node.lastEventAt)));
  return {
    subject: `[SILENT] ${label}: no Windows events for ${quietFor}`,
    text: [
      `No event from ${label} has been read for ${quietFor} (threshold ${formatDuration(options.silentAfterMs)}).`,
      '',
      `Last event seen: ${node.lastEventAt}`,
      `From object:     ${printable(node.lastObjectKey)}`,
      '',
      'While a node is silent, no alert can be raised for it. Check that the node is up, that its log',
      'shipper service runs and can reach S3 (credentials, proxy, disk buffer), and that its clock is right.',
      'You will get one message when it speaks again.',
      '',
    ].join('\n'),
  };
}

function speaksAgainMessage(node: NodeLastEvent, silentSince: string): OperationsMessage {
  const label = safeNodeLabel(node.node, 60);
  return {
    subject: `[SPEAKS AGAIN] ${label} sends Windows events again`,
    text: [
      `${label} was announced silent (last event then: ${silentSince}).`,
      `Its newest event now: ${node.lastEventAt}, from ${printable(node.lastObjectKey)}.`,
      '',
    ].join('\n'),
  };
}

function roundDown(ms: number): number {
  const unit = ms >= 86_400_000 ? 3_600_000 : 60_000;
  return ms - (ms % unit);
}

function printable(text: string): string {
  return text.replace(/[^\x20-\x7E]/g, '?');
}
