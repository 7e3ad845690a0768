import fs from 'node:fs';
import path from 'node:path';
import { validateFormData, type FormSchema } from '../../../api/form-validation';

const shipped = (id: string) => JSON.parse(fs.readFileSync(path.resolve('processes/forms', `${id}.form`), 'utf8')) as FormSchema;

describe('server-side form validation (form-js schemas)', () => {
  it('checks every item of a dynamic list; a reason is required only when its condition shows the field', () => {
    // given the shipped comment-disposal form
    const form = shipped('comment-disposal');

    // when
    const valid = validateFormData(
      form,
      {
        comments: [
          { content: '建议明确适用范围', category: 'provision', decision: 'adopted' },
          { content: '建议取消第五条', category: 'legality', decision: 'rejected', reason: '与上位法一致，予以保留' },
        ],
        substantialChange: false,
      },
      {},
    );
    const invalid = validateFormData(
      form,
      { comments: [{ content: '', category: 'weather', decision: 'rejected' }, 'not an object'], substantialChange: 'no' },
      {},
    );

    // then
    expect(valid).toEqual([]);
    expect(invalid).toEqual([
      { field: 'comments[0].content', message: 'is required' },
      { field: 'comments[0].category', message: 'must be one of: legality, feasibility, provision, other' },
      { field: 'comments[0].reason', message: 'is required' },
      { field: 'comments[1]', message: 'must be an object' },
      { field: 'substantialChange', message: 'must be true or false' },
    ]);
  });

  it('applies lengths, patterns, e-mail, number ranges, date formats, options from variables and nested keys', () => {
    // given
    const form: FormSchema = {
      id: 'probe',
      components: [
        { type: 'text', text: '## heading' },
        { type: 'textfield', key: 'number', validate: { required: true, pattern: '^沈政发〔\\d{4}〕\\d+号$' } },
        { type: 'textarea', key: 'summary', validate: { minLength: 4, maxLength: 10 } },
        { type: 'textfield', key: 'contact', validate: { validationType: 'email' } },
        { type: 'number', key: 'amount', validate: { min: 0, max: 100 } },
        { type: 'datetime', subtype: 'date', key: 'day' },
        { type: 'datetime', subtype: 'datetime', key: 'at' },
        { type: 'select', key: 'evaluator', valuesKey: 'evaluators' },
        { type: 'textfield', key: 'applicant.name', validate: { required: true } },
        { type: 'group', components: [{ type: 'checkbox', key: 'vouched', validate: { required: true } }] },
        { type: 'textfield', key: 'locked', readonly: true, validate: { required: true } },
      ],
    };
    const variables = { evaluators: [{ label: '甲', value: 'ev-a' }, { label: '乙', value: 'ev-b' }] };

    // when
    const valid = validateFormData(
      form,
      { number: '沈政发〔2026〕12号', summary: '一二三四五', contact: 'a@b.cn', amount: '55', day: '2026-12-08', at: '2026-12-03T09:30+08:00', evaluator: 'ev-b', applicant: { name: '王' }, vouched: true },
      variables,
    );
    const invalid = validateFormData(
      form,
      { number: '沈政发2026-12', summary: '一二', contact: 'not-mail', amount: 101, day: '2026-13-45', at: 'tomorrow', evaluator: 'ev-z', applicant: {}, vouched: false },
      variables,
    );

    // then
    expect(valid).toEqual([]);
    expect(invalid).toEqual([
      { field: 'number', message: 'must match the pattern ^沈政发〔\\d{4}〕\\d+号$' },
      { field: 'summary', message: 'must be at least 4 characters' },
      { field: 'contact', message: 'must be an e-mail address' },
      { field: 'amount', message: 'must be at most 100' },
      { field: 'day', message: 'must be a date YYYY-MM-DD' },
      { field: 'at', message: 'must be a date-time YYYY-MM-DDTHH:mm' },
      { field: 'evaluator', message: 'must be one of: ev-a, ev-b' },
      { field: 'applicant.name', message: 'is required' },
      { field: 'vouched', message: 'is required' },
    ]);
  });

  it('hides fields by FEEL over the task variables, and refuses names the form does not have', () => {
    // given a form like evaluation-acceptance: the comment shows only when the results are not accepted
    const form: FormSchema = {
      id: 'acceptance',
      components: [
        { type: 'checkbox', key: 'resultsAccepted' },
        { type: 'textarea', key: 'acceptanceComment', conditional: { hide: '=resultsAccepted = true' }, validate: { required: true } },
      ],
    };

    // when
    const accepted = validateFormData(form, { resultsAccepted: true }, {});
    const refused = validateFormData(form, { resultsAccepted: false }, {});
    const smuggled = validateFormData(form, { resultsAccepted: true, documentId: 'doc-other' }, {});

    // then
    expect(accepted).toEqual([]);
    expect(refused).toEqual([{ field: 'acceptanceComment', message: 'is required' }]);
    expect(smuggled).toEqual([{ field: 'documentId', message: "is not a field of form 'acceptance'" }]);
  });
});
