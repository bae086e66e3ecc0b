// nginx from Debian, started by the test on a free port on 127.0.0.1, serving
// the release dist/ at / and under /tools/training/ with the strict CSP that
// README.md documents, and the caching a host should use.
import { spawn, ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DIST } from './fixtures';

export const NGINX = '/usr/sbin/nginx';

/** The Content-Security-Policy documented in README.md, for an API origin. */
export function strictCsp(apiOrigin: string): string {
  return [
    "default-src 'none'",
    "script-src 'self' 'wasm-unsafe-eval'",
    "style-src 'self'",
    `connect-src 'self' ${apiOrigin}`,
    "img-src 'self' data:",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

export class Nginx {
  constructor(public url: string, private child: ChildProcess, private dir: string) {}

  static async start(csp: string): Promise<Nginx> {
    const port = await freePort();
    const dir = mkdtempSync(path.join(tmpdir(), 'tt-nginx-'));
    const headers = `
      add_header Content-Security-Policy "${csp}" always;
      add_header X-Content-Type-Options nosniff always;
      add_header Referrer-Policy no-referrer always;`;
    const caching = `
      location ~ "-[0-9a-f]{16}(_bg)?\\.(js|wasm|css)$" {
        ${headers}
        add_header Cache-Control "public, max-age=31536000, immutable" always;
      }
      location ~ \\.html$|/$ {
        ${headers}
        add_header Cache-Control "no-cache" always;
      }`;
    // Started as root (CI, a fresh machine), nginx runs its workers as
    // another user, who cannot read a checkout in a private folder (mktemp -d,
    // /root): the workers then run as the user who started it.
    const user = process.getuid?.() === 0 ? 'user root;' : '';
    const conf = `
daemon off;
${user}
worker_processes 1;
pid ${dir}/nginx.pid;
error_log stderr error;
events { worker_connections 64; }
http {
  include /etc/nginx/mime.types;
  access_log off;
  client_body_temp_path ${dir}/body;
  proxy_temp_path ${dir}/proxy;
  fastcgi_temp_path ${dir}/fastcgi;
  uwsgi_temp_path ${dir}/uwsgi;
  scgi_temp_path ${dir}/scgi;
  server {
    listen 127.0.0.1:${port};
    ${headers}
    location /tools/training/ {
      alias ${DIST}/;
      ${caching}
    }
    location / {
      root ${DIST};
      ${caching}
    }
  }
}`;
    writeFileSync(path.join(dir, 'nginx.conf'), conf);
    const child = spawn(NGINX, ['-p', dir, '-c', path.join(dir, 'nginx.conf')], { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout!.on('data', (d) => (output += d));
    child.stderr!.on('data', (d) => (output += d));
    const url = `http://127.0.0.1:${port}`;
    for (let i = 0; i < 100; i++) {
      try {
        const r = await fetch(`${url}/index.html`);
        if (r.ok) return new Nginx(url, child, dir);
      } catch {
        /* not yet */
      }
      if (child.exitCode !== null) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    child.kill();
    throw new Error(`nginx did not start: ${output}`);
  }

  stop(): void {
    this.child.kill('SIGTERM');
    rmSync(this.dir, { recursive: true, force: true });
  }
}
