import dayjs from 'dayjs';
import relativeTime from 'dayjs/plugin/relativeTime';

dayjs.extend(relativeTime);

/** "3 分钟前" / "3 minutes ago", in the current dayjs locale; `now` for tests. */
export const timeAgo = (iso: string, now: Date = new Date()) => dayjs(iso).from(dayjs(now));
