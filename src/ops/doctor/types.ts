/** One line of the doctor's table. */
export interface DoctorCheck {
  /** What was checked ("configuration", "store", "permission: actions", …). */
  name: string;
  /** ok; warn (works, but look at it); fail (broken); skip (not applicable or not checkable). */
  status: 'ok' | 'warn' | 'fail' | 'skip';
  /** What was found and, when it is not ok, what to do. Never a secret. */
  detail: string;
  /** A failure the bot cannot run with: the doctor exits non-zero. */
  blocking?: boolean;
}

/** Everything the doctor found. */
export interface DoctorReport {
  checks: DoctorCheck[];
  /** The blocking failures (empty: the bot can run, maybe with warnings). */
  blocking: DoctorCheck[];
  /** 0 without a blocking failure, else 1. */
  exitCode: 0 | 1;
}

export const ok = (name: string, detail: string): DoctorCheck => ({ name, status: 'ok', detail });
export const warn = (name: string, detail: string): DoctorCheck => ({ name, status: 'warn', detail });
export const skip = (name: string, detail: string): DoctorCheck => ({ name, status: 'skip', detail });
export const fail = (name: string, detail: string, blocking = true): DoctorCheck => ({
  name,
  status: 'fail',
  detail,
  blocking,
});

/**
 * Settles like `work`, or after `ms` like `onTimeout()` (its value, or its throw): a hung store or
 * endpoint must not hang the doctor.
 */
export async function within<T>(ms: number, work: Promise<T>, onTimeout: () => T): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<T>((resolve, reject) => {
    timer = setTimeout(() => {
      try {
        resolve(onTimeout());
      } catch (err) {
        reject(err);
      }
    }, ms);
    timer.unref();
  });
  try {
    return await Promise.race([work, late]);
  } finally {
    clearTimeout(timer);
  }
}
