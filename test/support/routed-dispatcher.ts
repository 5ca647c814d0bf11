// The probe's dispatcher with the Management API's /api/v1/logs and /api/v1/apps sent to another origin (a loopback
// org serving them), every other request (the tokens) to the origin it names: the provisioning tests and bench read an
// org of their own making while the simulator issues the tokens.
import type { Dispatcher } from 'undici';

/** `base`, its requests for /api/v1/logs and /api/v1/apps sent to `orgUrl()` instead. */
export function routedToOrg(base: Dispatcher, orgUrl: () => string): Dispatcher {
  return new Proxy(base, {
    get(target, prop) {
      if (prop === 'dispatch')
        return (options: Dispatcher.DispatchOptions, handler: Dispatcher.DispatchHandler): boolean =>
          target.dispatch(
            /^\/api\/v1\/(logs|apps)(\?|$)/.test(options.path) ? { ...options, origin: orgUrl() } : options,
            handler,
          );
      const value: unknown = Reflect.get(target, prop, target);
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
}
