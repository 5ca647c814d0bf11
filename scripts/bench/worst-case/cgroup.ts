// The CPU limit: a cgroup v1 cpu controller giving the handler's process the share Lambda gives its memory size
// (needs root; without it the run is unlimited and says so).
import { mkdir, rmdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { FULL_VCPU_MB } from '../memory';
import { MEMORY_MB } from './settings';

const CFS_PERIOD_US = 100_000;
const CFS_QUOTA_US = Math.ceil((CFS_PERIOD_US * MEMORY_MB) / FULL_VCPU_MB);

export interface CpuLimit {
  /** The cgroup's directory, or undefined when it could not be made (then the run is unlimited). */
  readonly dir?: string;
  readonly note: string;
}

export async function makeCgroup(name: string): Promise<CpuLimit> {
  const dir = `/sys/fs/cgroup/cpu/${name}`;
  try {
    await mkdir(dir);
    await writeFile(join(dir, 'cpu.cfs_period_us'), String(CFS_PERIOD_US));
    await writeFile(join(dir, 'cpu.cfs_quota_us'), String(CFS_QUOTA_US));
    // A high weight, so that a busy machine still gives the child its whole quota, as Lambda would.
    await writeFile(join(dir, 'cpu.shares'), '8192');
    return {
      dir,
      note:
        `cgroup v1 cpu controller: cfs_quota_us ${CFS_QUOTA_US} per cfs_period_us ${CFS_PERIOD_US} (${MEMORY_MB}/${FULL_VCPU_MB} ` +
        `of one CPU), cpu.shares 8192`,
    };
  } catch (error) {
    await rmdir(dir).catch(() => undefined);
    return {
      note:
        `NO CPU LIMIT: the cgroup ${dir} could not be made (${(error as Error).message}); the child ran with ` +
        `the whole machine`,
    };
  }
}
