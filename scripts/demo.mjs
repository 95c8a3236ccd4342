// The README's demo: seal a sample secret with a local key through envelope-core's public API
// (from the built package), show the envelope's header (never the key), open it again and check
// the round trip. `pnpm demo` builds the workspace first, then runs this.
import { randomBytes } from 'node:crypto';
import { inspect, LocalKeyProvider, open, seal } from '../packages/envelope-core/dist/index.js';

const secret = 'postgres://app:correct-horse-battery-staple@db.internal:5432/app';
const context = { secret: 'demo/database-url', environment: 'demo' };

// A fresh 32-byte key-encryption key, held only in memory. In real use it comes from a file
// (LocalKeyProvider.fromFile) or a variable (LocalKeyProvider.fromEnv), never from the source.
const kek = randomBytes(32);
const key = LocalKeyProvider.fromBytes(kek);
kek.fill(0);

const envelope = await seal(secret, { providers: [key], context });
console.log(
  `sealed ${Buffer.byteLength(secret)} bytes into a one-line v1 envelope of ${envelope.length} characters`,
);

const header = inspect(envelope);
console.log('\nheader (what anyone can read without the key):');
console.log(JSON.stringify(header, null, 2));

const opened = await open(envelope, {
  providers: [key],
  requiredContext: context,
  subject: 'demo/database-url',
});
const roundTrip = Buffer.from(opened.plaintext).toString('utf8') === secret;
console.log(
  `\nopened with ${opened.provider} key ${opened.keyId}: round trip ${roundTrip ? 'ok' : 'FAILED'}`,
);

// The same envelope refuses a changed context: the context is authenticated.
const moved = envelope.replace('"secret":"demo/database-url"', '"secret":"demo/other-secret"');
const refused = await open(moved, { providers: [key] }).catch((error) => error.code);
console.log(`opening a copy whose context names another secret: ${refused}`);

if (!roundTrip || refused !== 'ERR_DECRYPTION_FAILED') process.exit(1);
