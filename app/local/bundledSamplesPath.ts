import { join } from 'node:path';
import { packageRoot } from '../../adapters/node/packageRoot';

/** The sample fleet logs `local` uploads unless told not to. */
export const BUNDLED_SAMPLES_PATH = join(packageRoot(), 'samples');
