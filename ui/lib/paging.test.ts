import { pagerState } from './paging';

describe('pager of a list whose total may be a lower bound', () => {
  it('counts the pages of an exact total and offers no page beyond the last', () => {
    // given the last of three pages of 45 tasks
    const info = { page: 3, pageSize: 20, total: 45, totalIsLowerBound: false, itemCount: 5 };

    // when the pager is worked out
    const state = pagerState(info);

    // then it shows the exact figures and no next page
    expect(state).toEqual({ totalLabel: '45', pagesLabel: '3', hasPrevious: true, hasNext: false });
  });

  it('shows a capped total as 10000+ and keeps the next page while the page is full', () => {
    // given the last counted page of a list the server stopped counting at 10000, still full
    const info = { page: 500, pageSize: 20, total: 10_000, totalIsLowerBound: true, itemCount: 20 };

    // when the pager is worked out
    const state = pagerState(info);

    // then total and page count are lower bounds and the next page is open
    expect(state).toEqual({ totalLabel: '10000+', pagesLabel: '500+', hasPrevious: true, hasNext: true });
  });

  it('goes on past the counted pages and stops at a page that is not full', () => {
    // given pages beyond the 10000 counted: one full, one with the last rows
    const full = pagerState({ page: 612, pageSize: 20, total: 10_000, totalIsLowerBound: true, itemCount: 20 });
    const last = pagerState({ page: 613, pageSize: 20, total: 10_000, totalIsLowerBound: true, itemCount: 7 });

    // then the page count never reads less than the current page, and only the full page has a next one
    expect([full.pagesLabel, full.hasNext]).toEqual(['612+', true]);
    expect([last.pagesLabel, last.hasNext]).toEqual(['613+', false]);
  });
});
