// Preloaded with NODE_OPTIONS=--import by the benchmark: writes the child's peak RSS (KiB, from
// getrusage) to EK_RSS_FILE when it exits, without touching the bundle. With EK_MEM_TRACE set, it
// also samples process.memoryUsage() every 5 ms and prints the peak of each part to stderr (to see
// whether the peak is heap, Buffers or code).
import { writeFileSync } from 'node:fs';

const peak = { rss: 0, heapUsed: 0, heapTotal: 0, external: 0, arrayBuffers: 0 };
if (process.env.EK_MEM_TRACE) {
  setInterval(() => {
    const m = process.memoryUsage();
    for (const k of Object.keys(peak)) peak[k] = Math.max(peak[k], m[k]);
  }, 5).unref();
}
process.on('exit', () => {
  if (process.env.EK_RSS_FILE) writeFileSync(process.env.EK_RSS_FILE, String(process.resourceUsage().maxRSS));
  if (process.env.EK_MEM_TRACE) {
    const mib = Object.entries(peak).map(([k, v]) => `${k}=${(v / 2 ** 20).toFixed(0)}MiB`);
    writeFileSync(process.env.EK_MEM_TRACE, `${mib.join(' ')}\n`, { flag: 'a' });
  }
});
