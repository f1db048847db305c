import type { RouteObject } from 'react-router';

/** This feature's pages, relative to its face's root (filled in by the feature). */
export const routes: RouteObject[] = [];
