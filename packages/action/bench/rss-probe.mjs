// Preloaded with NODE_OPTIONS=--import by the benchmark: writes the child's peak RSS (KiB, from
// getrusage) to EK_RSS_FILE when it exits, without touching the bundle.
import { writeFileSync } from 'node:fs';

process.on('exit', () => {
  if (process.env.EK_RSS_FILE) writeFileSync(process.env.EK_RSS_FILE, String(process.resourceUsage().maxRSS));
});
