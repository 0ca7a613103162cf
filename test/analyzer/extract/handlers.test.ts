// Entry points beyond HTTP, per module and per seam: socket.io / ws events, schedules, queue consumers.
import { describe, expect, it } from 'vitest';
import { analyze } from '../../../analyzer/analyze.js';
import { extractTree, writeTree } from './tiny-tree.js';

const handlerList = (facts: Awaited<ReturnType<typeof extractTree>>) => (facts.handlers ?? []).map((h) => `${h.kind} ${h.name} ${h.file}:${h.line}`);

describe('non-HTTP entry points', () => {
  it('socket.io and ws handlers, not the plumbing events every emitter has', async () => {
    const facts = await extractTree({
      'server/socket-handlers/monitor.js': [
        'module.exports = (socket, server) => {',
        "  socket.on('add', async (monitor, callback) => callback(await server.add(monitor)));",
        "  socket.on('deleteMonitor', async (id) => server.remove(id));",
        "  socket.on('error', () => {});",
        "  emitter.on('add', () => {});", // an ordinary emitter is not a socket
        '};',
      ].join('\n'),
      'server/ws.js': "const { WebSocketServer } = require('ws');\nconst wss = new WebSocketServer({ port: 8080 });\nwss.on('connection', (ws) => { ws.on('message', (data) => handle(data)); });\n",
    });
    expect(handlerList(facts)).toEqual([
      'socket add server/socket-handlers/monitor.js:2',
      'socket deleteMonitor server/socket-handlers/monitor.js:3',
      'socket connection server/ws.js:3',
      'socket message server/ws.js:3',
    ]);
  });

  it('schedules: cron.schedule, CronJob, node-schedule, agenda, and setInterval only at module top level', async () => {
    const facts = await extractTree({
      'jobs/cron.js': [
        "const cron = require('node-cron');",
        "const { CronJob } = require('cron');",
        "const schedule = require('node-schedule');",
        "cron.schedule('0 * * * *', () => purge());",
        "new CronJob('*/5 * * * *', () => ping()).start();",
        "schedule.scheduleJob('30 2 * * *', () => backup());",
        "agenda.define('send digest', async (job) => send(job));",
        'setInterval(() => heartbeat(), 60000);',
        'function later() { setInterval(() => poll(), 1000); }',
      ].join('\n'),
    });
    expect(handlerList(facts)).toEqual([
      'schedule 0 * * * * jobs/cron.js:4',
      'schedule */5 * * * * jobs/cron.js:5',
      'schedule 30 2 * * * jobs/cron.js:6',
      'schedule send digest jobs/cron.js:7',
      'schedule every 60000 ms jobs/cron.js:8',
    ]);
  });

  it('queue consumers: bull process, bullmq Worker (not a worker thread), amqplib consume, kafkajs run', async () => {
    const facts = await extractTree({
      'queues/visits.js': [
        "visitQueue.process(8, async (job) => record(job.data));",
        "new Worker('emails', async (job) => send(job.data), { connection });",
        "new Worker('./thread.js');",
        "channel.consume('orders.created', (msg) => onOrder(msg));",
        'await consumer.run({ eachMessage: async ({ message }) => handle(message) });',
      ].join('\n'),
    });
    expect(handlerList(facts)).toEqual([
      'queue visitQueue queues/visits.js:1',
      'queue emails queues/visits.js:2',
      'queue orders.created queues/visits.js:4',
      'queue consumer queues/visits.js:5',
    ]);
  });

  it('appear per module and per seam, next to routes', async () => {
    const dir = writeTree({
      'server.js': "const io = require('socket.io')(require('http').createServer().listen(3000));\nconst monitors = require('./monitors/socket');\nio.on('connection', (socket) => monitors(socket));\n",
      'monitors/socket.js': "const repo = require('./repo');\nmodule.exports = (socket) => { socket.on('add', (m) => repo.add(m)); socket.on('list', (cb) => cb(repo.list())); };\n",
      'monitors/repo.js': "const knex = require('knex')({});\nexports.add = (m) => knex('monitors').insert(m);\nexports.list = () => knex('monitors').select();\n",
    });
    const { report } = await analyze({ dir });
    expect(report.modules.find((m) => m.path === 'monitors/socket.js')!.handlers).toEqual(['socket add', 'socket list']);
    const seam = report.seams.find((s) => s.modules.includes('monitors/socket.js'))!;
    expect(seam.handlers).toEqual(expect.arrayContaining(['socket add', 'socket list']));
    expect(report.handlers!.find((h) => h.name === 'add')!.seam).toBe(seam.id);
  });
});
