/** Regenerates the generated parts of README.md (the engine support table). */
import fs from 'node:fs';
import { withSupportTable } from '../engine/embedded/bpmn/support-markdown';

fs.writeFileSync('README.md', withSupportTable(fs.readFileSync('README.md', 'utf8')));
console.log('README.md support table updated');
