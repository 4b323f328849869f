import type { CommandIo } from '../shared/CommandIo';
import { DataUnavailableError } from '../shared/DataUnavailableError';
import { type OpenedMuteStore, openMuteStore } from './openMuteStore';

/** Runs `work` on the opened mute store and closes it; exit 1 with the reason when the data cannot be read now. */
export async function withMuteStore(
  command: string,
  source: Parameters<typeof openMuteStore>[0],
  io: CommandIo,
  work: (opened: OpenedMuteStore) => Promise<number>,
): Promise<number> {
  let opened: OpenedMuteStore;
  try {
    opened = await openMuteStore(source);
  } catch (error) {
    if (!(error instanceof DataUnavailableError)) throw error;
    io.stderr.write(`${command}: ${error.message}\n`);
    return 1;
  }
  try {
    return await work(opened);
  } finally {
    await opened.close();
  }
}
