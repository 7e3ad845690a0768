import fs from 'node:fs';
import { withSupportTable } from './support-markdown';

describe('README support table', () => {
  it('matches the engine support table (run `npm run docs` after changing support.ts)', () => {
    // given the README as committed
    const readme = fs.readFileSync('README.md', 'utf8');
    // when the table is regenerated
    const regenerated = withSupportTable(readme);
    // then nothing changes
    expect(regenerated).toBe(readme);
  });
});
