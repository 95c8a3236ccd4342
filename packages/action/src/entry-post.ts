// The bundle's post entry (ncc input, compiled to dist/entry-post.js): blanks what the main step
// exported. Its own bundle, so the post step loads neither the AWS SDK nor envelope-core.
import { runPost } from './post.js';

await runPost();
