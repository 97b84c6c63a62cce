/**
 * The entry stays tiny: on a direct visit (a link, a reload) the shell's code and the code of the
 * page asked for start loading at once, side by side, instead of the page's after the shell's.
 */
import { preloadRoute } from './pages/route-preload';

preloadRoute(window.location.pathname);
void import('./render-app');
