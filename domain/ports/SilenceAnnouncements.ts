/** A node whose silence was announced to the operators, kept until it speaks again. */
export interface AnnouncedSilence {
  /** `nodeKey(node)`. */
  readonly nodeKey: string;
  readonly node: string;
  /** The node's last event seen when the silence was announced (ISO 8601 UTC). */
  readonly lastEventAt: string;
  readonly announcedAt: string;
}

/** Remembers which silences were announced, so each is announced once and its end once. */
export interface SilenceAnnouncements {
  listAnnounced(): Promise<AnnouncedSilence[]>;
  remember(silence: AnnouncedSilence): Promise<void>;
  forget(nodeKey: string): Promise<void>;
}
