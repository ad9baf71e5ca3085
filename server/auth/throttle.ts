// When repeated failed sign-ins are throttled, per account and per address: after a few failures
// within the window, each further attempt must wait a delay that doubles with every failure (capped),
// counted from the latest failure. A throttled attempt is refused before any password is hashed, so
// guessing costs the server nothing, and it is not itself a failure (waiting out the delay is always
// enough). A successful sign-in ends the account's run of failures. Pure: the counts come from the
// auth log.

export interface ThrottlePolicy {
  /** failures are counted over this many milliseconds */
  windowMs: number;
  /** failures of one account allowed before delays start */
  accountFreeFailures: number;
  /** failures from one address (any accounts) allowed before delays start */
  addressFreeFailures: number;
  /** the first delay; each further failure doubles it */
  baseDelayMs: number;
  maxDelayMs: number;
}

export const throttlePolicy: ThrottlePolicy = {
  windowMs: 15 * 60_000,
  accountFreeFailures: 5,
  addressFreeFailures: 20,
  baseDelayMs: 30_000,
  maxDelayMs: 15 * 60_000,
};

export interface FailureCount {
  /** failures in the window (for an account: since its latest successful sign-in) */
  count: number;
  /** time of the latest of them (ms since the epoch) */
  latest: number | null;
}

function delayFor(count: number, free: number, policy: ThrottlePolicy): number {
  if (count < free) return 0;
  return Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (count - free));
}

/** Milliseconds until another attempt is allowed (0: now). */
export function retryAfterMs(account: FailureCount, address: FailureCount, now: number, policy: ThrottlePolicy = throttlePolicy): number {
  const wait = (f: FailureCount, free: number) => (f.latest === null ? 0 : Math.max(0, f.latest + delayFor(f.count, free, policy) - now));
  return Math.max(wait(account, policy.accountFreeFailures), wait(address, policy.addressFreeFailures));
}
