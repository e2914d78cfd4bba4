// The catalog's services outside the HTTP app — the `vlcenter catalog` commands and the demo seed — built the way the
// app builds them, so an upload gets the same checks and SHA-256 and a key load the same assignment and audit entries.
import path from 'node:path';
import type { Clock } from '../../clock.js';
import type { Config } from '../../config.js';
import type { Database } from '../../db/client.js';
import { createVlAccessService } from '../vl-access/service.js';
import { createDownloadLinkSigner } from './download-links.js';
import { createLocalFileStore } from './file-store.js';
import { createKeysService } from './keys.js';
import { createCatalogService } from './service.js';

export function createStandaloneCatalog(db: Database, clock: Clock, config: Config, secretKey: Buffer) {
  const full: Config = { ...config, secretKey };
  const vlAccess = createVlAccessService({ db, clock, config: full });
  const catalog = createCatalogService({
    db,
    clock,
    config: full,
    files: createLocalFileStore(path.join(config.dataDir, 'files')),
    links: createDownloadLinkSigner(secretKey),
    vlAccess,
  });
  const keys = createKeysService({ db, clock, secretKey, vlAccess });
  return { catalog, keys };
}
