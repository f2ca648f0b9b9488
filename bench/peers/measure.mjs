// Runs one Node system's questions (DuckDB or Polars) for bench/run.py, speaking
// the harness protocol that bench/measure.py describes: JSON lines on stdout,
// the parent's verdicts ({"time": true|false}) on stdin. The first run of a
// question is the warm-up and gives the answer; the timed runs follow only when
// the parent says the answer is right. Run node with --expose-gc so that the
// garbage of one run is collected (untimed) before the next.
import readline from 'node:readline';

const emit = (fields) => process.stdout.write(JSON.stringify(fields) + '\n');
const since = (start) => Number(process.hrtime.bigint() - start) / 1e9;
const describe = (error) => String(error?.message ?? error).trim().split('\n')[0].slice(0, 300);
const isOutOfMemory = (text) => /out of memory/i.test(text);
const collectGarbage = () => globalThis.gc?.();
const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};

// The row positions whose values an order-sensitive answer reports: as
// positions() in bench/answers.py, floor((rows - 1) * k / 8) for k = 0..8, without repeats.
const POSITION_STEPS = 8;
export function positions(rows) {
  if (rows <= 0) return [];
  const steps = Array.from({ length: POSITION_STEPS + 1 }, (_, k) => Math.floor(((rows - 1) * k) / POSITION_STEPS));
  return [...new Set(steps)];
}

/// Serves the job in process.argv[2] with `system`:
///   load(job) -> {data, how}                  loads the tables (untimed)
///   questions[suite][id](data) -> result      one run of a question (timed)
///   summarise(result, check, data) -> {rows, sums}
///   valuesAt(result, columns, rows, data) -> {column: [value at each row position]}
///                                             (only for a question with `at` columns)
///   release(result, data)                     frees a result (untimed)
export async function serve(system) {
  const job = JSON.parse(process.argv[2]);
  const verdicts = readline.createInterface({ input: process.stdin })[Symbol.asyncIterator]();
  let loaded;
  const start = process.hrtime.bigint();
  try {
    loaded = await system.load(job);
  } catch (error) {
    emit({ event: 'failed', error: describe(error), oom: isOutOfMemory(describe(error)) });
    return finish();
  }
  emit({ event: 'loaded', seconds: since(start), how: loaded.how });
  const questions = system.questions[job.suite] ?? {};
  for (const question of job.questions) {
    const run = questions[question.id];
    if (!run) {
      emit({ event: 'answer', question: question.id, missing: 'not written for this system' });
      continue;
    }
    if (!(await answer(system, run, question, loaded.data))) continue;
    const verdict = await verdicts.next();
    if (verdict.done || !JSON.parse(verdict.value).time) continue;
    await time(system, run, question, loaded.data, job.runs);
  }
  return finish();
}

async function answer(system, run, question, data) {
  collectGarbage();
  let result = null;
  try {
    result = await run(data);
    const summary = await system.summarise(result, question.check, data);
    if (question.at?.length) {
      const rows = positions(summary.rows);
      summary.at = { positions: rows, values: await system.valuesAt(result, question.at, rows, data) };
    }
    emit({ event: 'answer', question: question.id, answer: summary });
    return true;
  } catch (error) {
    emit({ event: 'answer', question: question.id, error: describe(error), oom: isOutOfMemory(describe(error)) });
    return false;
  } finally {
    if (result !== null) await system.release(result, data);
  }
}

async function time(system, run, question, data, runs) {
  const seconds = [];
  let cpuSeconds = 0;
  try {
    for (let i = 0; i < runs; i++) {
      collectGarbage();
      const start = process.hrtime.bigint();
      const cpuStart = process.cpuUsage();
      const result = await run(data);
      seconds.push(since(start));
      const cpu = process.cpuUsage(cpuStart);
      cpuSeconds += (cpu.user + cpu.system) / 1e6;
      await system.release(result, data);
    }
    const wall = seconds.reduce((a, b) => a + b, 0);
    emit({ event: 'timed', question: question.id, seconds: median(seconds), runs: seconds,
           cores_busy: cpuSeconds / Math.max(wall, 1e-9) });
  } catch (error) {
    emit({ event: 'timed', question: question.id, error: describe(error), oom: isOutOfMemory(describe(error)) });
  }
}

function finish() {
  process.stdout.write('', () => process.exit(0));
}
