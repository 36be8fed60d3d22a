/** The entry of a sweep worker thread (dist/tcp-sweep-worker.cjs): runs the task it is given and posts the reply. */
import { parentPort, workerData } from 'node:worker_threads';
import { runSweepTask, type SweepTask } from './tcp-sweep-task.js';

void runSweepTask(workerData as SweepTask).then((reply) => parentPort?.postMessage(reply));
