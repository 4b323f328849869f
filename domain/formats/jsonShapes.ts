import type { JsonShape } from './JsonShape';
import { ecsShape } from './mapEcsRecord';
import { evtxDumpShape } from './mapEvtxDumpRecord';
import { exportWinEventsShape } from './mapExportWinEventsRecord';
import { fluentBitShape } from './mapFluentBitRecord';
import { kinesisAgentShape } from './mapKinesisAgentRecord';
import { nxlogShape } from './mapNxlogRecord';
import { powerShellShape } from './mapPowerShellRecord';
import { wazuhShape } from './mapWazuhRecord';

/**
 * Every JSON shape the reader knows, in the order they are tried: the first whose markers are all
 * there wins, so a record carrying the markers of two shapes is read as the earlier one (the format
 * tests pin this order). Adding a shape is one module that exports its `JsonShape`, its name in
 * `FormatName`, and one line here.
 */
export const JSON_SHAPES: readonly JsonShape[] = [
  ecsShape,
  fluentBitShape,
  nxlogShape,
  exportWinEventsShape,
  kinesisAgentShape,
  powerShellShape,
  evtxDumpShape,
  wazuhShape,
];
