// Entry points beyond HTTP: socket.io / ws event handlers (`socket.on('add', fn)`), scheduled jobs
// (`cron.schedule`, `new CronJob`, `schedule.scheduleJob`, agenda, `setInterval` at module top level)
// and queue consumers (bull `queue.process`, bullmq `new Worker`, amqplib `channel.consume`, kafkajs
// `consumer.run`, NATS `subscribe`). A seam's real surface is these as much as its routes.
import ts from './typescript.cjs';
import type { HandlerFact } from '../types.js';

// Receivers that are a socket or a socket server: `socket`, `io`, `ws`, `client`, `this.socket`, `nsp`.
const SOCKET_RECEIVER = /(^|\.)(\w*socket|io|ws|wss|client|conn|connection|nsp|namespace)$/i;
// Events every emitter has: plumbing, not an API.
const PLUMBING_EVENTS = new Set(['error', 'close', 'end', 'drain', 'finish', 'listening', 'connect_error', 'ping', 'pong']);
const QUEUE_RECEIVER = /(queue|worker|channel|chan|ch|consumer|subscriber)$/i;

/** Every non-HTTP handler registration in one file, in source order. */
export function extractHandlers(rel: string, sf: ts.SourceFile): HandlerFact[] {
  if (!/\.on\(|schedule|CronJob|setInterval|\.process\(|Worker|consume\(|\.run\(|subscribe\(|\.define\(|\.every\(/.test(sf.text)) return [];
  const found: HandlerFact[] = [];
  const add = (kind: HandlerFact['kind'], name: string, node: ts.Node) =>
    found.push({ kind, name, file: rel, line: sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1 });
  const visit = (node: ts.Node): void => {
    if (ts.isCallExpression(node)) classifyCall(node, sf, add);
    else if (ts.isNewExpression(node)) classifyNew(node, add);
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return found;
}

type Add = (kind: HandlerFact['kind'], name: string, node: ts.Node) => void;

function classifyCall(call: ts.CallExpression, sf: ts.SourceFile, add: Add): void {
  const callee = call.expression;
  const [first, second] = call.arguments;
  if (ts.isIdentifier(callee) && callee.text === 'setInterval' && isTopLevel(call)) {
    const ms = second ? second.getText(sf) : '?';
    add('schedule', `every ${ms} ms`, call);
    return;
  }
  if (!ts.isPropertyAccessExpression(callee)) return;
  const method = callee.name.text;
  const receiver = dotted(callee.expression);
  const name = first ? literal(first) : undefined;
  if (method === 'on' && name !== undefined && second && isFunctionLike(second) && SOCKET_RECEIVER.test(receiver) && !PLUMBING_EVENTS.has(name)) {
    add('socket', name, call);
  } else if (method === 'schedule' && /cron$/i.test(receiver) && name !== undefined) add('schedule', name, call);
  else if (method === 'scheduleJob' && first) add('schedule', name ?? literalText(first, sf), call);
  else if ((method === 'define' || method === 'every') && /agenda$/i.test(receiver) && name !== undefined) add('schedule', method === 'every' ? `${name} ${second ? literal(second) ?? '' : ''}`.trim() : name, call);
  else if (method === 'process' && QUEUE_RECEIVER.test(receiver) && call.arguments.some(isFunctionLike)) add('queue', name ?? receiver, call);
  else if (method === 'consume' && QUEUE_RECEIVER.test(receiver) && name !== undefined) add('queue', name, call);
  else if (method === 'run' && /consumer$/i.test(receiver) && first && ts.isObjectLiteralExpression(first)) add('queue', receiver, call);
  else if (method === 'subscribe' && /^(nc|nats|natsConnection|bus)$/i.test(receiver.split('.').pop() ?? '') && name !== undefined) add('queue', name, call);
}

function classifyNew(node: ts.NewExpression, add: Add): void {
  const name = ts.isIdentifier(node.expression) ? node.expression.text : ts.isPropertyAccessExpression(node.expression) ? node.expression.name.text : '';
  const first = node.arguments?.[0];
  const value = first ? literal(first) : undefined;
  if (name === 'CronJob' && value !== undefined) add('schedule', value, node);
  else if (name === 'Worker' && value !== undefined && node.arguments!.length >= 2) add('queue', value, node); // bullmq; a worker thread takes one argument
}

/** `setInterval(...)` as a statement of the module itself (not inside a function): it runs when the server starts. */
function isTopLevel(node: ts.Node): boolean {
  for (let p = node.parent; p; p = p.parent) {
    if (ts.isSourceFile(p)) return true;
    if (ts.isFunctionLike(p) || ts.isClassLike(p)) return false;
  }
  return false;
}

function isFunctionLike(node: ts.Node): boolean {
  return ts.isArrowFunction(node) || ts.isFunctionExpression(node) || ts.isIdentifier(node) || ts.isPropertyAccessExpression(node);
}

function literal(node: ts.Node): string | undefined {
  return ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node) ? node.text : undefined;
}

function literalText(node: ts.Node, sf: ts.SourceFile): string {
  const text = node.getText(sf).replace(/\s+/g, ' ');
  return text.length > 40 ? `${text.slice(0, 37)}...` : text;
}

function dotted(expr: ts.Expression): string {
  if (ts.isIdentifier(expr)) return expr.text;
  if (expr.kind === ts.SyntaxKind.ThisKeyword) return 'this';
  if (ts.isPropertyAccessExpression(expr)) return `${dotted(expr.expression)}.${expr.name.text}`;
  return '';
}
