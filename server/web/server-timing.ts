// Adds a Server-Timing header (`app;dur=<ms>`) to every answer: the time from the request reaching
// the app to the headers leaving it. Benchmarks read it to separate server time from the network.
import type { NextFunction, Request, Response } from 'express';

export function serverTiming(_req: Request, res: Response, next: NextFunction): void {
  const started = process.hrtime.bigint();
  const writeHead = res.writeHead;
  res.writeHead = function (this: Response, ...args: unknown[]) {
    if (!this.headersSent) {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      this.setHeader('Server-Timing', `app;dur=${ms.toFixed(2)}`);
    }
    return (writeHead as (...a: unknown[]) => Response).apply(this, args);
  } as typeof res.writeHead;
  next();
}
