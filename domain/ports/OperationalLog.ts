/** Structured operational log lines from the core's use cases (the Powertools logger fits this shape). */
export interface OperationalLog {
  info(message: string, ...details: Record<string, unknown>[]): void;
  warn(message: string, ...details: Record<string, unknown>[]): void;
}

export const silentLog: OperationalLog = {
  info() {},
  warn() {},
};
