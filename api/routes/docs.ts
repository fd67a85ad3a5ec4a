/** /api/openapi.json and /api/docs (Swagger UI from swagger-ui-dist, no CDN: the centre may be offline). */
import { createRequire } from 'node:module';
import path from 'node:path';
import express from 'express';
import { buildOpenApi } from '../openapi.js';

const require = createRequire(import.meta.url);
const UI_DIR = path.dirname(require.resolve('swagger-ui-dist/package.json'));

const PAGE = `<!doctype html>
<html lang="vi"><head><meta charset="utf-8"><title>motcua API</title>
<link rel="stylesheet" href="/api/docs/swagger-ui.css"></head>
<body><div id="ui"></div>
<script src="/api/docs/swagger-ui-bundle.js"></script>
<script src="/api/docs/init.js"></script></body></html>`;

const INIT = `window.ui = SwaggerUIBundle({ url: '/api/openapi.json', dom_id: '#ui', deepLinking: true, persistAuthorization: true });`;

export function createDocsRouter(): express.Router {
  const router = express.Router();
  const doc = JSON.stringify(buildOpenApi());
  router.get('/openapi.json', (_req, res) => {
    res.type('application/json').send(doc);
  });
  router.get('/docs', (req, res, next) => {
    // /api/docs → /api/docs/ would break relative paths; the page uses absolute ones.
    if (req.path !== '/docs') return next();
    res.type('html').send(PAGE);
  });
  router.get('/docs/init.js', (_req, res) => {
    res.type('application/javascript').send(INIT);
  });
  router.use('/docs', express.static(UI_DIR, { index: false, maxAge: '1d' }));
  return router;
}
