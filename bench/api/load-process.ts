/**
 * The load clients in a process of their own (forked by `measureInChild`): the server's thread
 * then serves requests and does nothing else, as in production, where the clients are browsers on
 * other machines. Receives one LoadOptions message, answers with the LoadFigures, and exits.
 */
import { measure, type LoadOptions } from './load';

process.once('message', (options: LoadOptions) => {
  measure(options).then(
    (figures) => process.send!({ figures }, () => process.exit(0)),
    (error: unknown) => process.send!({ error: String((error as Error)?.stack ?? error) }, () => process.exit(1)),
  );
});
