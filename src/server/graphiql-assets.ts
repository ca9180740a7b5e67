import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { brotliCompress, constants as zlib, gzip } from 'node:zlib';
import type { GraphiQLOptions, Plugin } from 'graphql-yoga';

/**
 * GraphiQL's assets (about 9 MB of script, style, Monaco workers and icon, bundled by
 * @graphql-yoga/render-graphiql, so no CDN is needed) served as separate files under
 * `graphiql-assets/`, beside a page of a few kilobytes: each file is named by its content hash and
 * cached by browsers for a year (`immutable`), answered 304 to a matching `If-None-Match`, and sent
 * brotli- or gzip-compressed when the client accepts it (compressed once, on first request).
 *
 * The bundle module is loaded on the first GraphiQL request, never when GraphiQL is off: loading
 * it costs about 46 MB of memory.
 */

/** Where the assets are served, relative to the GraphiQL page (`/graphql`). */
export const GRAPHIQL_ASSETS_PATH = '/graphiql-assets/';
const YEAR_SECONDS = 365 * 24 * 60 * 60;

interface GraphiQLBundle {
  js: string;
  css: string;
  favicon: string;
  editorWorkerService: string;
  jsonWorker: string;
  graphqlWorker: string;
}

interface Asset {
  name: string;
  type: string;
  body: Buffer;
  hash: string;
  encoded: Partial<Record<'br' | 'gzip', Promise<Buffer>>>;
}

interface Assets {
  byName: Map<string, Asset>;
  url: Record<'js' | 'css' | 'favicon' | 'editorWorkerService' | 'json' | 'graphql', string>;
}

/**
 * The package exports only `renderGraphiQL`, which inlines everything; its bundle module, next to
 * the entry point, holds the same assets as strings.
 */
function loadBundle(): GraphiQLBundle {
  const require = createRequire(import.meta.url);
  return require(join(dirname(require.resolve('@graphql-yoga/render-graphiql')), 'graphiql.js')) as GraphiQLBundle;
}

function asset(base: string, ext: string, type: string, body: Buffer): Asset {
  const hash = createHash('sha256').update(body).digest('base64url').slice(0, 16);
  return { name: `${base}.${hash}.${ext}`, type, body, hash, encoded: {} };
}

let loaded: Assets | undefined;

function assets(): Assets {
  if (loaded) return loaded;
  const bundle = loadBundle();
  const favicon = /^data:([^;,]+);base64,(.*)$/s.exec(bundle.favicon);
  const js = 'text/javascript; charset=utf-8';
  const list = {
    js: asset('graphiql', 'js', js, Buffer.from(bundle.js)),
    css: asset('graphiql', 'css', 'text/css; charset=utf-8', Buffer.from(bundle.css)),
    editorWorkerService: asset('editor.worker', 'js', js, Buffer.from(bundle.editorWorkerService)),
    json: asset('json.worker', 'js', js, Buffer.from(bundle.jsonWorker)),
    graphql: asset('graphql.worker', 'js', js, Buffer.from(bundle.graphqlWorker)),
    favicon: asset('favicon', 'ico', favicon?.[1] ?? 'image/x-icon', Buffer.from(favicon?.[2] ?? '', 'base64')),
  };
  const relative = (a: Asset) => `${GRAPHIQL_ASSETS_PATH.slice(1)}${a.name}`;
  loaded = {
    byName: new Map(Object.values(list).map((a) => [a.name, a])),
    url: {
      js: relative(list.js),
      css: relative(list.css),
      favicon: relative(list.favicon),
      editorWorkerService: relative(list.editorWorkerService),
      json: relative(list.json),
      graphql: relative(list.graphql),
    },
  };
  return loaded;
}

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
/** JSON inside a <script>: `<` escaped so that no string can close the script element. */
const scriptJson = (value: unknown) => JSON.stringify(value).replace(/</g, '\\u003c');

/** GraphiQL's page: the same start-up as @graphql-yoga/render-graphiql's, with the assets as files. */
export function renderGraphiQLPage(options: GraphiQLOptions): string {
  const { url } = assets();
  return `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <title>${escapeHtml(options.title || 'Yoga GraphiQL')}</title>
    <link rel="icon" href="${escapeHtml(options.favicon || url.favicon)}" />
    <link rel="stylesheet" href="${url.css}" />
  </head>
  <body id="body" class="no-focus-outline">
    <noscript>You need to enable JavaScript to run this app.</noscript>
    <div id="root"></div>
    <script>
      const workers = ${scriptJson({ editorWorkerService: url.editorWorkerService, json: url.json, graphql: url.graphql })};
      self['MonacoEnvironment'] = {
        globalAPI: false,
        getWorkerUrl: function (moduleId, label) {
          return new URL(workers[label], window.location.href).href;
        },
      };
    </script>
    <script src="${url.js}"></script>
    <script>
      YogaGraphiQL.renderYogaGraphiQL(
        window.document.querySelector('#root'),
        ${scriptJson(options)},
      );
    </script>
  </body>
</html>
`;
}

const compressors = {
  br: (body: Buffer) => promisify(brotliCompress)(body, { params: { [zlib.BROTLI_PARAM_QUALITY]: 5 } }),
  gzip: (body: Buffer) => promisify(gzip)(body),
};

/** The encoding to send: brotli, then gzip, when the client accepts it (`;q=0` refuses one). */
function chooseEncoding(acceptEncoding: string | null): 'br' | 'gzip' | undefined {
  const accepted = new Set(
    (acceptEncoding ?? '')
      .split(',')
      .map((part) => part.trim().split(';'))
      .filter(([, q]) => !q || !/^\s*q\s*=\s*0(\.0*)?\s*$/.test(q))
      .map(([name]) => name.trim().toLowerCase()),
  );
  if (accepted.has('br')) return 'br';
  if (accepted.has('gzip')) return 'gzip';
  return undefined;
}

/** Serves GET/HEAD `/graphiql-assets/<name>` (only the assets of the current bundle; anything else is 404). */
export function useGraphiQLAssets(): Plugin {
  return {
    async onRequest({ request, url, fetchAPI, endResponse }) {
      if (!url.pathname.startsWith(GRAPHIQL_ASSETS_PATH)) return;
      const found = request.method === 'GET' || request.method === 'HEAD' ? assets().byName.get(url.pathname.slice(GRAPHIQL_ASSETS_PATH.length)) : undefined;
      if (!found) {
        endResponse(new fetchAPI.Response('Not found', { status: 404, headers: { 'content-type': 'text/plain; charset=utf-8' } }));
        return;
      }
      const encoding = chooseEncoding(request.headers.get('accept-encoding'));
      const etag = `"${found.hash}${encoding ? `-${encoding}` : ''}"`;
      const headers: Record<string, string> = {
        'content-type': found.type,
        // The name changes with the content: the file at a name never does.
        'cache-control': `public, max-age=${YEAR_SECONDS}, immutable`,
        etag,
        vary: 'Accept-Encoding',
      };
      const ifNoneMatch = request.headers.get('if-none-match');
      if (ifNoneMatch && ifNoneMatch.split(',').some((tag) => tag.trim().replace(/^W\//, '') === etag || tag.trim() === '*')) {
        endResponse(new fetchAPI.Response(null, { status: 304, headers }));
        return;
      }
      let body = found.body;
      if (encoding) {
        body = await (found.encoded[encoding] ??= compressors[encoding](found.body));
        headers['content-encoding'] = encoding;
      }
      headers['content-length'] = String(body.length);
      endResponse(new fetchAPI.Response(request.method === 'HEAD' ? null : new Uint8Array(body), { status: 200, headers }));
    },
  };
}
