'use strict';

// Peer benchmark: npm bpmn-engine 25.0.1 running the "fork-five-reviews" shape
// (start -> parallel fork -> 5 user tasks -> parallel join -> end), in memory,
// on Node's single main thread, instances run one after another.
//
// Usage: node bench.js [seconds]   (default 10; a 2 s warm-up runs first and is not counted)
//
// Only bpmn-engine's documented API is used: new Engine({ source }), execute({ listener }),
// the listener's 'wait' event, api.signal() and the engine's 'end' / 'error' events.

const fs = require('node:fs');
const path = require('node:path');
const { EventEmitter } = require('node:events');
const { performance } = require('node:perf_hooks');
const { Engine } = require('bpmn-engine');

const EXPECTED_VERSION = '25.0.1';
// bpmn-engine's "exports" map hides its package.json, so read the installed copy directly.
const ENGINE_VERSION = JSON.parse(
  fs.readFileSync(path.join(__dirname, 'node_modules', 'bpmn-engine', 'package.json'), 'utf8')
).version;
const SOURCE = fs.readFileSync(path.join(__dirname, 'fork-five-reviews.bpmn'), 'utf8');
const TASKS_PER_INSTANCE = 5;
const WARMUP_SECONDS = 2;
const INSTANCE_TIMEOUT_MS = 1000;

function parseSeconds(arg) {
  if (arg === undefined) return 10;
  const seconds = Number(arg);
  if (!Number.isFinite(seconds) || seconds <= 0) {
    throw new Error(`the first argument must be a positive number of seconds, got "${arg}"`);
  }
  return seconds;
}

// Runs one process instance to its end: every user task the engine waits on is signalled.
// Resolves once the engine emits 'end'; rejects on an engine error, on a wait that is not
// one of the 5 review tasks, on a wrong number of waits, or after INSTANCE_TIMEOUT_MS.
function runInstance(seq) {
  return new Promise((resolve, reject) => {
    const engine = new Engine({ name: `fork-five-reviews-${seq}`, source: SOURCE });
    const listener = new EventEmitter();
    const waited = new Set();
    let waits = 0;
    let settled = false;

    const finish = (err) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (err) {
        engine.stop().catch(() => {});
        reject(err);
      } else {
        resolve();
      }
    };

    const timer = setTimeout(() => {
      finish(new Error(`instance ${seq} did not complete within ${INSTANCE_TIMEOUT_MS} ms (${waits} user-task waits seen)`));
    }, INSTANCE_TIMEOUT_MS);

    listener.on('wait', (api) => {
      if (api.type !== 'bpmn:UserTask') {
        finish(new Error(`instance ${seq}: unexpected wait on ${api.type} <${api.id}>`));
        return;
      }
      waits++;
      waited.add(api.id);
      // Complete the review task (the equivalent of one task completion in our engine).
      api.signal({ decision: 'approve' });
    });

    engine.once('end', () => {
      if (waits !== TASKS_PER_INSTANCE || waited.size !== TASKS_PER_INSTANCE) {
        finish(new Error(`instance ${seq} ended after ${waits} user-task waits on ${waited.size} distinct tasks, expected ${TASKS_PER_INSTANCE}`));
        return;
      }
      finish();
    });
    engine.once('error', (err) => finish(err instanceof Error ? err : new Error(String(err))));

    engine.execute({ listener }).catch(finish);
  });
}

// Runs instances sequentially until `seconds` have elapsed; returns the count and the elapsed time.
async function runFor(seconds, startSeq) {
  const start = performance.now();
  const deadline = start + seconds * 1000;
  let completed = 0;
  let now = start;
  while (now < deadline) {
    await runInstance(startSeq + completed);
    completed++;
    now = performance.now();
  }
  return { completed, elapsedSeconds: (now - start) / 1000 };
}

async function main() {
  const seconds = parseSeconds(process.argv[2]);
  if (ENGINE_VERSION !== EXPECTED_VERSION) {
    throw new Error(`expected bpmn-engine ${EXPECTED_VERSION}, found ${ENGINE_VERSION}: run npm ci in this folder`);
  }

  const warmup = await runFor(WARMUP_SECONDS, 0);
  const { completed, elapsedSeconds } = await runFor(seconds, warmup.completed);

  const perSecond = Math.round(completed / elapsedSeconds);
  const tasksPerSecond = TASKS_PER_INSTANCE * perSecond;
  console.log(
    `bpmn-engine ${ENGINE_VERSION}, in memory, 1 thread: ${perSecond} instances/s, ` +
      `${tasksPerSecond} task completions/s (${completed} instances in ${elapsedSeconds.toFixed(1)} s)`
  );
}

main().catch((err) => {
  console.error(`bench failed: ${err && err.stack ? err.stack : err}`);
  process.exit(1);
});
