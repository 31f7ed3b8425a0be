/**
 * The emulator's own endpoints under /_emulator/ (no signature needed; loopback only by default):
 *   GET  /_emulator/health          {"ok":true}
 *   GET  /_emulator/state           the whole state (state-view.ts)
 *   GET  /_emulator/stats           calls per operation, throttled calls, injected faults
 *   POST /_emulator/clock           {"advanceSeconds":901} moves the emulator's clock (expires sessions)
 *   POST /_emulator/config          {"latencyMs":100,"faults":0.05,"faultKinds":["unavailable"],"rates":{"AssumeRoot":100},"defaultRate":20}
 *                                   "faultOperations":["CreateLoginProfile"] limits faults to those operations ([] : all)
 *                                   "propagationDelayMs":60000 delays trusted-access and delegation changes
 *                                   for AssumeRoot and the Organizations reads (emulator clock; propagation.ts)
 * and those of admin-accounts.ts (PUT /_emulator/accounts/<id>/root, GET /_emulator/sns/messages).
 */
import { FAULT_KINDS, type EmulatorCore, type FaultKind } from './handle.js';
import type { EmuRequest, EmuResponse } from './http-types.js';
import { accountsAdmin } from './admin-accounts.js';
import { stateView } from './state-view.js';

function json(status: number, value: unknown): EmuResponse {
  return { status, headers: { 'content-type': 'application/json' }, body: JSON.stringify(value) };
}

export function adminHandler(req: EmuRequest, core: EmulatorCore): EmuResponse {
  const more = accountsAdmin(req, core);
  if (more) return more;
  const route = `${req.method} ${req.path}`;
  let body: Record<string, unknown> = {};
  if (req.method === 'POST' && req.body.length) {
    try {
      body = JSON.parse(req.body.toString('utf8')) as Record<string, unknown>;
    } catch {
      return json(400, { error: 'body must be JSON' });
    }
  }
  switch (route) {
    case 'GET /_emulator/health':
      return json(200, { ok: true });
    case 'GET /_emulator/state':
      return json(200, stateView(core.world));
    case 'GET /_emulator/stats':
      return json(200, core.stats);
    case 'POST /_emulator/clock': {
      const s = Number(body.advanceSeconds ?? 0);
      if (!Number.isFinite(s)) return json(400, { error: 'advanceSeconds must be a number' });
      core.world.clockOffsetMs += s * 1000;
      return json(200, { now: core.world.now().toISOString() });
    }
    case 'POST /_emulator/config': {
      const rates = body.rates as Record<string, number> | undefined;
      if (
        body.faultKinds !== undefined &&
        (!Array.isArray(body.faultKinds) ||
          !body.faultKinds.every((k) => (FAULT_KINDS as readonly unknown[]).includes(k)))
      ) {
        return json(400, { error: `faultKinds must be an array of ${FAULT_KINDS.join(', ')}` });
      }
      if (
        body.faultOperations !== undefined &&
        (!Array.isArray(body.faultOperations) || !body.faultOperations.every((o) => typeof o === 'string'))
      ) {
        return json(400, { error: 'faultOperations must be an array of operation names' });
      }
      if (body.propagationDelayMs !== undefined) {
        const ms = body.propagationDelayMs;
        if (typeof ms !== 'number' || !Number.isFinite(ms) || ms < 0)
          return json(400, { error: 'propagationDelayMs must be a number of milliseconds, 0 or more' });
        core.world.accessHistory.delayMs = ms;
      }
      core.setKnobs({
        ...(typeof body.latencyMs === 'number' ? { latencyMs: body.latencyMs } : {}),
        ...(typeof body.jitter === 'number' ? { jitter: body.jitter } : {}),
        ...(typeof body.faults === 'number' ? { faults: body.faults } : {}),
        ...(Array.isArray(body.faultKinds) ? { faultKinds: body.faultKinds as FaultKind[] } : {}),
        ...(Array.isArray(body.faultOperations) ? { faultOperations: body.faultOperations } : {}),
        ...(typeof body.seed === 'number' ? { seed: body.seed } : {}),
        ...(rates !== undefined || typeof body.defaultRate === 'number'
          ? {
              rates: {
                operations: { ...core.knobs.rates.operations, ...(rates ?? {}) },
                defaultPerSecond:
                  typeof body.defaultRate === 'number' ? body.defaultRate : core.knobs.rates.defaultPerSecond,
              },
            }
          : {}),
      });
      return json(200, {
        latencyMs: core.knobs.latencyMs,
        jitter: core.knobs.jitter,
        faults: core.knobs.faults,
        rates: core.knobs.rates,
        propagationDelayMs: core.world.accessHistory.delayMs,
      });
    }
    default:
      return json(404, { error: `no emulator endpoint ${route}` });
  }
}
