// What a module is about, read from its path: `server/queries/link.queries.js` is about links,
// `routes/api/documents/documents.ts` about documents, `models/FileModel.ts` about files. Folders named
// for a technical role (routes/, models/, queries/…) are layers, not domains: they say how, not what.

/** Folder names that stand for a layer of the code rather than a part of the business. */
const LAYER_WORDS = new Set(
  (
    'api apis app route routes router routers controller controllers handler handlers model models entity entities ' +
    'query queries repo repos repository repositories service services command commands processor processors task tasks ' +
    'job jobs queue queues worker workers presenter presenters serializer serializers policy policies middleware middlewares ' +
    'resolver resolvers graph graphql schema schemas type types util utils helper helpers lib libs common shared core ' +
    'validator validators validation view views template templates module modules src server source components plugins ' +
    'provider providers listener listeners subscriber subscribers migration migrations seed seeds config db database store ' +
    'stores dto interface interfaces v1 v2 v3 v4 internal public index main'
  ).split(' '),
);

/** `cart_items` → `cartitem`, `pageHistory` → `pagehistory`: the words, singular, run together. */
export function subjectKey(name: string): string {
  return words(name).map(singular).join('');
}

/**
 * The subjects a module's file name can be about, longest first: `cart-item-repo.ts` → `cartitemrepo`,
 * `cartitem`, `cart`. Role words at the end are dropped by taking every leading run of words.
 */
export function fileSubjects(path: string): string[] {
  const file = path.split('/').pop()!.replace(/\.[^.]+$/, '');
  const ws = words(file).map(singular);
  const out: string[] = [];
  for (let n = ws.length; n >= 1; n--) if (!LAYER_WORDS.has(ws.slice(0, n).join(''))) out.push(ws.slice(0, n).join(''));
  return out;
}

/** The first folder below `root` that is not a layer (`routes/api/documents/x.ts` → `documents`), or undefined. */
export function domainFolder(path: string, root: string): string | undefined {
  const rest = root && path.startsWith(`${root}/`) ? path.slice(root.length + 1) : path;
  const folders = rest.split('/').slice(0, -1);
  const i = folders.findIndex((f) => !isLayerFolder(f));
  return i < 0 ? undefined : folders.slice(0, i + 1).join('/');
}

function isLayerFolder(name: string): boolean {
  return LAYER_WORDS.has(name.toLowerCase()) || LAYER_WORDS.has(subjectKey(name));
}

function words(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
}

function singular(word: string): string {
  if (word.length > 4 && word.endsWith('ies')) return `${word.slice(0, -3)}y`;
  if (word.length > 4 && /(ss|x|ch|sh)es$/.test(word)) return word.slice(0, -2);
  if (word.length > 3 && word.endsWith('s') && !word.endsWith('ss')) return word.slice(0, -1);
  return word;
}
