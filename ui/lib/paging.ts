/** What a pager shows for a page of a list whose total may be only a lower bound (`GET /api/tasks`). */

export interface PageInfo {
  page: number;
  pageSize: number;
  /** Matching rows; with `totalIsLowerBound` at least this many (the server stops counting at 10000). */
  total: number;
  totalIsLowerBound?: boolean;
  /** Rows on this page: with a lower-bound total, a full page means there may be a next one. */
  itemCount: number;
}

export interface PagerState {
  /** The total as shown: `10000+` when it is a lower bound. */
  totalLabel: string;
  /** The page count as shown: `500+` when the total is a lower bound. */
  pagesLabel: string;
  hasPrevious: boolean;
  hasNext: boolean;
}

/**
 * The pager of one page. An exact total gives the page count; a lower-bound total gives at least
 * that many pages (never fewer than the current one), and a next page while this one is full.
 */
export function pagerState(info: PageInfo): PagerState {
  const { page, pageSize, total, totalIsLowerBound, itemCount } = info;
  const counted = Math.max(1, Math.ceil(total / pageSize));
  if (totalIsLowerBound) {
    return {
      totalLabel: `${total}+`,
      pagesLabel: `${Math.max(counted, page)}+`,
      hasPrevious: page > 1,
      hasNext: itemCount >= pageSize,
    };
  }
  return { totalLabel: String(total), pagesLabel: String(counted), hasPrevious: page > 1, hasNext: page < counted };
}
