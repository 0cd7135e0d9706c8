#!/usr/bin/env node
// Reads one addressee's queue of the approvals service, as a department's own system would, using only the
// wire conventions in the README ("Messages to departments (wire conventions)"): a durable queue bound to the
// durable topic exchange `approvals.departments`, plain JSON bodies, at-least-once delivery.
//
// Environment:
//   AMQP_URL          amqp://user:password@host:5672/vhost (required)
//   DEPARTMENT_QUEUE  e.g. approvals.department.330421.agriculture-rural (required)
//   PROJECT_ID        only this project's messages count (optional: without it, any message does)
//   WAIT_SECONDS      how long to wait for one (default 30)
//
// Prints the first message of the project as one JSON line (the documented envelope fields only), acks it and
// exits 0; exits 1 when none came within WAIT_SECONDS or the broker could not be used, 2 on bad settings.
// Other projects' messages are not acked: they go back to the queue when this program disconnects.
'use strict';

const amqp = require('amqplib');

const EXCHANGE = 'approvals.departments';
const QUEUE_PREFIX = 'approvals.';
const FIELDS = ['messageId', 'type', 'occurredAt', 'projectId', 'projectName', 'instanceId', 'definition',
  'stepId', 'stepName', 'item', 'addressee', 'taskId', 'dueAt', 'taskLink', 'data'];

function fail(code, text) {
  process.stderr.write(`read-department-queue: ${text}\n`);
  process.exit(code);
}

const url = process.env.AMQP_URL;
const queue = process.env.DEPARTMENT_QUEUE;
const projectId = process.env.PROJECT_ID || null;
const waitSeconds = Number(process.env.WAIT_SECONDS || '30');
if (!url) fail(2, 'AMQP_URL is not set (amqp://user:password@host:5672/vhost)');
if (!queue || !queue.startsWith(QUEUE_PREFIX) || queue.split('.').length !== 4) {
  fail(2, `DEPARTMENT_QUEUE must be approvals.{kind}.{jurisdiction}.{code}, not '${queue || ''}'`);
}
if (!Number.isFinite(waitSeconds) || waitSeconds <= 0) fail(2, `WAIT_SECONDS must be a positive number, not '${process.env.WAIT_SECONDS}'`);

// The queue approvals.{kind}.{jurisdiction}.{code} is bound with {kind}.{jurisdiction}.{code}.#
const binding = `${queue.slice(QUEUE_PREFIX.length)}.#`;

function envelope(message) {
  const out = {};
  for (const field of FIELDS) {
    out[field] = message[field] === undefined ? null : message[field];
  }
  if (out.addressee) {
    const { kind = null, code = null, jurisdiction = null } = out.addressee;
    out.addressee = { kind, code, jurisdiction };
  }
  return out;
}

async function main() {
  const connection = await amqp.connect(url);
  connection.on('error', (error) => fail(1, `connection error: ${error.message}`));
  const channel = await connection.createChannel();
  channel.on('error', (error) => fail(1, `channel error: ${error.message}`));

  // The service declares these at start; declaring them again with the same properties changes nothing, and
  // lets this client start first. A different declaration would be refused by the broker (PRECONDITION_FAILED).
  await channel.assertExchange(EXCHANGE, 'topic', { durable: true, autoDelete: false });
  await channel.assertQueue(queue, { durable: true, exclusive: false, autoDelete: false });
  await channel.bindQueue(queue, EXCHANGE, binding);

  let finished = false;
  let timer = null;
  const finish = async (code, text) => {
    if (finished) return;
    finished = true;
    clearTimeout(timer);
    if (text) process.stderr.write(`read-department-queue: ${text}\n`);
    process.exitCode = code;
    try {
      // Whatever is still unacknowledged (other projects' messages) goes back to the queue.
      await channel.close();
      await connection.close();
    } catch (error) {
      process.stderr.write(`read-department-queue: closing: ${error.message}\n`);
    }
    process.exit(code);
  };

  timer = setTimeout(() => {
    finish(1, `no message${projectId ? ` of project ${projectId}` : ''} on ${queue} within ${waitSeconds} s`);
  }, waitSeconds * 1000);

  // No prefetch limit: messages of other projects are held (not acked) until this program leaves, so they never
  // stop this project's message from reaching it.
  await channel.consume(queue, (delivery) => {
    if (delivery === null) {
      finish(1, `the broker cancelled the consumer of ${queue}`);
      return;
    }
    if (finished) return;

    let message;
    try {
      message = JSON.parse(delivery.content.toString('utf8'));
    } catch (error) {
      process.stderr.write(`read-department-queue: skipped a body that is not JSON: ${error.message}\n`);
      return;
    }

    if (projectId !== null && message.projectId !== projectId) {
      return;
    }

    process.stdout.write(`${JSON.stringify(envelope(message))}\n`);
    channel.ack(delivery);
    finish(0);
  }, { noAck: false });

  process.stderr.write(`read-department-queue: consuming ${queue}\n`);
}

main().catch((error) => fail(1, error.message));
