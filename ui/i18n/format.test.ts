import { en } from './en';
import { format } from './index';

describe('filling a message', () => {
  it('picks the English singular for one and the plural for any other number', () => {
    // given the English message of the overdue badge
    const message = en['inbox.overdueBy'];

    // when it is filled with 1, 0 and 9 working days
    const filled = [1, 0, 9].map((days) => format(message, { days }));

    // then
    expect(filled).toEqual(['overdue 1 working day', 'overdue 0 working days', 'overdue 9 working days']);
  });

  it('fills plain placeholders next to plural ones and leaves unknown ones as they are', () => {
    // given a message with a plural, a placeholder and a placeholder without a parameter
    const message = '{count, plural, one {# problem} other {# problems}} in {id}, see {where}';

    // when it is filled
    const filled = format(message, { count: 2, id: 'research-deliberation' });

    // then
    expect(filled).toBe('2 problems in research-deliberation, see {where}');
  });

  it('writes every English message with a count as a plural choice, never as "(s)"', () => {
    // when the English messages are searched for the "(s)" shortcut
    const shortcuts = Object.entries(en).filter(([, message]) => message.includes('(s)'));

    // then none is left
    expect(shortcuts).toEqual([]);
  });
});
