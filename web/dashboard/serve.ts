// A tiny Node http server around the dashboard route, for the browser test and the screenshot script
// (the local stack mounts the same route in its own server).
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dashboardRoute, type DashboardDeps } from '../../functions/web/coverage/dashboard-route';

export async function serveDashboard(deps: DashboardDeps, opts: { requireToken?: boolean } = {}): Promise<{ origin: string; close: () => Promise<void> }> {
  const route = dashboardRoute(deps, opts);
  const server = createServer((req, res) => {
    route({ method: req.method, url: req.url })
      .then((answer) => {
        res.writeHead(answer.status, answer.headers);
        res.end(answer.body);
      })
      .catch(() => {
        res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' });
        res.end('internal error');
      });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve, reject) => server.close((e) => (e ? reject(e) : resolve()))),
  };
}
