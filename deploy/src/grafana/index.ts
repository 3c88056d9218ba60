// Every Coope dashboard, in the order Grafana lists them.
import { api } from './api.js';
import { collab } from './collab.js';
import { media } from './media.js';
import { overview } from './overview.js';
import type { DashboardSpec } from './render.js';
import { signaling } from './signaling.js';

export const dashboards: readonly DashboardSpec[] = [overview, media, signaling, api, collab];
export { type DashboardSpec, renderDashboard } from './render.js';
