import dayjs from 'dayjs';

/** `2024-05-20 14:03:11` in the browser's time zone. */
export const formatDateTime = (iso: string) => dayjs(iso).format('YYYY-MM-DD HH:mm:ss');
