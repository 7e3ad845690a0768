import pino from 'pino';
import { OrderedWriter } from './ordered-writer';

const silent = pino({ level: 'silent' });

describe('OrderedWriter', () => {
  it('writes in arrival order in batches and retries a failed batch before anything after it', async () => {
    // given a database that refuses the first write
    const written: number[][] = [];
    let refusals = 1;
    const writer = new OrderedWriter<number>(
      async (batch) => {
        if (refusals-- > 0) throw new Error('connection refused');
        written.push([...batch]);
      },
      silent,
      { batch: 2, failure: 'could not write' },
    );

    // when five items arrive
    for (const n of [1, 2, 3, 4, 5]) writer.push(n);
    await writer.idle();

    // then every item is written once, in order, two at a time, after the retry
    expect(written).toEqual([[1, 2], [3, 4], [5]]);
  });

  it('holds items until released, and takes nothing after stop', async () => {
    // given
    const written: string[] = [];
    const writer = new OrderedWriter<string>(async (batch) => void written.push(...batch), silent, { batch: 10, failure: 'could not write', held: true });

    // when items arrive while held
    writer.push('a');
    writer.push('b');
    await writer.idle();

    // then nothing is written until release
    expect(written).toEqual([]);
    writer.release();
    await writer.idle();
    expect(written).toEqual(['a', 'b']);

    // and after stop nothing more is taken
    await writer.stop(1000);
    writer.push('c');
    await writer.idle();
    expect(written).toEqual(['a', 'b']);
  });

  it('stop gives up waiting for a database that keeps failing', async () => {
    // given
    const writer = new OrderedWriter<number>(async () => Promise.reject(new Error('down')), silent, { batch: 1, failure: 'could not write' });
    writer.push(1);

    // when / then stop settles although the item was never written
    await expect(writer.stop(300)).resolves.toBeUndefined();
  });
});
